/**
 * The migrations are plain PostgreSQL: they apply from scratch on a real server (after the
 * platform Supabase provides), the seed loads, and the catalog rules and a direct-SQL RLS
 * smoke test give the same answers there as on PGlite. Skips only when no PostgreSQL server
 * is installed (Debian: apt-get install postgresql).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applySeed, MIGRATIONS_DIR, openSnapshotDatabase, SEED_PATH } from "../../supabase/local/database.ts";
import { CATALOG_CHECKS } from "./catalog-checks.ts";
import { findPostgresBin, PostgresCluster } from "./postgres-cluster.ts";

const ALICE = "a11ce000-0000-4000-8000-000000000001";
const BOB = "b0b00000-0000-4000-8000-000000000002";
const ADMIN = "ad000000-0000-4000-8000-000000000003";

type Caller = "anon" | typeof ALICE | typeof BOB | typeof ADMIN;

/** One statement run as `caller` the way PostgREST runs it: role and JWT claims set locally. */
function as(caller: Caller, statement: string) {
  const claims =
    caller === "anon"
      ? { role: "anon" }
      : { sub: caller, role: "authenticated", app_metadata: caller === ADMIN ? { role: "admin" } : {} };
  const role = caller === "anon" ? "anon" : "authenticated";
  return `begin; set local role ${role}; set local request.jwt.claims = '${JSON.stringify(claims)}'; ${statement}; rollback;`;
}

/** Against the seed: each answers one text value, or fails with the error quoted. */
const SMOKE: Array<[string, string, { value: string } | { error: string }]> = [
  ["anon sees every item", as("anon", "select count(*)::text from public.items"), { value: "4" }],
  [
    "alice sees only her own todos",
    as(ALICE, "select string_agg(title, ' | ' order by title) from public.todos"),
    { value: "Find the garden key | Follow the white rabbit | Have tea with the Hatter" },
  ],
  [
    "bob cannot read alice's todos",
    as(BOB, `select count(*)::text from public.todos where owner_id = '${ALICE}'`),
    { value: "0" },
  ],
  ["alice reads no contact messages", as(ALICE, "select count(*)::text from public.contact_messages"), { value: "0" }],
  [
    "the admin reads every contact message",
    as(ADMIN, "select count(*)::text from public.contact_messages"),
    { value: "2" },
  ],
  [
    "anon cannot read contact messages",
    as("anon", "select count(*)::text from public.contact_messages"),
    { error: "permission denied for table contact_messages" },
  ],
  [
    "alice's new item is authored by her by default",
    as(
      ALICE,
      "with posted as (insert into public.items (title) values ('hi') returning author_id) select author_id::text from posted",
    ),
    { value: ALICE },
  ],
  [
    "alice cannot post an item as bob",
    as(ALICE, `insert into public.items (author_id, title) values ('${BOB}', 'forged')`),
    { error: 'new row violates row-level security policy for table "items"' },
  ],
  [
    "bob cannot delete alice's item",
    as(
      BOB,
      `with gone as (delete from public.items where author_id = '${ALICE}' returning 1) select count(*)::text from gone`,
    ),
    { value: "0" },
  ],
  [
    "the admin deletes alice's item",
    as(
      ADMIN,
      `with gone as (delete from public.items where author_id = '${ALICE}' returning 1) select count(*)::text from gone`,
    ),
    { value: "2" },
  ],
  [
    "signed-in users cannot call the rate limiter",
    as(ALICE, "select allowed::text from public.rate_limit_hit('k', 1, 60)"),
    { error: "permission denied for function rate_limit_hit" },
  ],
];

const asJsonRows = (sql: string) => `select coalesce(json_agg(t), '[]'::json) from (${sql}) t`;

const bin = findPostgresBin();

describe.skipIf(!bin)(
  bin
    ? `real PostgreSQL (${bin})`
    : "real PostgreSQL — SKIPPED: no server under /usr/lib/postgresql/*/bin (apt-get install postgresql)",
  () => {
    let cluster: PostgresCluster;
    let pglite: PGlite;

    beforeAll(async () => {
      [cluster, pglite] = await Promise.all([PostgresCluster.start(bin ?? ""), openSnapshotDatabase()]);
      await applySeed(pglite);
    }, 60_000);

    afterAll(async () => {
      await Promise.all([cluster?.stop(), pglite?.close()]);
    });

    it("applies the platform, every migration from scratch, and the seed", async () => {
      const platform = readFileSync(new URL("../../supabase/local/platform.sql", import.meta.url), "utf8");
      const scripts = [["platform.sql", platform]];
      for (const file of readdirSync(MIGRATIONS_DIR)
        .filter((name) => name.endsWith(".sql"))
        .sort()) {
        scripts.push([file, readFileSync(join(MIGRATIONS_DIR, file), "utf8")]);
      }
      scripts.push(["seed.sql", readFileSync(SEED_PATH, "utf8")]);

      for (const [file, sql] of scripts) {
        const result = await cluster.psql(sql ?? "", { singleTransaction: true });
        expect({ file, ok: result.ok, stderr: result.stderr }).toEqual({ file, ok: true, stderr: "" });
      }
    });

    it.each(Object.entries(CATALOG_CHECKS))("catalog rule holds as on PGlite: %s", async (_rule, check) => {
      const onPglite = (await pglite.query(check.sql)).rows;
      const { stdout, stderr } = await cluster.psql(asJsonRows(check.sql));

      expect(stderr).toBe("");
      expect(JSON.parse(stdout)).toEqual(check.expected);
      expect(onPglite).toEqual(check.expected);
    });

    it.each(SMOKE)("RLS smoke test agrees with PGlite: %s", async (_what, script, expected) => {
      const onPostgres = await cluster.psql(script);
      const onPglite = await runOnPglite(pglite, script);

      const postgresAnswer = onPostgres.ok ? { value: onPostgres.stdout.trim() } : { error: onPostgres.stderr };
      for (const answer of [postgresAnswer, onPglite]) {
        if ("value" in expected) expect(answer).toEqual(expected);
        else expect("error" in answer && answer.error).toContain(expected.error);
      }
    });

    it("lets 40 truly concurrent connections through the rate limiter exactly 10 times", async () => {
      const call = "set role service_role; select allowed::text from public.rate_limit_hit('burst', 10, 60)";
      const answers = await Promise.all(Array.from({ length: 40 }, () => cluster.psql(call)));

      expect(answers.filter((answer) => !answer.ok)).toEqual([]);
      expect(answers.filter((answer) => answer.stdout.trim() === "true")).toHaveLength(10);
    });

    it("the change log never lets a reader pass a transaction that commits late", async () => {
      const titles = `set role service_role; select coalesce(string_agg(row_data ->> 'title', ',' order by cursor), '')
        from public.changes_since('0:0', 1000) where row_data ->> 'title' like 'order-%'`;
      const insert = (title: string) => `insert into public.items (author_id, title) values ('${ALICE}', '${title}')`;
      // The slow writer draws its change id first and commits last.
      const slow = cluster.psql(`begin; ${insert("order-slow")}; select pg_sleep(1.5); commit;`);
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect((await cluster.psql(insert("order-fast"))).ok).toBe(true);

      // While the slow one runs, the fast one's change is held back with it: a reader that saw
      // "fast" now would move its cursor past "slow" and never see it.
      expect((await cluster.psql(titles)).stdout.trim()).toBe("");
      expect((await slow).ok).toBe(true);
      expect((await cluster.psql(titles)).stdout.trim()).toBe("order-slow,order-fast");
    });

    it("two admins demoting each other at the same moment leave one admin", async () => {
      const setRole = (id: string, role: string) =>
        cluster.psql(`update auth.users set raw_app_meta_data = '{"role": "${role}"}' where id = '${id}'`);
      // Each holds its transaction open a while after its change, so the two overlap.
      const demote = (actor: string, target: string) =>
        cluster.psql(
          `begin; set local role service_role; select public.set_user_role('${actor}', '${target}', 'user'); select pg_sleep(0.5); commit;`,
        );
      const admins = "select count(*) from auth.users where raw_app_meta_data ->> 'role' = 'admin'";
      await setRole(ALICE, "admin");
      try {
        const outcomes = await Promise.all([demote(ADMIN, ALICE), demote(ALICE, ADMIN)]);

        expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(1);
        expect(outcomes.find((outcome) => !outcome.ok)?.stderr).toContain("Only admins can do this");
        expect((await cluster.psql(admins)).stdout.trim()).toBe("1");
      } finally {
        await setRole(ALICE, "user");
        await setRole(ADMIN, "admin");
      }
    });
  },
);

async function runOnPglite(db: PGlite, script: string): Promise<{ value: string } | { error: string }> {
  try {
    const results = await db.exec(script);
    const withRows = results.filter((result) => result.rows.length > 0).at(-1);
    return { value: String(Object.values(withRows?.rows[0] ?? {})[0] ?? "") };
  } catch (error) {
    await db.exec("rollback");
    return { error: error instanceof Error ? error.message : String(error) };
  }
}
