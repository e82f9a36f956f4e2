import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { servePostgres } from "../../../supabase/local/postgres-server.ts";
import type { LocalStack } from "../../../supabase/local/stack.ts";
import { startTestStack, supabaseAs } from "../../support/local-stack";
import { findPostgresBin } from "../postgres-cluster";

const bin = findPostgresBin();
let stack: LocalStack;
let server: Awaited<ReturnType<typeof servePostgres>>;

/** Runs a script through psql's stdin, so each statement goes to the server as its own message. */
function psql(script: string) {
  const client = spawn(
    `${bin}/psql`,
    [`postgresql://postgres@${server.getServerConn()}/postgres`, "-XAtq", "-v", "ON_ERROR_STOP=1"],
    {
      env: { ...process.env, PGSSLMODE: "disable" },
    },
  );
  let output = "";
  client.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  client.stdin.end(script);
  return new Promise<string>((resolve, reject) =>
    client.on("exit", (code) => (code === 0 ? resolve(output.trim()) : reject(new Error(`psql exited ${code}`)))),
  );
}

describe.skipIf(!bin)("the Postgres port beside the API (psql from Debian's postgresql-client)", () => {
  beforeAll(async () => {
    stack = await startTestStack();
    await stack.db.exec(`
      create table public.notes (id bigint generated always as identity primary key, body text not null);
      grant select on public.notes to anon;
      alter table public.notes enable row level security;
      create policy "Anyone can read notes." on public.notes for select to anon using (true);`);
    server = await servePostgres(stack, 0);
  });
  afterAll(async () => {
    await server?.stop();
  });

  test("psql statements never run inside an API request's transaction, nor the reverse", async () => {
    const anon = supabaseAs(stack);
    let psqlDone = false;
    const apiErrors: unknown[] = [];
    const api = (async () => {
      while (!psqlDone) {
        const { error } = await anon.from("notes").select("id");
        if (error) apiErrors.push(error);
        // In-process requests settle in microtasks; let psql's socket I/O in between.
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const clients = Array.from({ length: 8 }, (_, i) =>
      psql(
        `begin;\ninsert into public.notes (body) values ('from psql ${i}') returning current_user || ' ' || current_setting('transaction_read_only');\ncommit;`,
      ),
    );

    const psqlResults = await Promise.all(clients).finally(() => {
      psqlDone = true;
    });
    await api;

    expect(psqlResults).toEqual(Array(8).fill("postgres off"));
    expect(apiErrors).toEqual([]);
    expect(await psql("select count(*) from public.notes where body like 'from psql%';")).toBe("8");
  });

  test("an API request waits for a psql transaction to end, and never commits it", async () => {
    const transaction = psql(
      "begin;\ninsert into public.notes (body) values ('ghost');\nselect pg_sleep(0.3);\nrollback;",
    );
    await new Promise((resolve) => setTimeout(resolve, 150));

    const { data, error } = await supabaseAs(stack).from("notes").select("body").eq("body", "ghost");
    await transaction;

    expect(error).toBeNull();
    expect(data).toEqual([]);
    expect(await psql("select count(*) from public.notes where body = 'ghost';")).toBe("0");
  });
});
