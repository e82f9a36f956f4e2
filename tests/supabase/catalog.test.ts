/**
 * Rules every table, policy and function of the project must follow, read from the catalogs
 * of the migrated database, so a new migration that forgets one fails here.
 */
import type { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSnapshotDatabase } from "../../supabase/local/database.ts";
import { CATALOG_CHECKS } from "./catalog-checks.ts";

let db: PGlite;

beforeAll(async () => {
  db = await openSnapshotDatabase();
});

afterAll(async () => {
  await db.close();
});

async function rows(sql: string) {
  return (await db.query<Record<string, unknown>>(sql)).rows;
}

describe("catalog rules", () => {
  it.each(Object.entries(CATALOG_CHECKS))("%s", async (_rule, check) => {
    expect(await rows(check.sql)).toEqual(check.expected);
  });
});
