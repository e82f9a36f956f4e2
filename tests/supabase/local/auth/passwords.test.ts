import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GOTRUE_HASH_COST } from "../../../../supabase/local/auth/passwords.ts";
import type { LocalStack } from "../../../../supabase/local/stack.ts";
import { startTestStack } from "../../../support/local-stack.ts";
import { anonClient, PASSWORD, serviceClient, signUpNewUser, uniqueEmail } from "./clients.ts";

let stack: LocalStack;

beforeAll(async () => {
  // GoTrue's cost, not the test stacks' quick one: these tests are about what it costs.
  stack = await startTestStack({ passwordHashCost: GOTRUE_HASH_COST });
});

afterAll(async () => {
  await stack.db.close();
});

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? 0;

async function timedSignIn(email: string, password: string) {
  const started = performance.now();
  const { error } = await anonClient(stack).auth.signInWithPassword({ email, password });
  return { ms: performance.now() - started, error };
}

describe("password hashing", () => {
  it("writes GoTrue's bcrypt format and signs in users whose hash pgcrypto wrote", async () => {
    const { email } = await signUpNewUser(stack);
    const { rows } = await stack.db.query<{ hash: string }>(
      "select encrypted_password as hash from auth.users where email = $1",
      [email],
    );
    expect(rows[0]?.hash).toMatch(/^\$2a\$10\$[./A-Za-z0-9]{53}$/);

    const seeded = uniqueEmail("seeded");
    const { data } = await serviceClient(stack).auth.admin.createUser({ email: seeded, email_confirm: true });
    await stack.db.query(
      "update auth.users set encrypted_password = extensions.crypt($2, extensions.gen_salt('bf', 10)) where id = $1",
      [data.user?.id, PASSWORD],
    );
    const { error } = await anonClient(stack).auth.signInWithPassword({ email: seeded, password: PASSWORD });
    expect(error).toBeNull();
    // pgcrypto's bcrypt runs in WASM: a second or more on a busy machine.
  }, 30_000);

  it("takes as long to refuse an unknown e-mail as a wrong password for a registered one", async () => {
    const { email } = await signUpNewUser(stack);
    // The first sign-ins warm up code paths and caches: not what an attacker would measure.
    for (let warmUp = 0; warmUp < 2; warmUp++) {
      await timedSignIn(email, "not the password");
      await timedSignIn(uniqueEmail("nobody"), "not the password");
    }
    const known: number[] = [];
    const unknown: number[] = [];
    // Alternating, so machine load drifts over both series alike; 15 pairs, because another
    // test file running beside this one makes single sign-ins 20 % slower or faster.
    for (let attempt = 0; attempt < 15; attempt++) {
      const wrong = await timedSignIn(email, "not the password");
      const missing = await timedSignIn(uniqueEmail("nobody"), "not the password");
      expect(wrong.error?.message).toBe("Invalid login credentials");
      expect(missing.error?.message).toBe("Invalid login credentials");
      known.push(wrong.ms);
      unknown.push(missing.ms);
    }
    const gap = Math.abs(median(known) - median(unknown)) / Math.max(median(known), median(unknown));
    // Without the dummy hash an unknown e-mail answers in a few ms against ~70: a gap near 1.
    // A busy CI machine has shown 0.22 between the two medians of the same work.
    expect(gap).toBeLessThan(0.35);
  });

  it("keeps answering other requests while passwords are checked", async () => {
    const { email } = await signUpNewUser(stack);
    let signInsDone = false;
    const signIns = Promise.all(
      Array.from({ length: 3 }, () => anonClient(stack).auth.signInWithPassword({ email, password: PASSWORD })),
    ).finally(() => {
      signInsDone = true;
    });
    // A read answered while the sign-ins were still hashing proves they did not hold the database.
    const { error } = await serviceClient(stack).from("profiles").select("id").limit(1);
    expect(error).toBeNull();
    expect(signInsDone).toBe(false);
    for (const result of await signIns) expect(result.error).toBeNull();
  });
});
