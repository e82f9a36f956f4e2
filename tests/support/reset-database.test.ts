import { afterAll, beforeAll, expect, test } from "vitest";
import { openSnapshotDatabase } from "../../supabase/local/database.ts";
import { recordBaseline, resetDatabase } from "./reset-database";

const db = await openSnapshotDatabase();
afterAll(() => db.close());

let keysBefore: unknown[];
beforeAll(async () => {
  keysBefore = (await db.query("select * from supabase_local.signing_keys")).rows;
  const baseline = await recordBaseline(db);
  await db.exec(`
    create schema scratch;
    create table public.notes (id bigint generated always as identity primary key, body text);
    create view public.note_bodies as select body from public.notes;
    create function public.note_count() returns bigint language sql as 'select count(*) from public.notes';
    create type public.mood as enum ('calm', 'busy');
    insert into public.notes (body) values ('left behind');
    insert into auth.users (id, email) values (gen_random_uuid(), 'left@example.test');`);
  await resetDatabase(db, baseline);
});

test("a reset drops the schemas, tables, views, functions and types a file created", async () => {
  const { rows } = await db.query(`select
    to_regnamespace('scratch') is null as schema_gone, to_regclass('public.notes') is null as table_gone,
    to_regclass('public.note_bodies') is null as view_gone, to_regproc('public.note_count') is null as function_gone,
    to_regtype('public.mood') is null as type_gone`);
  expect(rows[0]).toEqual({
    schema_gone: true,
    table_gone: true,
    view_gone: true,
    function_gone: true,
    type_gone: true,
  });
});

test("a reset empties the snapshot's tables and keeps its signing keys", async () => {
  const { rows } = await db.query<{ n: number }>("select count(*)::int as n from auth.users");
  expect(rows[0]?.n).toBe(0);
  expect((await db.query("select * from supabase_local.signing_keys")).rows).toEqual(keysBefore);
});
