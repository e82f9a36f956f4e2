/**
 * The contract behind supabase/local/rest/README.md: one row per feature of PostgREST's query
 * language. Supported rows assert PostgREST's own answer (status, body, headers, from its spec
 * suite where it has one); refused rows assert 400 PGRST127 naming the feature, so nothing
 * PostgREST answers with 200 ever comes back as an ordinary-looking error.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { JwtClaims } from "../../../../supabase/local/keys.ts";
import type { LocalStack } from "../../../../supabase/local/stack.ts";
import { ALICE, BOB, rawRequest, startBlog, userToken } from "./fixture.ts";

let stack: LocalStack;
let service: string;

/** Relationship shapes the blog schema lacks, named after PostgREST's own spec fixtures. */
const PARITY_SCHEMA = `
create table public.users (id int primary key, name text not null);
create table public.best_friends (
  id int primary key,
  first_user int references public.users (id),
  second_user int references public.users (id)
);
create table public.family_tree (id int primary key, name text not null, parent int references public.family_tree (id));
create table public.organizations (
  id int primary key,
  name text not null,
  referee int references public.organizations (id),
  auditor int references public.organizations (id)
);
create table public.actors (id int primary key, name text not null);
create table public.films (id int primary key, title text not null);
create table public.roles (
  actor_id int references public.actors (id),
  film_id int references public.films (id),
  character text,
  primary key (actor_id, film_id)
);
-- PostgREST's SpreadQueriesSpec shapes, with rows of our own.
create table public.factories (id int primary key, name text not null);
create table public.processes (
  id int primary key, name text not null, factory_id int references public.factories (id), category_id int
);
create table public.process_costs (process_id int primary key references public.processes (id), cost numeric);
create table public.counters (id int primary key);
create table public.chores (id int primary key, done boolean not null default false);
create table public.logbook (line text);
create domain "text/plain" as text;
create function public.plain_hello() returns "text/plain" language sql immutable as $$ select 'hello' $$;
-- Custom media type handlers of each kind: a function's, a table's aggregate, anyelement's aggregate.
create domain "*/*" as bytea;
create function public.any_bytes() returns "*/*" language sql immutable as $$ select 'hi'::bytea $$;
create table public.stock (id int primary key, name text, qty int, note text default 'none');
create table public.lines (id int primary key, name text not null);
insert into public.lines values (1, 'line-1'), (2, 'line-2');
create function public.lines_by_id(max int) returns setof public.lines language sql stable as $$
  select * from public.lines where id <= max order by id $$;
create domain "text/html" as text;
create function public.lines_html_step(state "text/html", next public.lines) returns "text/html"
  language sql immutable as $$ select (coalesce(state, '') || '<li>' || next.name || '</li>')::"text/html" $$;
create aggregate public.lines_html(public.lines) (sfunc = public.lines_html_step, stype = "text/html");
create domain "application/vnd.doc+json" as jsonb;
create function public.doc() returns "application/vnd.doc+json" language sql immutable as $$ select '{"a": 1}'::jsonb $$;
-- RpcSpec and UpsertSpec shapes.
create function public.single_out(num int, out num_plus_one int) language sql immutable as $$ select num + 1 $$;
create function public.single_column_table() returns table (a text) language sql immutable as $$ values ('A') $$;
create function public.raise_bad_pt() returns void language plpgsql as $$ begin raise sqlstate 'PT40A' using message = 'Wrong'; end $$;
create table public.car_models (name text, year int, primary key (name, year)) partition by range (year);
create table public.car_models_old partition of public.car_models for values from (1900) to (2000);
create table public.car_models_new partition of public.car_models for values from (2000) to (2100);
insert into public.car_models values ('DeLorean', 1981);
create function public.rename_lines(new_name text) returns setof public.lines language sql as
  $$ update public.lines set name = new_name returning * $$;
create function public.one_two() returns setof int language sql immutable as $$ values (1), (2) $$;
create function public.hello_twice() returns setof "text/plain" language sql immutable as $$ values ('hi'), ('hi') $$;
create domain "application/vnd.rows" as text;
create function public.rows_step(state "application/vnd.rows", next anyelement) returns "application/vnd.rows"
  language sql immutable as $$ select (coalesce(state, '') || next::text)::"application/vnd.rows" $$;
create aggregate public.rows_of(anyelement) (sfunc = public.rows_step, stype = "application/vnd.rows");
create view public.post_totals as select author_id, count(*) as n from public.posts group by author_id;
create view public.inbox as select 1 as id, 'x'::text as note;
create function public.inbox_insert() returns trigger language plpgsql as $$ begin return new; end $$;
create trigger inbox_insert instead of insert on public.inbox for each row execute function public.inbox_insert();
create table public.designers (id int primary key, name text not null);
create table public.videogames (
  id int primary key,
  name text not null,
  designer_id int references public.designers (id),
  co_designer_id int references public.designers (id)
);
create view public.post_view with (security_invoker) as select id, author_id, title from public.posts;
create function public.pay() returns void language plpgsql as $$
begin raise sqlstate 'PT402' using message = 'Payment Required'; end $$;
create function public.answer_fully() returns void language plpgsql as $$
begin
  raise sqlstate 'PGRST' using
    message = '{"code": "123", "message": "Payment Required", "details": "Quota exceeded", "hint": "Upgrade"}',
    detail = '{"status": 402, "status_text": "Pay Up", "headers": {"X-Powered-By": "Nerd Rage"}}';
end $$;
create function public.answer_badly() returns void language plpgsql as $$
begin raise sqlstate 'PGRST' using message = 'not json'; end $$;
create function public.shout(public.posts) returns text language sql stable as $$ select upper($1.title) $$;
create function public.own_posts(public.authors) returns setof public.posts language sql stable
  as $$ select * from public.posts where author_id = $1.id $$;
create function public.first_comment(public.posts) returns setof public.comments rows 1 language sql stable
  as $$ select * from public.comments where post_id = $1.id order by id limit 1 $$;
create function public.titles_of(public.authors, max int) returns setof public.posts language sql stable
  as $$ select * from public.posts where author_id = $1.id limit max $$;
-- Computed relationships named like the tables, overriding the keys (PostgREST's ComputedRelsSpec).
create function public.designers(public.videogames) returns setof public.designers language sql stable
  as $$ select * from public.designers where id = $1.designer_id $$;
create function public.videogames(public.designers) returns setof public.videogames language sql stable
  as $$ select * from public.videogames where false $$;
create function public.zone() returns text language sql stable as $$ select current_setting('timezone') $$;
create function public.zone_of(jsonb) returns text language sql stable as $$ select current_setting('timezone') $$;
create function public.upper_text(text) returns text language sql immutable as $$ select upper($1) $$;
create function public.byte_len(bytea) returns int language sql immutable as $$ select length($1) $$;
create function public.pick(a int) returns text language sql immutable as $$ select 'a' $$;
create function public.pick(b text) returns text language sql immutable as $$ select 'b' $$;
create function public.twin(x int) returns int language sql immutable as $$ select 1 $$;
create function public.twin(x int, y int default 0) returns int language sql immutable as $$ select 2 $$;
create function public.echo(jsonb) returns jsonb language sql immutable as $$ select $1 $$;
create function public.total(variadic n int[]) returns int language sql immutable as $$ select sum(x)::int from unnest(n) x $$;
create function public.digits(empty boolean default false) returns int[] language sql immutable
  as $$ select case when empty then '{}'::int[] else '{1,2}' end $$;
-- PostgREST's spec fixtures for VARIADIC (RpcSpec "procs with VARIADIC params").
create function public.variadic_param(variadic v text[] default '{}') returns text[] language sql immutable as $$ select v $$;
create function public.sayhello(name text) returns text language sql immutable as $$ select 'Hello, ' || name $$;
create function public.sayhello_variadic(name text, variadic v text[]) returns text language sql immutable
  as $$ select 'Hello, ' || name $$;
create function public.same(x anyelement) returns anyelement language sql immutable as $$ select x $$;
create function public.kind_of(x anycompatible) returns text language sql immutable as $$ select pg_typeof(x)::text $$;
create function public.json_kind(j jsonb) returns text language sql immutable as $$ select jsonb_typeof(j) $$;
create function public.untyped_pairs() returns setof record language sql immutable as $$ select 1, 'a' $$;
create function public.touch() returns trigger language plpgsql as $$ begin return new; end $$;
create function public.request_context(pad text default '') returns json language sql stable as $$
  select json_build_object('search_path', current_setting('search_path'),
    'cookies', current_setting('request.cookies', true)::json,
    'cookie_header', current_setting('request.headers', true)::json -> 'cookie') $$;
-- Unqualified: found through db-extra-search-path (pgcrypto lives in extensions on Supabase).
create function public.random_hex() returns text language plpgsql as $$
  begin return encode(gen_random_bytes(4), 'hex'); end $$;
create function public.settings_seen(pad text default '') returns json language sql stable as $$
  select json_build_object('work_mem', current_setting('work_mem'), 'timezone', current_setting('timezone'),
    'isolation', current_setting('transaction_isolation'), 'role', current_user) $$;
create function public.noon_utc() returns timestamptz language sql immutable
  as $$ select '2026-01-01 12:00:00+00'::timestamptz $$;
create function public.serializable_call() returns text language sql stable
  set default_transaction_isolation = 'serializable' as $$ select current_setting('transaction_isolation') $$;
-- PostgREST's spec fixtures for response.headers / response.status (test/spec/fixtures/schema.sql).
create function public.projects_and_guc_headers() returns json language sql stable as $$
  select set_config('response.headers', '[{"X-Test": "key1=val1; someValue; key2=val2"}, {"X-Test-2": "key1=val1"}]', true);
  select json_build_object('id', 1) $$;
create function public.send_body_status_403() returns json language plpgsql as $$
  begin perform set_config('response.status', '403', true); return json_build_object('message', 'invalid user or password'); end $$;
create function public.guc_headers(h text) returns void language sql as $$ select set_config('response.headers', h, true) $$;
create function public.guc_status(s text) returns void language sql as $$ select set_config('response.status', s, true) $$;
create table public.guc_notes (id int generated always as identity primary key, note text);
create function public.guc_notes_location() returns trigger language plpgsql as $$
  begin
    perform set_config('response.headers', json_build_array(json_build_object('Location', '/notes/' || new.id))::text, true);
    perform set_config('response.status', '202', true);
    return new;
  end $$;
-- BEFORE: an AFTER trigger of the insert fires once the whole statement is done, after its
-- response settings were read, on PostgREST as here.
create trigger guc_notes_location before insert on public.guc_notes for each row execute function public.guc_notes_location();
-- A pre-request function as Supabase's docs suggest one: block a caller, or tag every answer.
create function public.check_request() returns void language plpgsql as $$
  begin
    if current_setting('request.headers', true)::json ->> 'x-blocked' = 'yes' then
      raise sqlstate 'PT403' using message = 'blocked by the pre-request';
    end if;
    perform set_config('response.headers', '[{"X-Pre-Request": "seen"}]', true);
  end $$;
-- Function SET clauses PostgREST also sets for the call's transaction (db-hoisted-tx-settings),
-- seen by a pre-request function, which runs before the call.
create function public.budgeted(pad text default '') returns text language sql stable
  set statement_timeout = '7s' set work_mem = '9MB' as $$ select 'done' $$;
create function public.echo_settings() returns void language sql as $$
  select set_config('response.headers', json_build_array(
    json_build_object('X-Timeout', current_setting('statement_timeout')),
    json_build_object('X-Work-Mem', current_setting('work_mem')))::text, true) $$;
create table public.vault (id int primary key);
revoke all on public.vault from anon, authenticated;
create role web_anon nologin;
grant web_anon to authenticator;
grant usage on schema public to web_anon;
grant select on public.counters to web_anon;
create schema api;
create table api.widgets (id int primary key);
insert into api.widgets values (7);
grant usage on schema api to anon, service_role;
grant select on api.widgets to anon, service_role;
create function public.clear_counters() returns void language sql as $$ delete from public.counters $$;
create function public.drop_counters() returns setof public.counters language sql as $$ delete from public.counters returning * $$;

insert into public.users values (1, 'ann'), (2, 'ben');
insert into public.best_friends values (1, 1, 2);
insert into public.family_tree values (1, 'root', null), (2, 'kid', 1), (3, 'grandkid', 2);
insert into public.organizations values (1, 'Referee Org', null, null), (2, 'Auditor Org', null, null), (3, 'Acme', 1, 2);
insert into public.actors values (1, 'john'), (2, 'mary');
insert into public.films values (12, 'douze'), (2001, 'odyssey');
insert into public.roles values (1, 12, 'hero'), (2, 2001, 'pilot');
insert into public.factories values (1, 'Factory A'), (2, 'Factory B'), (3, 'Factory C'), (4, 'Factory D');
insert into public.processes values
  (1, 'Process A1', 1, 1), (2, 'Process A2', 1, 2), (3, 'Process B1', 2, 1), (4, 'Process B2', 2, 1), (5, 'Process C1', 3, 2);
insert into public.process_costs values (1, 150.00), (3, 180.00), (4, 70.00);
insert into public.counters select generate_series(1, 15);
insert into public.chores values (1), (2), (3);
insert into public.designers values (1, 'Sid Meier'), (2, 'Hironobu Sakaguchi');
insert into public.videogames values (1, 'Civilization I', 1, 2), (2, 'Final Fantasy I', 2, null);
`;

beforeAll(async () => {
  stack = await startBlog();
  await stack.db.exec(PARITY_SCHEMA);
  service = stack.keys.serviceRoleKey;
});

interface Answer {
  status: number;
  body: unknown;
  headers: Headers;
}

async function call(path: string, init: RequestInit = {}, token = service): Promise<Answer> {
  const response = await rawRequest(stack, path, { ...init, token });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
}

const json = (method: string, body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method,
  body: JSON.stringify(body),
  headers: { "Content-Type": "application/json", ...headers },
});

const accept = (type: string): RequestInit => ({ headers: { Accept: type } });

const csv = (method: string, body: string, headers: Record<string, string> = {}): RequestInit => ({
  method,
  body,
  headers: { "Content-Type": "text/csv", ...headers },
});

const form = (body: string, headers: Record<string, string> = {}): RequestInit => ({
  method: "POST",
  body,
  headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
});

/** [feature, request path, request, PostgREST's status, PostgREST's body (a subset for errors)] */
type SupportedRow = [string, string, RequestInit, number, unknown];

const supported: SupportedRow[] = [
  [
    "search_path is the schema, then db-extra-search-path; cookies apart, parsed, not in the headers",
    "rpc/request_context",
    { headers: { Cookie: "a=1; b = two; a=3; flag" } },
    200,
    {
      // PostgREST's reads '"public", "public", "extensions"' (set_config keeps the quotes).
      search_path: "public, public, extensions",
      cookies: { a: "3", "b ": " two", flag: "" },
      cookie_header: null,
    },
  ],
  [
    "the same settings when a body past the inlining limit goes as bound parameters",
    "rpc/request_context",
    json("POST", { pad: "x".repeat(70 * 1024) }, { Cookie: "a=1" }),
    200,
    { search_path: "public, public, extensions", cookies: { a: "1" }, cookie_header: null },
  ],
  [
    "unqualified names resolve through db-extra-search-path",
    "rpc/random_hex",
    json("POST", {}),
    200,
    expect.stringMatching(/^[0-9a-f]{8}$/),
  ],
  [
    "columns, aliases and casts",
    "posts?select=id,headline:title,rank::text&id=eq.1",
    {},
    200,
    [{ id: 1, headline: "Hello world", rank: "3" }],
  ],
  [
    "JSON paths named after their last key",
    "authors?select=profile->>city&name=eq.alice",
    {},
    200,
    [{ city: "Paris" }],
  ],
  [
    "many-to-one embed by table and FK column hint",
    "posts?select=id,authors!author_id(name)&id=eq.4",
    {},
    200,
    [{ id: 4, authors: { name: "bob" } }],
  ],
  [
    "many-to-one embed named by its constraint",
    "posts?select=id,posts_editor_id_fkey(name)&id=eq.4",
    {},
    200,
    [{ id: 4, posts_editor_id_fkey: { name: "alice" } }],
  ],
  [
    "many-to-one embed named by its FK column",
    "posts?select=id,editor_id(name)&id=eq.2",
    {},
    200,
    [{ id: 2, editor_id: { name: "bob" } }],
  ],
  [
    "one-to-many embed named by its constraint",
    `authors?select=name,posts_editor_id_fkey(id)&id=eq.${BOB}`,
    {},
    200,
    [{ name: "bob", posts_editor_id_fkey: [{ id: 2 }] }],
  ],
  [
    "one-to-many embed hinted by the referencing column",
    `authors?select=posts!editor_id(id)&id=eq.${ALICE}`,
    {},
    200,
    [{ posts: [{ id: 4 }] }],
  ],
  [
    "two embeds of one table told apart by hints and aliases",
    "best_friends?select=a:users!first_user(name),b:users!second_user(name)",
    {},
    200,
    [{ a: { name: "ann" }, b: { name: "ben" } }],
  ],
  [
    "self reference: the parent by its FK column",
    "family_tree?select=id,parent(name)&id=eq.3",
    {},
    200,
    [{ id: 3, parent: { name: "kid" } }],
  ],
  [
    "self reference: the children by the table's name",
    "family_tree?select=id,family_tree(name)&id=eq.1",
    {},
    200,
    [{ id: 1, family_tree: [{ name: "kid" }] }],
  ],
  [
    "self reference: children hinted by the FK column",
    "family_tree?select=children:family_tree!parent(name)&id=eq.2",
    {},
    200,
    [{ children: [{ name: "grandkid" }] }],
  ],
  [
    "two self references",
    "organizations?select=name,referee(name),auditor(name)&id=eq.3",
    {},
    200,
    [{ name: "Acme", referee: { name: "Referee Org" }, auditor: { name: "Auditor Org" } }],
  ],
  [
    "many-to-many through a junction table",
    "actors?select=name,films(title)&order=id",
    {},
    200,
    [
      { name: "john", films: [{ title: "douze" }] },
      { name: "mary", films: [{ title: "odyssey" }] },
    ],
  ],
  [
    "many-to-many hinted by the junction",
    "films?select=title,actors!roles(name)&id=eq.12",
    {},
    200,
    [{ title: "douze", actors: [{ name: "john" }] }],
  ],
  [
    "a view as origin: the table its foreign key column points at (views.test.ts has more)",
    "post_view?select=id,authors(name)&id=eq.4",
    {},
    200,
    [{ id: 4, authors: { name: "bob" } }],
  ],
  [
    "a view as target: its rows in the table they reference",
    `authors?select=name,post_view(title)&id=eq.${BOB}`,
    {},
    200,
    [{ name: "bob", post_view: [{ title: "Bob says hi" }] }],
  ],
  [
    "!inner keeps parents with matches",
    "actors?select=name,films!inner(title)&films.title=eq.odyssey",
    {},
    200,
    [{ name: "mary", films: [{ title: "odyssey" }] }],
  ],
  [
    "!left keeps every parent",
    "actors?select=name,films!left(title)&films.title=eq.odyssey&order=id",
    {},
    200,
    [
      { name: "john", films: [] },
      { name: "mary", films: [{ title: "odyssey" }] },
    ],
  ],
  [
    "an empty embed filters and is left out of the response",
    "posts?select=title,authors!author_id!inner()&authors.name=eq.bob",
    {},
    200,
    [{ title: "Bob says hi" }],
  ],
  [
    "order, limit and offset inside an embed",
    "actors?select=name,films(title)&films.order=title.desc&films.limit=1&films.offset=0&id=eq.1",
    {},
    200,
    [{ name: "john", films: [{ title: "douze" }] }],
  ],
  [
    "or inside an embed",
    "actors?select=name,films(title)&films.or=(id.eq.2001,id.eq.3)&id=eq.2",
    {},
    200,
    [{ name: "mary", films: [{ title: "odyssey" }] }],
  ],
  [
    "spaces around a logic tree's parentheses and commas are skipped (QueryParams.hs lexeme)",
    "actors?select=id&or= ( id.eq.1 , and ( name.eq.mary, id.gt.1 ) ) &order=id",
    {},
    200,
    [{ id: 1 }, { id: 2 }],
  ],
  [
    "a logic tree tests an embed as a whole: embed.not.is.null (PostgREST's addNullEmbedFilters)",
    "posts?select=id,authors!editor_id(name)&or=(id.eq.1,authors.not.is.null)&id=lt.5&order=id",
    {},
    200,
    [
      { id: 1, authors: null },
      { id: 2, authors: { name: "bob" } },
      { id: 4, authors: { name: "alice" } },
    ],
  ],
  [
    "a logic tree's embed.is.null, after the embed's own filters",
    "posts?select=id,authors!editor_id(name)&authors.name=eq.bob&and=(id.lt.5,or(id.eq.2,authors.is.null))&order=id",
    {},
    200,
    [
      { id: 1, authors: null },
      { id: 2, authors: { name: "bob" } },
      { id: 3, authors: null },
      { id: 4, authors: null },
    ],
  ],
  [
    "a logic tree's unquoted value keeps its trailing spaces",
    "actors?select=id&or=(name.eq.john ,name.eq.mary)",
    {},
    200,
    [{ id: 2 }],
  ],
  [
    "a quoted value is unquoted only when , or ) follows it; else read with its quotes",
    'actors?select=id&or=(name.eq."john" ,id.eq.2)',
    {},
    200,
    [{ id: 2 }],
  ],
  [
    "an in list skips spaces after its parenthesis, not after its commas",
    'actors?select=id&name=in.( "john", mary,"mary" ) &order=id',
    {},
    200,
    [{ id: 1 }],
  ],
  [
    "a to-one spread joins the embed's columns to the parent",
    "posts?select=id,...authors!author_id(author:name)&id=lt.3&order=id",
    {},
    200,
    [
      { id: 1, author: "alice" },
      { id: 2, author: "alice" },
    ],
  ],
  [
    "a to-one spread with no match gives nulls; `..` is its alias",
    "posts?select=id,..authors!editor_id(name,bio)&id=eq.1",
    {},
    200,
    [{ id: 1, name: null, bio: null }],
  ],
  [
    "spreads nest, inside a normal embed too",
    "comments?select=body,post:posts(title,...authors!author_id(name))&body=eq.hi%20bob",
    {},
    200,
    [{ body: "hi bob", post: { title: "Bob says hi", name: "bob" } }],
  ],
  [
    "a spread of a junction's far side inside a to-many embed",
    "actors?select=name,roles(character,...films(title))&id=eq.1",
    {},
    200,
    [{ name: "john", roles: [{ character: "hero", title: "douze" }] }],
  ],
  [
    "a to-many spread needs aggregates: PGRST123 while they are off",
    "authors?select=name,...posts!author_id(title)",
    {},
    400,
    {
      code: "PGRST123",
      message: "Use of aggregate functions is not allowed",
      details: null,
      hint: null,
    },
  ],
  [
    "a computed field selected like a column",
    "posts?select=id,shout&id=eq.1",
    {},
    200,
    [{ id: 1, shout: "HELLO WORLD" }],
  ],
  [
    "a computed field filtered and ordered on",
    "posts?select=id&shout=like.*O*&order=shout&limit=2",
    {},
    200,
    [{ id: 4 }, { id: 1 }],
  ],
  [
    "a computed field inside an embed",
    "comments?select=posts(shout)&body=eq.nice",
    {},
    200,
    [{ posts: { shout: "HELLO WORLD" } }],
  ],
  [
    "a computed relationship (set-returning function of the row) embeds as an array",
    `authors?select=name,own_posts(id)&id=eq.${BOB}`,
    {},
    200,
    [{ name: "bob", own_posts: [{ id: 4 }] }],
  ],
  [
    "a computed relationship declared ROWS 1 embeds as an object, filtered and !inner",
    "posts?select=id,first_comment!inner(body)&first_comment.body=eq.hi%20bob",
    {},
    200,
    [{ id: 4, first_comment: { body: "hi bob" } }],
  ],
  [
    "a computed field in a mutation's representation, as PostgREST's UpdateSpec 'can return computed columns'",
    "posts?id=eq.1&select=id,shout",
    json("PATCH", { rank: 3 }, { Prefer: "return=representation" }),
    200,
    [{ id: 1, shout: "HELLO WORLD" }],
  ],
  [
    "a computed relationship in a mutation's representation (ComputedRelsSpec 'works with mutations')",
    "posts?id=eq.1&select=id,first_comment(body)",
    json("PATCH", { rank: 3 }, { Prefer: "return=representation" }),
    200,
    [{ id: 1, first_comment: { body: "first!" } }],
  ],
  [
    "a computed field on a function's result, selected and filtered (QuerySpec 'computed column on rpc')",
    "rpc/titles_like?pattern=%25&select=id,shout&shout=eq.BOB%20SAYS%20HI",
    {},
    200,
    [{ id: 4, shout: "BOB SAYS HI" }],
  ],
  [
    "a computed relationship on a function's result (ComputedRelsSpec 'works with rpc')",
    "rpc/titles_like?pattern=Hello%25&select=id,first_comment(body)",
    {},
    200,
    [{ id: 1, first_comment: { body: "first!" } }],
  ],
  [
    "an embed from a function's TABLE columns, which have no foreign keys, is PGRST200 (supabase-js#1259)",
    "rpc/comment_counts?select=post_id,posts(title)",
    {},
    400,
    {
      code: "PGRST200",
      message: "Could not find a relationship between 'comment_counts' and 'posts' in the schema cache",
      details:
        "Searched for a foreign key relationship between 'comment_counts' and 'posts' in the schema 'public', but no matches were found.",
      hint: "Perhaps you meant 'comments' instead of 'comment_counts'.",
    },
  ],
  ["a function returning an array answers it", "rpc/digits", {}, 200, [1, 2]],
  ["a function returning an empty array answers []", "rpc/digits?empty=true", {}, 200, []],
  [
    "a VARIADIC function takes a JSON array for its variadic parameter",
    "rpc/variadic_param",
    json("POST", { v: ["hi", "hello", "there"] }),
    200,
    ["hi", "hello", "there"],
  ],
  ["a VARIADIC function called without it takes its default", "rpc/variadic_param", {}, 200, []],
  ["a VARIADIC parameter once in the query string", "rpc/variadic_param?v=hi", {}, 200, ["hi"]],
  [
    "a VARIADIC parameter repeated collects its values in order",
    "rpc/variadic_param?v=hi&v=there",
    {},
    200,
    ["hi", "there"],
  ],
  ["a VARIADIC int[] parameter sums", "rpc/total", json("POST", { n: [1, 2] }), 200, 3],
  // Negotiate.hs: without a handler for any accepted type, PGRST107; GeoJSON is built in, on PostGIS.
  [
    "a media type no handler produces is PGRST107, listed as accepted",
    "posts",
    accept("text/xml, application/octet-stream;q=0.5, image/png"),
    406,
    {
      code: "PGRST107",
      message: "None of these media types are available: text/xml, image/png, application/octet-stream",
      details: null,
      hint: null,
    },
  ],
  [
    "GeoJSON is PostGIS's ST_AsGeoJSON: without PostGIS Postgres's 42883, as on PostgREST",
    "posts?select=id",
    accept("application/geo+json, application/json"),
    404,
    {
      code: "42883",
      message: "function st_asgeojson(record) does not exist",
      details: null,
      hint: "No function matches the given name and argument types. You might need to add explicit type casts.",
    },
  ],
  // Text arguments are cast to the parameter's type (fmtArgs), JSON ones read by json_to_record, so
  // Postgres answers polymorphic parameters as it answers PostgREST's SQL.
  ["a query string's value is read as its parameter's type: jsonb", 'rpc/json_kind?j={"a":1}', {}, 200, "object"],
  ["a query string's value for anycompatible is text", "rpc/kind_of?x=1", {}, 200, "text"],
  [
    "a query string's value for anyelement is Postgres's 42804",
    "rpc/same?x=1",
    {},
    400,
    {
      code: "42804",
      message: "could not determine polymorphic type because input has type unknown",
      details: null,
      hint: null,
    },
  ],
  [
    "a JSON argument for a polymorphic parameter is Postgres's 42P16",
    "rpc/kind_of",
    json("POST", { x: 1 }),
    400,
    { code: "42P16", message: 'column "x" has pseudo-type anycompatible', details: null, hint: null },
  ],
  ["a form body's fields are the arguments, as a query string's", "rpc/add", form("a=1&b=5"), 200, 6],
  ["a form body without fields calls with the defaults", "rpc/variadic_param", form(""), 200, []],
  [
    "a form body's repeated VARIADIC field collects its values",
    "rpc/variadic_param",
    form("v=hi&v=there"),
    200,
    ["hi", "there"],
  ],
  ["any other repeated argument takes its last value", "rpc/sayhello?name=ignored&name=world", {}, 200, "Hello, world"],
  [
    "a repeated argument beside a VARIADIC one",
    "rpc/sayhello_variadic?name=ignored&name=world&v=unused",
    {},
    200,
    "Hello, world",
  ],
  [
    "order by a to-one embed's column",
    "posts?select=id,editor:authors!editor_id(name)&order=editor(name).desc.nullslast,id",
    {},
    200,
    [
      { id: 2, editor: { name: "bob" } },
      { id: 4, editor: { name: "alice" } },
      { id: 1, editor: null },
      { id: 3, editor: null },
    ],
  ],
  [
    "a related order on a to-many embed is PGRST118",
    "authors?select=name,posts!author_id(id)&order=posts(id)",
    {},
    400,
    {
      code: "PGRST118",
      message: "A related order on 'posts' is not possible",
      details: "'authors' and 'posts' do not form a many-to-one or one-to-one relationship",
      hint: null,
    },
  ],
  [
    "a related order on something not embedded is PGRST108",
    "posts?select=id&order=authors(name)",
    {},
    400,
    {
      code: "PGRST108",
      message: "'authors' is not an embedded resource in this request",
      details: null,
      hint: "Verify that 'authors' is included in the 'select' query parameter.",
    },
  ],
  [
    "a cast of a JSON path, named after its last key",
    "authors?select=profile->langs::text&name=eq.alice",
    {},
    200,
    [{ langs: '["fr", "en"]' }],
  ],
  [
    "RPC: a text/plain body goes whole to a single text parameter",
    "rpc/upper_text",
    {
      method: "POST",
      body: "hello",
      headers: { "Content-Type": "text/plain" },
    },
    200,
    "HELLO",
  ],
  [
    "RPC: an octet-stream body goes whole to a single bytea parameter",
    "rpc/byte_len",
    {
      method: "POST",
      body: new Uint8Array([1, 2, 3]),
      headers: { "Content-Type": "application/octet-stream" },
    },
    200,
    3,
  ],
  [
    "RPC: a raw body without a fitting function is PGRST202",
    "rpc/echo",
    {
      method: "POST",
      body: "x",
      headers: { "Content-Type": "text/plain" },
    },
    404,
    {
      code: "PGRST202",
      message: "Could not find the function public.echo in the schema cache",
      details:
        "Searched for the function public.echo with a single unnamed text parameter, but no matches were found in the schema cache.",
      hint: null,
    },
  ],
  [
    "fts(config) searches to_tsvector(config, col), as PostgREST does",
    "posts?select=id&title=fts(simple).thoughts",
    {},
    200,
    [{ id: 2 }],
  ],
  [
    "the legacy count (no parentheses) inside an embed, aggregates off",
    `authors?select=name,posts!author_id(count)&order=name`,
    {},
    200,
    [
      { name: "alice", posts: [{ count: 3 }] },
      { name: "bob", posts: [{ count: 1 }] },
    ],
  ],
  ["the legacy count at the root", "users?select=count", {}, 200, [{ count: 2 }]],
  [
    "a filter other than is.null on an embed is PGRST120",
    "posts?select=id,comments(body)&comments=eq.1",
    {},
    400,
    {
      code: "PGRST120",
      message: "Bad operator on the 'comments' embedded resource",
      details: "Only is null or not is null filters are allowed on embedded resources",
      hint: null,
    },
  ],
  [
    "the same embed twice without aliases is Postgres's 42712",
    "best_friends?select=users!first_user(*),users!second_user(*)",
    {},
    400,
    {
      code: "42712",
      message: 'table name "best_friends_users_1" specified more than once',
      details: null,
      hint: null,
    },
  ],
  [
    "an ambiguous hint is PGRST201 with PostgREST's details and hint",
    "posts?select=authors!id(name)",
    {},
    300,
    {
      code: "PGRST201",
      message: "Could not embed because more than one relationship was found for 'posts' and 'authors'",
      details: [
        {
          cardinality: "many-to-one",
          embedding: "posts with authors",
          relationship: "posts_author_id_fkey using posts(author_id) and authors(id)",
        },
        {
          cardinality: "many-to-one",
          embedding: "posts with authors",
          relationship: "posts_editor_id_fkey using posts(editor_id) and authors(id)",
        },
      ],
      hint: "Try changing 'authors' to one of the following: 'authors!posts_author_id_fkey', 'authors!posts_editor_id_fkey'. Find the desired relationship in the 'details' key.",
    },
  ],
  [
    "aggregates are off unless pgrst.db_aggregates_enabled",
    "posts?select=author_id,id.count()",
    {},
    400,
    {
      code: "PGRST123",
      message: "Use of aggregate functions is not allowed",
      details: null,
      hint: null,
    },
  ],
  [
    "handling=strict refuses unknown preferences",
    "posts",
    { headers: { Prefer: "handling=strict, anything" } },
    400,
    {
      code: "PGRST122",
      message: "Invalid preferences given with handling=strict",
      details: "Invalid preferences: anything",
      hint: null,
    },
  ],
  [
    "handling=lenient ignores unknown preferences",
    "users?select=id&id=eq.1",
    { headers: { Prefer: "handling=lenient, anything" } },
    200,
    [{ id: 1 }],
  ],
  ["RPC overloads chosen by argument names", "rpc/pick?b=x", {}, 200, "b"],
  [
    "RPC overloads both fitting the names are PGRST203",
    "rpc/twin?x=1",
    {},
    300,
    {
      code: "PGRST203",
      message:
        "Could not choose the best candidate function between: public.twin(x => integer), public.twin(x => integer, y => integer)",
      details: null,
      hint: "Try renaming the parameters or the function itself in the database so function overloading can be resolved",
    },
  ],
  [
    "RPC: a single unnamed jsonb parameter takes the whole body",
    "rpc/echo",
    json("POST", { any: ["thing"] }),
    200,
    {
      any: ["thing"],
    },
  ],
  ["RPC: a single jsonb parameter takes an array of rows whole", "rpc/echo", json("POST", [{ a: 1 }]), 200, [{ a: 1 }]],
  // Payload.hs payloadAttributes: JSON with no row is `[]`, an array of anything but rows PGRST102.
  ["RPC: a single jsonb parameter takes a number body as []", "rpc/echo", json("POST", 7), 200, []],
  [
    "RPC: an array of numbers is no rows: PGRST102",
    "rpc/echo",
    json("POST", [1, 2]),
    400,
    { code: "PGRST102", message: "All object keys must match", details: null, hint: null },
  ],
  [
    "RPC: a form body never falls back to a json parameter either",
    "rpc/echo",
    form("a=1"),
    404,
    {
      code: "PGRST202",
      message: "Could not find the function public.echo(a) in the schema cache",
      details: "Searched for the function public.echo with parameter a, but no matches were found in the schema cache.",
      hint: null,
    },
  ],
  ["RPC: an array's first row gives the arguments", "rpc/add", json("POST", [{ a: 1 }, { a: 100 }]), 200, 3],
  ["RPC: a CSV body's first line gives the arguments", "rpc/add", csv("POST", "a,b\n1,5\n7,7"), 200, 6],
  [
    "RPC: columns= names the arguments, the body's others not passed",
    "rpc/add?columns=a",
    json("POST", { a: 1, b: 5 }),
    200,
    3,
  ],
  [
    "RPC: with columns= the JSON goes unread to Postgres, whose error answers (Payload.hs RawJSON)",
    "rpc/add?columns=a",
    { method: "POST", body: "{", headers: { "Content-Type": "application/json" } },
    400,
    {
      code: "22P02",
      message: "invalid input syntax for type json",
      details: "The input string ended unexpectedly.",
      hint: null,
    },
  ],
  [
    "RPC: with columns= a scalar body is json_to_recordset's own error (fromJsonBodyF)",
    "rpc/add?columns=a",
    { method: "POST", body: "5", headers: { "Content-Type": "application/json" } },
    400,
    { code: "22023", message: "cannot call json_to_recordset on a scalar", details: null, hint: null },
  ],
  [
    "RPC: with columns= an array of other values is json_to_recordset's own error",
    "rpc/add?columns=a",
    json("POST", [1]),
    400,
    { code: "22023", message: "argument of json_to_recordset must be an array of objects", details: null, hint: null },
  ],
  [
    "RPC: a CSV body never falls back to a json parameter (RpcSpec)",
    "rpc/echo",
    csv("POST", "a,b\n1,2"),
    404,
    {
      code: "PGRST202",
      message: "Could not find the function public.echo(a, b) in the schema cache",
      details:
        "Searched for the function public.echo with parameters a, b, but no matches were found in the schema cache.",
      hint: null,
    },
  ],
  [
    "max-affected on a void function is PGRST128",
    "rpc/clear_counters",
    {
      method: "POST",
      headers: { Prefer: "handling=strict, max-affected=1", "Content-Type": "application/json" },
      body: "{}",
    },
    400,
    {
      code: "PGRST128",
      message: "Function must return SETOF or TABLE when max-affected preference is used with handling=strict",
      details: null,
      hint: null,
    },
  ],
];

describe("supported features answer as PostgREST does", () => {
  it.each(supported)("%s", async (_feature, path, init, status, body) => {
    const answer = await call(path, init);
    expect(answer.status).toBe(status);
    expect(answer.body).toEqual(body);
  });
});

describe("logic tree parse errors, as PostgREST's pLogicTree over the key and value joined", () => {
  it("an embed's column inside or is an unknown operator: a real Supabase project's answer", async () => {
    const tree = "(name.ilike.%israel%,fec_committee_id.ilike.%israel%,candidates.name.ilike.%israel%)";
    expect(await call(`posts?or=${encodeURIComponent(tree)}`)).toMatchObject({
      status: 400,
      body: { code: "PGRST100", message: `"failed to parse logic tree (${tree})" (line 1, column 67)` },
    });
  });

  it("columns count the key, not.and too", async () => {
    expect((await call("posts?not.and=(id.eq.1,id.bad.2)")).body).toMatchObject({
      message: '"failed to parse logic tree ((id.eq.1,id.bad.2))" (line 1, column 20)',
    });
  });
});

describe("a computed relationship named like a table overrides the detected ones, as PostgREST", () => {
  it("answers by the function where the two foreign keys alone are ambiguous", async () => {
    expect(await call("videogames?select=name,designers(name)&order=id")).toMatchObject({
      status: 200,
      body: [
        { name: "Civilization I", designers: [{ name: "Sid Meier" }] },
        { name: "Final Fantasy I", designers: [{ name: "Hironobu Sakaguchi" }] },
      ],
    });
  });

  it("answers by the function whatever the hint, as a foreign key's name no longer leads anywhere", async () => {
    const answer = await call("videogames?select=name,designers!videogames_co_designer_id_fkey(name)&id=eq.1");
    expect(answer).toMatchObject({
      status: 200,
      body: [{ name: "Civilization I", designers: [{ name: "Sid Meier" }] }],
    });
  });

  it("overrides the reverse direction too (PostgREST's spec: an empty function, so !inner keeps nothing)", async () => {
    expect(await call("designers?select=*,videogames!inner(*)")).toMatchObject({ status: 200, body: [] });
  });

  it("leaves no relationship behind the overridden keys' column names: PGRST200", async () => {
    expect(await call("videogames?select=designer_id(name)")).toMatchObject({
      status: 400,
      body: {
        code: "PGRST200",
        message: "Could not find a relationship between 'videogames' and 'designer_id' in the schema cache",
        details:
          "Searched for a foreign key relationship between 'videogames' and 'designer_id' in the schema 'public', but no matches were found.",
      },
    });
  });
});

describe("functions that are no computed relationship", () => {
  // PostgREST's allComputedRels takes functions of exactly one parameter (pronargs = 1).
  it("a function of the row and another parameter relates nothing: PGRST200, as on PostgREST", async () => {
    expect(await call("authors?select=titles_of(title)")).toMatchObject({
      status: 400,
      body: {
        code: "PGRST200",
        message: "Could not find a relationship between 'authors' and 'titles_of' in the schema cache",
        details:
          "Searched for a foreign key relationship between 'authors' and 'titles_of' in the schema 'public', but no matches were found.",
      },
    });
  });
});

describe("errors a function raises set the response as on PostgREST", () => {
  it("sqlstate 'PTxxx' answers HTTP xxx", async () => {
    const answer = await call("rpc/pay", json("POST", {}));

    expect(answer.status).toBe(402);
    expect(answer.body).toEqual({ code: "PT402", message: "Payment Required", details: null, hint: null });
  });

  it("sqlstate 'PGRST' sets the body from MESSAGE and the status and headers from DETAIL", async () => {
    const answer = await call("rpc/answer_fully", json("POST", {}));

    expect(answer.status).toBe(402);
    expect(answer.body).toEqual({
      code: "123",
      message: "Payment Required",
      details: "Quota exceeded",
      hint: "Upgrade",
    });
    expect(answer.headers.get("x-powered-by")).toBe("Nerd Rage");
  });

  it("sqlstate 'PGRST' whose MESSAGE is not that JSON is PGRST121", async () => {
    const answer = await call("rpc/answer_badly", json("POST", {}));

    expect(answer.status).toBe(500);
    expect(answer.body).toEqual({
      code: "PGRST121",
      message: `Could not parse JSON in the "RAISE SQLSTATE 'PGRST'" error`,
      details: "Invalid JSON value for MESSAGE: 'not json'",
      hint: "MESSAGE must be a JSON object with obligatory keys: 'code', 'message' and optional keys: 'details', 'hint'.",
    });
  });
});

/** [feature named in the refusal, request path, request] */
type RefusedRow = [string, string, RequestInit];

const refused: RefusedRow[] = [
  // PostgREST's RETURNING turns to `*` here, and the computed field is not found (its #3145, #2688).
  [
    "`*` beside computed fields on a mutation's representation",
    "posts?id=eq.1&select=*,shout",
    json("PATCH", { rank: 3 }, { Prefer: "return=representation" }),
  ],
  ["`*` beside computed fields on a function's result", "rpc/titles_like?pattern=%25&select=*,shout", {}],
  [
    "Computed fields beside computed relationships on a function's result",
    "rpc/titles_like?pattern=%25&select=shout,first_comment(body)",
    {},
  ],
  ["Ordering a function's result by a computed field", "rpc/titles_like?pattern=%25&select=id&order=shout", {}],
  ["The legacy `count` beside other selected items", "users?select=name,count", {}],
  ["OPTIONS on a table or view not in the schema cache", "no_such_table", { method: "OPTIONS" }],
  ["The OpenAPI description", "", {}],
  // cassava's parse errors are not reproduced: a header needs its line break, a quote its close.
  ["A CSV body that is not well formed", "stock", csv("POST", "id,name")],
  ["A CSV body that is not well formed", "stock", csv("POST", 'id,name\n1,"open')],
  ["A CSV body that is not well formed", "stock", csv("POST", 'id,name\n1,a"b')],
  [
    "A `columns` request whose JSON body is not an object or an array of objects",
    "stock?columns=id",
    json("POST", [{ id: 1 }, 2]),
  ],
  // Untyped results: PostgREST calls them; here they are refused, not "not found".
  ["Calling a function returning record without OUT or TABLE columns", "rpc/untyped_pairs", {}],
  ["Calling a function returning trigger", "rpc/touch", json("POST", {})],
];

describe("features outside the local subset are refused with PGRST127 naming them", () => {
  it.each(refused)("%s (%s)", async (feature, path, init) => {
    const answer = await call(path, init);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: "PGRST127" });
    const { message } = answer.body as { message: string };
    expect(message).toContain(feature);
    expect(message).toContain("not supported by the local Supabase stack");
  });
});

/** [feature, request path, PostgREST's status, PostgREST's body, or a refusal naming the feature] */
const withAggregates: Array<[string, string, number, unknown]> = [
  ["count() alone", "posts?select=count()", 200, [{ count: 4 }]],
  [
    "count() grouped by the other columns",
    "posts?select=author_id,count()&order=author_id",
    200,
    [
      { author_id: ALICE, count: 3 },
      { author_id: BOB, count: 1 },
    ],
  ],
  [
    "several aggregates, named after their functions",
    "posts?select=rank.sum(),rank.max(),rank.avg()",
    200,
    [{ sum: 6, max: 3, avg: 2 }],
  ],
  [
    "casts before and after, aliases",
    "posts?select=top:rank::text.max(),total:rank.sum()::text",
    200,
    [{ top: "3", total: "6" }],
  ],
  [
    "aggregates inside an embed, grouped there",
    "authors?select=name,posts!author_id(published,id.count())&posts.order=published&order=name",
    200,
    [
      {
        name: "alice",
        posts: [
          { published: false, count: 1 },
          { published: true, count: 2 },
        ],
      },
      { name: "bob", posts: [{ published: true, count: 1 }] },
    ],
  ],
  [
    "* grouped with an aggregate",
    "users?select=*,id.count()&order=id&limit=1",
    200,
    [{ id: 1, name: "ann", count: 1 }],
  ],
  [
    "Aggregate functions beside embedded resources",
    "posts?select=count(),authors!author_id(name)",
    400,
    {
      code: "PGRST127",
    },
  ],
  [
    "aggregates on a function's rows (AggregateFunctionsSpec: RPC functions that return table values)",
    "rpc/titles_like?pattern=%25&select=count(),id.max()",
    200,
    [{ count: 4, max: 4 }],
  ],
  [
    "aggregates on a function's rows, grouped by the other columns",
    "rpc/titles_like?pattern=%25&select=author_id,count()&order=author_id",
    200,
    [
      { author_id: ALICE, count: 3 },
      { author_id: BOB, count: 1 },
    ],
  ],
  [
    "a to-many spread aggregates each column into an array (SpreadQueriesSpec)",
    "factories?select=factory:name,...processes(name,category_id)&id=lte.2&order=id",
    200,
    [
      { factory: "Factory A", name: ["Process A1", "Process A2"], category_id: [1, 2] },
      { factory: "Factory B", name: ["Process B1", "Process B2"], category_id: [1, 1] },
    ],
  ],
  [
    "a to-many spread without rows gives empty arrays, and the embed can be filtered is.null",
    "factories?select=factory:name,...processes(processes:name)&processes=is.null",
    200,
    [{ factory: "Factory D", processes: [] }],
  ],
  [
    "a to-many spread of * gives an array per column, in the embed's order",
    "factories?select=factory:name,...processes(*)&processes.order=name.desc&id=eq.1",
    200,
    [{ factory: "Factory A", id: [2, 1], name: ["Process A2", "Process A1"], factory_id: [1, 1], category_id: [2, 1] }],
  ],
  [
    "a to-one spread inside a to-many spread flattens into its arrays",
    "factories?select=factory:name,...processes(process:name,...process_costs(process_costs:cost))&id=eq.2",
    200,
    [{ factory: "Factory B", process: ["Process B1", "Process B2"], process_costs: [180, 70] }],
  ],
  [
    "an embed inside a to-many spread is an array of its objects",
    "factories?select=factory:name,...processes(process:name,process_costs(cost))&id=eq.1",
    200,
    [{ factory: "Factory A", process: ["Process A1", "Process A2"], process_costs: [{ cost: 150 }, null] }],
  ],
  [
    "a many-to-many spread",
    "actors?select=name,...films(title)&order=id",
    200,
    [
      { name: "john", title: ["douze"] },
      { name: "mary", title: ["odyssey"] },
    ],
  ],
  [
    "a to-many spread inside an embed",
    `authors?select=name,posts!author_id(id,...comments(body))&id=eq.${BOB}`,
    200,
    [{ name: "bob", posts: [{ id: 4, body: ["hi bob"] }] }],
  ],
  [
    "Aggregate functions inside a to-many spread",
    "factories?select=name,...processes(id.count())",
    400,
    { code: "PGRST127" },
  ],
  [
    "A to-many spread inside a to-many spread",
    "authors?select=name,...posts!author_id(title,...comments(body))",
    400,
    { code: "PGRST127" },
  ],
];

describe("aggregates, once enabled with pgrst.db_aggregates_enabled as on PostgREST", () => {
  beforeAll(async () => {
    await stack.db.exec(
      "alter role authenticator set pgrst.db_aggregates_enabled = 'true'; notify pgrst, 'reload config';",
    );
  });

  afterAll(async () => {
    await stack.db.exec("alter role authenticator reset pgrst.db_aggregates_enabled; notify pgrst, 'reload config';");
  });

  it.each(withAggregates)("%s", async (feature, path, status, body) => {
    const answer = await call(path);
    expect(answer.status).toBe(status);
    if (status === 200) expect(answer.body).toEqual(body);
    else expect(answer.body).toMatchObject({ ...(body as object), message: expect.stringContaining(feature) });
  });
});

describe("impersonated role settings (alter role ... set), applied per request as PostgREST does", () => {
  beforeAll(async () => {
    await stack.db.exec(`
      alter role anon set work_mem = '8MB';
      alter role anon set timezone = 'America/New_York';
      alter role anon set default_transaction_isolation = 'REPEATABLE READ';
      -- Only settings a plain role may set are applied; this one needs a superuser.
      alter role anon set log_min_duration_statement = 0;
      notify pgrst, 'reload config';`);
  });

  afterAll(async () => {
    await stack.db.exec("alter role anon reset all; notify pgrst, 'reload config';");
  });

  it("the role's settings and isolation level hold for its requests, not for other roles'", async () => {
    const asAnon = await call("rpc/settings_seen", {}, stack.keys.anonKey);
    expect(asAnon).toMatchObject({
      status: 200,
      body: { work_mem: "8MB", timezone: "America/New_York", isolation: "repeatable read", role: "anon" },
    });
    // A body past the inlining limit goes as bound parameters (transaction.ts runBound): the same.
    const bound = await call("rpc/settings_seen", json("POST", { pad: "x".repeat(70 * 1024) }), stack.keys.anonKey);
    expect(bound.body).toEqual(asAnon.body);
    const asService = await call("rpc/settings_seen");
    expect(asService.body).toMatchObject({ work_mem: "4MB", isolation: "read committed", role: "service_role" });
  });

  it("timestamps come back in the role's time zone", async () => {
    expect((await call("rpc/noon_utc", {}, stack.keys.anonKey)).body).toBe("2026-01-01T07:00:00-05:00");
    expect((await call("rpc/noon_utc")).body).toBe("2026-01-01T12:00:00+00:00");
  });

  it("a function's own default_transaction_isolation begins its call's transaction", async () => {
    expect(await call("rpc/serializable_call", {}, stack.keys.anonKey)).toMatchObject({
      status: 200,
      body: "serializable",
    });
    expect((await call("rpc/serializable_call")).body).toBe("serializable");
  });

  it("applies from the next request after NOTIFY pgrst, 'reload config', as PostgREST reads them with its config", async () => {
    await stack.db.exec("alter role anon set work_mem = '16MB'");
    expect((await call("rpc/settings_seen", {}, stack.keys.anonKey)).body).toMatchObject({ work_mem: "8MB" });
    await stack.db.exec("notify pgrst, 'reload config'");
    expect((await call("rpc/settings_seen", {}, stack.keys.anonKey)).body).toMatchObject({ work_mem: "16MB" });
  });
});

describe("response.headers and response.status set by the request's functions and triggers", () => {
  it("headers a function sets are added to the answer", async () => {
    const answer = await call("rpc/projects_and_guc_headers");
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ id: 1 });
    expect(answer.headers.get("x-test")).toBe("key1=val1; someValue; key2=val2");
    expect(answer.headers.get("x-test-2")).toBe("key1=val1");
  });

  it("a status a function sets replaces PostgREST's, with the function's body", async () => {
    expect(await call("rpc/send_body_status_403", json("POST", {}))).toMatchObject({
      status: 403,
      body: { message: "invalid user or password" },
    });
  });

  it("a trigger's headers replace PostgREST's own of the same name, and its status PostgREST's 201", async () => {
    const answer = await call("guc_notes", json("POST", { note: "x" }, { Prefer: "return=headers-only" }));
    expect(answer.status).toBe(202);
    expect(answer.headers.get("location")).toMatch(/^\/notes\/\d+$/);
  });

  it.each([
    ["an object, not an array", '{"X-Test": "invalid structure for headers"}'],
    ["an array with a string in it", '[{"X-Test": "invalid structure for headers"}, "X-Test-2"]'],
    ["an object with two keys", '[{"X-Test": "a", "X-Test-2": "b"}]'],
    ["a header whose value is no string", '[{"X-Test": 1}]'],
    ["no JSON at all", "X-Test: 1"],
  ])("malformed headers (%s) answer 500 PGRST111, as PostgREST does", async (_, headers) => {
    expect(await call("rpc/guc_headers", json("POST", { h: headers }))).toMatchObject({
      status: 500,
      body: {
        code: "PGRST111",
        message: "response.headers guc must be a JSON array composed of objects with a single key and a string value",
      },
    });
  });

  it("a status that is no number answers 500 PGRST112; digits first are read as the status", async () => {
    expect(await call("rpc/guc_status", json("POST", { s: "bad" }))).toMatchObject({
      status: 500,
      body: { code: "PGRST112", message: "response.status guc must be a valid status code" },
    });
    expect((await call("rpc/guc_status", json("POST", { s: "202 Accepted" }))).status).toBe(202);
  });

  it("a status no Fetch Response can carry is refused by name", async () => {
    expect(await call("rpc/guc_status", json("POST", { s: "101" }))).toMatchObject({
      status: 400,
      body: { code: "PGRST127", message: expect.stringContaining("response.status 101") },
    });
  });
});

describe("in-database configuration of the authenticator role, reloaded on NOTIFY pgrst", () => {
  const configure = (sql: string) => stack.db.exec(`${sql}; notify pgrst, 'reload config';`);
  // Claims PostgREST reads but supabase-js never mints: no role, an odd `aud`, roles elsewhere.
  const signed = (claims: Record<string, unknown>) => stack.keys.sign(claims as JwtClaims, 3600);

  it("pgrst.db_max_rows caps every answer, over [api] max_rows", async () => {
    await configure("alter role authenticator set pgrst.db_max_rows = '2'");
    try {
      const answer = await call("counters?select=id&order=id");
      expect(answer.body).toEqual([{ id: 1 }, { id: 2 }]);
      expect(answer.headers.get("content-range")).toBe("0-1/*");
    } finally {
      await configure("alter role authenticator reset pgrst.db_max_rows");
    }
    expect(await call("counters?select=id")).toMatchObject({ body: expect.arrayContaining([{ id: 15 }]) });
  });

  it("pgrst.db_pre_request runs before every statement, in its transaction: it may refuse or set headers", async () => {
    await configure("alter role authenticator set pgrst.db_pre_request = 'public.check_request'");
    try {
      const allowed = await call("counters?select=id&id=eq.1");
      expect(allowed).toMatchObject({ status: 200, body: [{ id: 1 }] });
      expect(allowed.headers.get("x-pre-request")).toBe("seen");
      expect(await call("counters?select=id", { headers: { "X-Blocked": "yes" } })).toMatchObject({
        status: 403,
        body: { code: "PT403", message: "blocked by the pre-request" },
      });
      // The same on the bound-parameter path of large bodies.
      const bound = await call(
        "rpc/settings_seen",
        json("POST", { pad: "x".repeat(70 * 1024) }, { "X-Blocked": "yes" }),
      );
      expect(bound.status).toBe(403);
    } finally {
      await configure("alter role authenticator reset pgrst.db_pre_request");
    }
  });

  it("a setting the stack does not read is named once in a warning, not ignored silently", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      await configure("alter role authenticator set pgrst.server_timing_enabled = 'true'");
      await call("counters?select=id&id=eq.1");
      await configure("select 1");
      await call("counters?select=id&id=eq.1");
      const named = warn.mock.calls.filter(([message]) => String(message).includes("pgrst.server_timing_enabled"));
      expect(named).toHaveLength(1);
      expect(String(named[0]?.[0])).toContain("does not support");
    } finally {
      warn.mockRestore();
      await configure("alter role authenticator reset pgrst.server_timing_enabled");
    }
  });

  it("settings IN DATABASE this one take precedence over the role's settings everywhere", async () => {
    // The role-wide setting written last, so a scan meets it after the database's own.
    await configure(`
      do $$ begin
        execute format('alter role authenticator in database %I set pgrst.db_max_rows = %L', current_database(), '3');
      end $$;
      alter role authenticator set pgrst.db_max_rows = '2'`);
    try {
      expect(await call("counters?select=id&order=id")).toMatchObject({ body: [{ id: 1 }, { id: 2 }, { id: 3 }] });
    } finally {
      await configure(`
        alter role authenticator reset pgrst.db_max_rows;
        do $$ begin
          execute format('alter role authenticator in database %I reset pgrst.db_max_rows', current_database());
        end $$`);
    }
  });

  it("a called function's statement_timeout is set for its whole transaction, its other SET clauses not", async () => {
    await configure("alter role authenticator set pgrst.db_pre_request = 'public.echo_settings'");
    try {
      const answer = await call("rpc/budgeted");
      expect(answer).toMatchObject({ status: 200, body: "done" });
      expect([answer.headers.get("x-timeout"), answer.headers.get("x-work-mem")]).toEqual(["7s", "4MB"]);
      // The same on the bound-parameter path of large bodies.
      const bound = await call("rpc/budgeted", json("POST", { pad: "x".repeat(70 * 1024) }));
      expect([bound.headers.get("x-timeout"), bound.headers.get("x-work-mem")]).toEqual(["7s", "4MB"]);
      // Other requests keep the server's.
      expect((await call("counters?select=id&id=eq.1")).headers.get("x-timeout")).toBe("0");
    } finally {
      await configure("alter role authenticator reset pgrst.db_pre_request");
    }
  });

  it("pgrst.db_hoisted_tx_settings names which of a function's SET clauses are hoisted", async () => {
    await configure(`
      alter role authenticator set pgrst.db_pre_request = 'public.echo_settings';
      alter role authenticator set pgrst.db_hoisted_tx_settings = 'work_mem'`);
    try {
      const answer = await call("rpc/budgeted");
      expect([answer.headers.get("x-timeout"), answer.headers.get("x-work-mem")]).toEqual(["0", "9MB"]);
    } finally {
      await configure(`
        alter role authenticator reset pgrst.db_pre_request;
        alter role authenticator reset pgrst.db_hoisted_tx_settings`);
    }
  });

  it("pgrst.db_anon_role is the role of a token without one, and its refusals are 401", async () => {
    const roleless = await signed({ sub: ALICE });
    expect((await call("vault", {}, stack.keys.anonKey)).status).toBe(401);
    await configure("alter role authenticator set pgrst.db_anon_role = 'web_anon'");
    try {
      expect(await call("rpc/settings_seen", {}, roleless)).toMatchObject({ status: 200, body: { role: "web_anon" } });
      expect(await call("vault", {}, roleless)).toMatchObject({ status: 401, body: { code: "42501" } });
      // `anon` is now a role like any other: signed in, so refused with 403.
      expect(await call("vault", {}, stack.keys.anonKey)).toMatchObject({ status: 403, body: { code: "42501" } });
    } finally {
      await configure("alter role authenticator reset pgrst.db_anon_role");
    }
    expect(await call("rpc/settings_seen", {}, roleless)).toMatchObject({ body: { role: "anon" } });
  });

  it("pgrst.jwt_aud refuses a token whose aud does not name it, as PostgREST (401 PGRST303)", async () => {
    const withAudience = (aud: unknown) => signed({ role: "authenticated", sub: ALICE, aud });
    await configure("alter role authenticator set pgrst.jwt_aud = 'app'");
    try {
      expect(await call("counters?select=id&id=eq.1", {}, await withAudience("other"))).toMatchObject({
        status: 401,
        body: { code: "PGRST303", message: "JWT not in audience" },
      });
      expect((await call("counters?select=id&id=eq.1", {}, await withAudience(["other"]))).status).toBe(401);
      for (const aud of ["app", ["other", "app"], [], null]) {
        expect((await call("counters?select=id&id=eq.1", {}, await withAudience(aud))).status).toBe(200);
      }
      expect((await call("counters?select=id&id=eq.1", {}, stack.keys.anonKey)).status).toBe(200);
    } finally {
      await configure("alter role authenticator reset pgrst.jwt_aud");
    }
    expect((await call("counters?select=id&id=eq.1", {}, await withAudience("other"))).status).toBe(200);
  });

  it("pgrst.jwt_role_claim_key finds the role by keys, quoted keys and array indexes", async () => {
    const token = await signed({
      role: "service_role",
      sub: ALICE,
      app_metadata: { roles: ["admin", "authenticated"] },
      "https://x.io/role": "anon",
    });
    const roleOf = async () => ((await call("rpc/settings_seen", {}, token)).body as { role: string }).role;
    try {
      await configure(`alter role authenticator set pgrst.jwt_role_claim_key = '.app_metadata.roles[1]'`);
      expect(await roleOf()).toBe("authenticated");
      await configure(`alter role authenticator set pgrst.jwt_role_claim_key = '."https://x.io/role"'`);
      expect(await roleOf()).toBe("anon");
      // Not found there: the anon role, as a token without role.
      await configure(`alter role authenticator set pgrst.jwt_role_claim_key = '.app_metadata.roles[5]'`);
      expect(await roleOf()).toBe("anon");
    } finally {
      await configure("alter role authenticator reset pgrst.jwt_role_claim_key");
    }
    expect(await roleOf()).toBe("service_role");
  });

  it("a jwt_role_claim_key filter, which the stack cannot follow, is named in a warning and .role used", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const token = await signed({ role: "authenticated", sub: ALICE, roles: ["service_role"] });
    try {
      await configure(`alter role authenticator set pgrst.jwt_role_claim_key = '.roles[?(@ == "service_role")]'`);
      expect((await call("rpc/settings_seen", {}, token)).body).toMatchObject({ role: "authenticated" });
      expect(warn.mock.calls.some(([message]) => String(message).includes("pgrst.jwt_role_claim_key"))).toBe(true);
    } finally {
      warn.mockRestore();
      await configure("alter role authenticator reset pgrst.jwt_role_claim_key");
    }
  });

  it("pgrst.db_schemas replaces [api] schemas: what Accept-Profile may name, and its error's list", async () => {
    const widgets = { headers: { "Accept-Profile": "api" } };
    expect((await call("widgets", widgets)).status).toBe(406);
    await configure(`alter role authenticator set pgrst.db_schemas = 'public, api'`);
    try {
      expect(await call("widgets", widgets)).toMatchObject({ status: 200, body: [{ id: 7 }] });
      expect(await call("widgets", { headers: { "Accept-Profile": "nope" } })).toMatchObject({
        status: 406,
        body: { code: "PGRST106", hint: "Only the following schemas are exposed: public, api" },
      });
    } finally {
      await configure("alter role authenticator reset pgrst.db_schemas");
    }
  });

  it("pgrst.db_extra_search_path replaces [api] extra_search_path after the request's schema", async () => {
    await configure(`alter role authenticator set pgrst.db_extra_search_path = 'extensions, api'`);
    try {
      expect((await call("rpc/request_context")).body).toMatchObject({ search_path: "public, extensions, api" });
    } finally {
      await configure("alter role authenticator reset pgrst.db_extra_search_path");
    }
    expect((await call("rpc/request_context")).body).toMatchObject({ search_path: "public, public, extensions" });
  });
});

describe("request bodies as PostgREST's Payload.hs reads them", () => {
  const rep = { Prefer: "return=representation" };
  const stock = async (ids: string) => (await call(`stock?id=in.(${ids})&order=id`)).body;

  it("a CSV body inserts its lines: a header, then text, NULL as null, blank lines skipped", async () => {
    const answer = await call(
      "stock",
      csv("POST", 'id,name,qty\r\n1,"a, ""quoted"" pear",3\r\n\r\n2,"two\nlines",NULL\n', rep),
    );
    expect(answer).toMatchObject({
      status: 201,
      body: [
        { id: 1, name: 'a, "quoted" pear', qty: 3, note: "none" },
        { id: 2, name: "two\nlines", qty: null, note: "none" },
      ],
    });
  });

  it("a CSV body answers a CSV representation of what was asked (InsertSpec)", async () => {
    const answer = await rawRequest(stack, "stock?select=id", {
      ...csv("POST", "id,name\n8,Xenix\n9,Windows NT", { ...rep, Accept: "text/csv" }),
      token: service,
    });
    expect(answer.status).toBe(201);
    expect(answer.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(await answer.text()).toBe("id\n8\n9");
  });

  it("a short CSV line is PGRST102 and nothing is inserted (InsertSpec)", async () => {
    const answer = await call("stock", csv("POST", "id,name\n3,three\n4"));
    expect(answer).toMatchObject({
      status: 400,
      body: { code: "PGRST102", message: "All lines must have same number of fields", details: null, hint: null },
    });
    expect(await stock("3,4")).toEqual([]);
  });

  it("an empty CSV field is the empty string, which Postgres reads for the column's type", async () => {
    const answer = await call("stock", csv("POST", "id,qty\n5,"));
    expect(answer).toMatchObject({
      status: 400,
      body: { code: "22P02", message: 'invalid input syntax for type integer: ""' },
    });
  });

  it("a CSV body sets its header's columns, whatever columns= says (Payload.hs reads its keys)", async () => {
    await call("stock?columns=id", csv("POST", "id,name\n6,kept"));
    expect(await stock("6")).toEqual([{ id: 6, name: "kept", qty: null, note: "none" }]);
  });

  it("a form body to a table is one row of text; a repeated field keeps its last value, `;` separates too", async () => {
    expect(await call("stock", form("id=7;name=a+b%21&name=last", rep))).toMatchObject({
      status: 201,
      body: [{ id: 7, name: "last", qty: null, note: "none" }],
    });
    expect(await call("stock", form("id=70&qty="))).toMatchObject({ status: 400, body: { code: "22P02" } });
  });

  it("PATCH with a CSV body or a JSON array sets the first row's values", async () => {
    expect(await call("stock?id=eq.1", csv("PATCH", "qty,note\n7,csv\n8,ignored", rep))).toMatchObject({
      status: 200,
      body: [{ id: 1, qty: 7, note: "csv" }],
    });
    await call("stock?id=eq.1", json("PATCH", [{ qty: 9 }, { qty: 10 }]));
    expect(await stock("1")).toMatchObject([{ qty: 9 }]);
    expect(await call("stock?id=eq.1", json("PATCH", [{ qty: 1 }, { note: "x" }]))).toMatchObject({
      status: 400,
      body: { code: "PGRST102", message: "All object keys must match" },
    });
  });

  it("JSON that is no object or array is no row at all: nothing inserted or changed", async () => {
    expect(await call("stock", json("POST", 42, rep))).toMatchObject({ status: 201, body: [] });
    expect(await call("stock", json("POST", null, rep))).toMatchObject({ status: 201, body: [] });
    expect(await call("stock?id=eq.1", json("PATCH", "text", rep))).toMatchObject({ status: 200, body: [] });
    expect(await call("stock", json("POST", [1, 2]))).toMatchObject({
      status: 400,
      body: { code: "PGRST102", message: "All object keys must match" },
    });
  });

  it.each([
    ["text/plain", "text/plain"],
    ["application/xml; charset=utf-8", "application/xml; charset=utf-8"],
    ["Application/XML", "Application/XML"],
    ["", ""],
    ["application/vnd.pgrst.plan+json", 'application/vnd.pgrst.plan+json; for="application/json"'],
    ["application/vnd.pgrst.array+json ; nulls=stripped", "application/vnd.pgrst.array+json;nulls=stripped"],
  ])("a %s body to a table is PGRST102, the media type read as PostgREST does", async (type, named) => {
    const answer = await call("stock", { method: "POST", body: "{}", headers: { "Content-Type": type } });
    expect(answer).toMatchObject({
      status: 400,
      body: { code: "PGRST102", message: `Content-Type not acceptable: ${named}`, details: null, hint: null },
    });
  });

  it("the media type matches in any case, as PostgREST 12.2 reads it", async () => {
    const answer = await call("stock", {
      method: "POST",
      body: '{"id": 90}',
      headers: { "Content-Type": "Application/JSON" },
    });
    expect(answer.status).toBe(201);
  });

  it("a function's unknown body media type is PGRST102; an empty JSON body is {}", async () => {
    const xml = { method: "POST", body: "<a/>", headers: { "Content-Type": "application/xml" } };
    expect(await call("rpc/add", xml)).toMatchObject({
      status: 400,
      body: { code: "PGRST102", message: "Content-Type not acceptable: application/xml" },
    });
    const empty = { method: "POST", body: "", headers: { "Content-Type": "application/json" } };
    expect(await call("rpc/variadic_param", empty)).toMatchObject({ status: 200, body: [] });
  });

  it("a repeated select, columns or on_conflict is read from its first occurrence, the rest not parsed", async () => {
    const upsert = json("POST", { id: 71, name: "first" }, { Prefer: "resolution=merge-duplicates" });
    expect((await call("stock?on_conflict=id&on_conflict=(&columns=id,name&columns=(", upsert)).status).toBe(201);
    expect(await call("stock?select=id&id=eq.71&select=broken(")).toMatchObject({ status: 200, body: [{ id: 71 }] });
  });

  it("the query string splits on `;` as on `&`, as PostgREST's http-types does", async () => {
    expect(await call("stock?select=id;id=eq.7")).toMatchObject({ status: 200, body: [{ id: 7 }] });
  });

  it("PUT takes, of an array, the row with the URL's key (UpsertSpec), and may be CSV", async () => {
    const two = [
      { id: 40, name: "put" },
      { id: 41, name: "other" },
    ];
    const answer = await call(
      "users?id=eq.40",
      json("PUT", two, { ...rep, Accept: "application/vnd.pgrst.object+json" }),
    );
    expect(answer).toMatchObject({ status: 201, body: { id: 40, name: "put" } });
    expect((await call("users?id=in.(40,41)")).body).toEqual([{ id: 40, name: "put" }]);
    expect(await call("users?id=eq.42", csv("PUT", "id,name\n42,csv", rep))).toMatchObject({
      status: 201,
      body: [{ id: 42, name: "csv" }],
    });
  });

  it("PUT compares the key in Postgres, so any spelling of the same value matches", async () => {
    const id = "0f9ed5c3-4b1a-4c51-9b86-0b1b45d2c7aa";
    const answer = await call(`authors?id=eq.${id.toUpperCase()}`, json("PUT", { id, name: "Case" }, rep));
    expect(answer).toMatchObject({ status: 201, body: [{ id, name: "Case" }] });
  });

  it("PUT without the key in the body is Postgres's 42703 on pgrst_body, as PostgREST's WHERE gives", async () => {
    expect(await call("users?id=eq.43", json("PUT", { name: "keyless" }))).toMatchObject({
      status: 400,
      body: { code: "42703", message: "column pgrst_body.id does not exist" },
    });
    expect(await call("users?id=eq.43", json("PUT", [{ id: 44, name: "x" }]))).toMatchObject({
      status: 400,
      body: { code: "PGRST115", message: "Payload values do not match URL in primary key column(s)" },
    });
  });
});

describe("CORS as the Supabase CLI's gateway (Kong's cors plugin) and PostgREST and GoTrue answer it", () => {
  const origin = "http://localhost:5173";
  const gateway = (path: string, init: RequestInit = {}) => stack.handle(new Request(`${stack.url}${path}`, init));
  const preflight = (path: string, headers: Record<string, string> = {}) =>
    gateway(path, {
      method: "OPTIONS",
      headers: { Origin: origin, "Access-Control-Request-Method": "POST", ...headers },
    });

  it("the gateway answers a preflight itself, before any API key: 200, Kong's methods, the asked headers", async () => {
    const answer = await preflight("/rest/v1/posts", {
      "Access-Control-Request-Headers": "apikey,authorization,prefer",
    });
    expect(answer.status).toBe(200);
    expect(await answer.text()).toBe("");
    expect(Object.fromEntries(answer.headers)).toMatchObject({
      "access-control-allow-origin": "*",
      "access-control-allow-methods": "GET,HEAD,PUT,PATCH,POST,DELETE,OPTIONS,TRACE,CONNECT",
      "access-control-allow-headers": "apikey,authorization,prefer",
    });
    expect((await preflight("/auth/v1/token")).headers.get("access-control-allow-headers")).toBeNull();
  });

  it("PostgREST exposes its headers to a request with an Origin, errors too, so a browser reads Content-Range", async () => {
    for (const path of ["posts?select=id", "no_such_table"]) {
      const answer = await rawRequest(stack, path, { headers: { Origin: origin, Prefer: "count=exact" } });
      expect(answer.headers.get("access-control-allow-origin")).toBe("*");
      expect(answer.headers.get("access-control-expose-headers")).toBe(
        "Content-Encoding, Content-Location, Content-Range, Content-Type, Date, Location, Server, Transfer-Encoding, Range-Unit",
      );
    }
    const plain = await rawRequest(stack, "posts?select=id");
    expect(plain.headers.get("access-control-allow-origin")).toBe("*");
    expect(plain.headers.get("access-control-expose-headers")).toBeNull();
  });

  it("GoTrue adds its own: credentials, its exposed headers, Vary: Origin", async () => {
    const answer = await gateway("/auth/v1/settings", { headers: { apikey: stack.keys.anonKey, Origin: origin } });
    expect(Object.fromEntries(answer.headers)).toMatchObject({
      "access-control-allow-origin": "*",
      "access-control-allow-credentials": "true",
      "access-control-expose-headers": "X-Total-Count, Link, X-Supabase-Api-Version",
      vary: "Origin",
    });
  });

  it("a path no gateway route matches gets no CORS headers", async () => {
    const answer = await gateway("/nowhere", { headers: { apikey: stack.keys.anonKey, Origin: origin } });
    expect(answer.status).toBe(404);
    expect(answer.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("OPTIONS without an Origin is no preflight: PostgREST's own answer", async () => {
    const answer = await call("posts", { method: "OPTIONS", headers: { "Access-Control-Request-Method": "GET" } });
    expect(answer.status).toBe(200);
    expect(answer.headers.get("allow")).toContain("GET");
  });
});

describe("Prefer options on mutations", () => {
  it("max-affected with handling=strict refuses with PGRST124 and changes nothing", async () => {
    const answer = await call("counters?id=lt.15", {
      method: "DELETE",
      headers: { Prefer: "handling=strict, max-affected=10" },
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({
      code: "PGRST124",
      message: "Query result exceeds max-affected preference constraint",
      details: "The query affects 14 rows",
      hint: null,
    });
    const { rows } = await stack.db.query<{ n: number }>("select count(*)::int as n from public.counters");
    expect(rows[0]?.n).toBe(15);
  });

  it("max-affected within the limit applies and is reported", async () => {
    const answer = await call("counters?id=lt.3", {
      method: "DELETE",
      headers: { Prefer: "handling=strict, max-affected=10" },
    });
    expect(answer.status).toBe(204);
    expect(answer.headers.get("preference-applied")).toBe("handling=strict, max-affected=10");
  });

  it("max-affected without handling=strict is ignored and not reported", async () => {
    const answer = await call(
      "counters?id=eq.5",
      json("PATCH", { id: 105 }, { Prefer: "handling=lenient, max-affected=0" }),
    );
    expect(answer.status).toBe(204);
    expect(answer.headers.get("preference-applied")).toBe("handling=lenient");
  });

  it("max-affected on a set-returning function rolls back when exceeded", async () => {
    const answer = await call("rpc/drop_counters", {
      method: "POST",
      headers: { Prefer: "handling=strict, max-affected=2", "Content-Type": "application/json" },
      body: "{}",
    });
    expect(answer).toMatchObject({ status: 400, body: { code: "PGRST124" } });
    const { rows } = await stack.db.query<{ n: number }>("select count(*)::int as n from public.counters");
    expect(rows[0]?.n).toBeGreaterThan(2);
  });

  it("tx=rollback is not applied, as with Supabase's db-tx-end = commit: the change stays", async () => {
    const answer = await call("users", json("POST", { id: 9, name: "tx" }, { Prefer: "tx=rollback, return=minimal" }));
    expect(answer.status).toBe(201);
    expect(answer.headers.get("preference-applied")).toBe("return=minimal");
    expect((await call("users?id=eq.9")).body).toEqual([{ id: 9, name: "tx" }]);
  });

  it("tx=commit and tx=rollback count as known preferences under handling=strict", async () => {
    const answer = await call("users?id=eq.9", { headers: { Prefer: "handling=strict, tx=rollback" } });
    expect(answer.status).toBe(200);
    expect(answer.headers.get("preference-applied")).toBe("handling=strict");
  });

  it("return=headers-only answers 201 with the Location of the one inserted row and no body", async () => {
    const answer = await call("users", json("POST", { id: 11, name: "loc" }, { Prefer: "return=headers-only" }));
    expect(answer).toMatchObject({ status: 201, body: null });
    expect(answer.headers.get("location")).toBe("/users?id=eq.11");
    expect(answer.headers.get("preference-applied")).toBe("return=headers-only");
  });

  it("return=representation sends no Location, for one row or several (InsertSpec)", async () => {
    const one = await call("users", json("POST", { id: 12, name: "one" }, { Prefer: "return=representation" }));
    expect(one.headers.get("location")).toBeNull();
    const two = await call(
      "users",
      json(
        "POST",
        [
          { id: 13, name: "a" },
          { id: 14, name: "b" },
        ],
        { Prefer: "return=representation" },
      ),
    );
    expect(two.headers.get("location")).toBeNull();
  });

  it("PUT inserts one row (201), then replaces it (200), as PostgREST", async () => {
    const put = (name: string, prefer = "return=representation") =>
      call("users?id=eq.20", json("PUT", { id: 20, name }, { Prefer: prefer }));
    expect(await put("first")).toMatchObject({ status: 201, body: [{ id: 20, name: "first" }] });
    expect(await put("second")).toMatchObject({ status: 200, body: [{ id: 20, name: "second" }] });
    const minimal = await put("third", "return=minimal");
    expect(minimal).toMatchObject({ status: 204, body: null });
    expect(minimal.headers.get("preference-applied")).toBe("return=minimal");
    expect((await call("users?id=eq.20")).body).toEqual([{ id: 20, name: "third" }]);
  });

  it.each([
    [
      "filters other than eq on the whole key are PGRST105",
      "users?name=eq.x",
      { id: 21, name: "x" },
      405,
      {
        code: "PGRST105",
        message: "Filters must include all and only primary key columns with 'eq' operators",
      },
    ],
    [
      "a body whose key differs from the URL's is PGRST115",
      "users?id=eq.21",
      { id: 22, name: "x" },
      400,
      {
        code: "PGRST115",
        message: "Payload values do not match URL in primary key column(s)",
      },
    ],
    [
      "limit on PUT is PGRST114",
      "users?id=eq.21&limit=1",
      { id: 21, name: "x" },
      400,
      {
        code: "PGRST114",
        message: "limit/offset querystring parameters are not allowed for PUT",
      },
    ],
  ])("PUT: %s", async (_name, path, body, status, error) => {
    expect(await call(path, json("PUT", body))).toMatchObject({ status, body: error });
  });

  it("lists applied preferences in PostgREST's order", async () => {
    const answer = await call(
      "users?select=id",
      json("POST", [{ id: 10, name: "x" }], {
        Prefer: "count=exact, return=representation, missing=default, resolution=merge-duplicates",
      }),
    );
    expect(answer.headers.get("preference-applied")).toBe(
      "resolution=merge-duplicates, missing=default, return=representation, count=exact",
    );
  });

  it("count=planned explains as a signed-in caller, under row level security", async () => {
    const alice = await userToken(stack, ALICE);
    const answer = await call("posts?select=id&limit=1", { headers: { Prefer: "count=planned" } }, alice);
    expect(answer.status).toBe(206);
    expect(answer.headers.get("content-range")).toMatch(/^0-0\/\d+$/);
  });
});

describe("limit, offset and order on mutations, as PostgREST since v13 dropped limited updates and deletes", () => {
  const representation = { Prefer: "return=representation" };

  it("PATCH changes every matching row whatever limit and offset say; order orders the representation", async () => {
    const answer = await call(
      "chores?id=lt.3&limit=1&offset=1&order=id.desc&select=id,done",
      json("PATCH", { done: true }, representation),
    );
    expect(answer).toMatchObject({
      status: 200,
      body: [
        { id: 2, done: true },
        { id: 1, done: true },
      ],
    });
    expect(answer.headers.get("content-range")).toBe("0-1/*");
    expect((await call("chores?done=is.true&select=id&order=id")).body).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it("DELETE removes every matching row whatever limit says, returned in the order asked", async () => {
    const answer = await call("chores?id=gt.1&limit=1&order=id.desc&select=id", {
      method: "DELETE",
      headers: representation,
    });
    expect(answer).toMatchObject({ status: 200, body: [{ id: 3 }, { id: 2 }] });
    expect((await call("chores?select=id")).body).toEqual([{ id: 1 }]);
  });

  it("POST returns its rows in the order asked", async () => {
    const answer = await call("chores?select=id&order=id.desc", json("POST", [{ id: 10 }, { id: 11 }], representation));
    expect(answer).toMatchObject({ status: 201, body: [{ id: 11 }, { id: 10 }] });
  });

  it("an embed's limit does not apply in a representation, its order does", async () => {
    const answer = await call(
      `authors?id=eq.${ALICE}&select=name,posts!author_id(id)&posts.order=id.desc&posts.limit=1`,
      json("PATCH", { bio: "writes a lot" }, representation),
    );
    expect(answer).toMatchObject({ status: 200, body: [{ name: "alice", posts: [{ id: 3 }, { id: 2 }, { id: 1 }] }] });
  });
});

describe("OPTIONS answers the Allow header, as PostgREST's OptionsSpec", () => {
  const allow: Array<[string, string, string]> = [
    ["a table with a primary key", "posts", "OPTIONS,GET,HEAD,POST,PUT,PATCH,DELETE"],
    ["a table without one", "logbook", "OPTIONS,GET,HEAD,POST,PATCH,DELETE"],
    ["an auto-updatable view with the key of its table", "post_view", "OPTIONS,GET,HEAD,POST,PUT,PATCH,DELETE"],
    ["a view Postgres cannot update", "post_totals", "OPTIONS,GET,HEAD"],
    ["a view with only an INSTEAD OF INSERT trigger", "inbox", "OPTIONS,GET,HEAD,POST"],
    ["a volatile function", "rpc/touch?post=1", "OPTIONS,POST"],
    ["a stable function", "rpc/whoami", "OPTIONS,GET,HEAD,POST"],
    ["an immutable function, its overload chosen by the query string", "rpc/add?a=1", "OPTIONS,GET,HEAD,POST"],
    ["the root", "", "OPTIONS,GET,HEAD"],
  ];

  it.each(allow)("%s", async (_what, path, methods) => {
    const response = await rawRequest(stack, path, { method: "OPTIONS", token: service });
    expect(response.status).toBe(200);
    expect(response.headers.get("allow")).toBe(methods);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(await response.text()).toBe("");
  });

  it("a function no overload of which takes the query string's arguments is PGRST202, as a GET", async () => {
    const options = await call("rpc/add", { method: "OPTIONS" });
    expect(options.status).toBe(404);
    expect(options.body).toEqual((await call("rpc/add")).body);
    expect(options.body).toMatchObject({ code: "PGRST202" });
  });
});

describe("Prefer: timezone, as PostgREST's TimezoneSpec", () => {
  const strict = { headers: { Prefer: "handling=strict, timezone=America/Los_Angeles" } };

  it("sets the transaction's TimeZone, listed after handling in Preference-Applied", async () => {
    const answer = await call("posts?select=created_at&id=eq.1", strict);
    expect(answer).toMatchObject({ status: 200, body: [{ created_at: "2024-01-01T02:00:00-08:00" }] });
    expect(answer.headers.get("preference-applied")).toBe("handling=strict, timezone=America/Los_Angeles");
  });

  it("applies without handling=strict too, for the transaction only", async () => {
    const answer = await call("rpc/zone", { headers: { Prefer: "timezone=Asia/Tokyo" } });
    expect(answer).toMatchObject({ status: 200, body: "Asia/Tokyo" });
    expect(answer.headers.get("preference-applied")).toBe("timezone=Asia/Tokyo");
    expect((await call("rpc/zone")).body).not.toBe("Asia/Tokyo");
  });

  it("applies where a large body goes as a bound parameter", async () => {
    const big = { pad: "x".repeat(70 * 1024) };
    const answer = await call("rpc/zone_of", json("POST", big, { Prefer: "timezone=Europe/Paris" }));
    expect(answer).toMatchObject({ status: 200, body: "Europe/Paris" });
  });

  it("is PGRST122 with handling=strict for a zone pg_timezone_names lacks, even one differing only in case", async () => {
    for (const zone of ["Invalid/Timezone", "america/los_angeles"]) {
      const answer = await call("posts?select=created_at", {
        headers: { Prefer: `handling=strict, timezone=${zone}` },
      });
      expect(answer).toMatchObject({
        status: 400,
        body: {
          code: "PGRST122",
          message: "Invalid preferences given with handling=strict",
          details: `Invalid preferences: timezone=${zone}`,
          hint: null,
        },
      });
    }
  });

  it("is ignored otherwise: the server's zone, and not listed as applied", async () => {
    const lenient = await call("posts?select=created_at&id=eq.1", {
      headers: { Prefer: "handling=lenient, timezone=Invalid/Timezone" },
    });
    expect(lenient).toMatchObject({ status: 200, body: [{ created_at: "2024-01-01T10:00:00+00:00" }] });
    expect(lenient.headers.get("preference-applied")).toBe("handling=lenient");
    const bare = await call("posts?select=created_at&id=eq.1", { headers: { Prefer: "timezone=Invalid/Timezone" } });
    expect(bare.headers.get("preference-applied")).toBeNull();
  });
});

describe("Prefer: params=single-object, which PostgREST v13 dropped", () => {
  it("is an unknown preference: ignored, the body's keys are the arguments", async () => {
    const answer = await call("rpc/add", json("POST", { a: 1 }, { Prefer: "params=single-object" }));
    expect(answer).toMatchObject({ status: 200, body: 3 });
  });

  it("is PGRST122 with handling=strict", async () => {
    const answer = await call("rpc/add", json("POST", { a: 1 }, { Prefer: "handling=strict, params=single-object" }));
    expect(answer).toMatchObject({
      status: 400,
      body: { code: "PGRST122", details: "Invalid preferences: params=single-object" },
    });
  });
});

describe("transaction end, with pgrst.db_tx_end as on PostgREST", () => {
  const setTxEnd = (value: string) =>
    stack.db.exec(`alter role authenticator set pgrst.db_tx_end = '${value}'; notify pgrst, 'reload config';`);

  afterAll(async () => {
    await stack.db.exec("alter role authenticator reset pgrst.db_tx_end; notify pgrst, 'reload config';");
  });

  it("commit-allow-override: tx=rollback answers the representation, lists tx=rollback, keeps nothing", async () => {
    await setTxEnd("commit-allow-override");
    const prefer = { Prefer: "return=representation, tx=rollback" };

    const answer = await call("users", json("POST", { id: 31, name: "dry run" }, prefer));

    expect(answer).toMatchObject({ status: 201, body: [{ id: 31, name: "dry run" }] });
    expect(answer.headers.get("preference-applied")).toBe("return=representation, tx=rollback");
    expect((await call("users?id=eq.31")).body).toEqual([]);
  });

  it("commit-allow-override: tx=commit and no tx keep the change", async () => {
    await setTxEnd("commit-allow-override");

    const committed = await call("users", json("POST", { id: 32, name: "kept" }, { Prefer: "tx=commit" }));
    await call("users", json("POST", { id: 33, name: "kept too" }));

    expect(committed.headers.get("preference-applied")).toBe("tx=commit");
    expect((await call("users?id=in.(32,33)&order=id")).body).toEqual([
      { id: 32, name: "kept" },
      { id: 33, name: "kept too" },
    ]);
  });

  it("rollback: every request rolls back and tx=commit is not applied", async () => {
    await setTxEnd("rollback");

    const answer = await call("users", json("POST", { id: 34, name: "never" }, { Prefer: "tx=commit" }));

    expect(answer.status).toBe(201);
    expect(answer.headers.get("preference-applied")).toBeNull();
    expect((await call("users?id=eq.34")).body).toEqual([]);
  });

  it("rollback-allow-override: tx=commit keeps the change", async () => {
    await setTxEnd("rollback-allow-override");

    await call("users", json("POST", { id: 35, name: "kept" }, { Prefer: "tx=commit" }));

    expect((await call("users?id=eq.35")).body).toEqual([{ id: 35, name: "kept" }]);
  });
});

describe("content negotiation as PostgREST's Negotiate.hs does it, after the request is planned", () => {
  const unavailable = (types: string) => ({
    status: 406,
    body: { code: "PGRST107", message: `None of these media types are available: ${types}`, details: null, hint: null },
  });

  it("a function's or a table's own handler applies to it alone, the table's only with the default select", async () => {
    expect(await call("posts", accept("text/plain"))).toMatchObject(unavailable("text/plain"));
    expect(await call("users", accept("text/html"))).toMatchObject(unavailable("text/html"));
    expect(await call("lines?select=id", accept("text/html"))).toMatchObject(unavailable("text/html"));
    // CustomMediaSpec: a function returning a set of a media type domain has no handler.
    expect(await call("rpc/hello_twice", accept("text/plain"))).toMatchObject(unavailable("text/plain"));
    // any_bytes' "*/*" handler answers any type, but for any_bytes only.
    expect(await call("stock?select=id&limit=1")).toMatchObject({ status: 200 });
    const csvAnswer = await rawRequest(stack, "stock?select=id&limit=0", { ...accept("text/csv"), token: service });
    expect([csvAnswer.status, await csvAnswer.text()]).toEqual([200, "\n"]);
  });

  it.each([
    ["a table not in the schema cache", "no_such_table", {}, 404, "PGRST205"],
    ["an embed without a relationship", "posts?select=id,no_such_table(*)", {}, 400, "PGRST200"],
    ["a function not in the schema cache", "rpc/no_such_function", {}, 404, "PGRST202"],
    [
      "a body that is not JSON",
      "stock",
      { method: "POST", body: "{", headers: { "Content-Type": "application/json" } },
      400,
      "PGRST102",
    ],
  ])("%s answers its own error before a 406", async (_, path, init, status, code) => {
    const headers = { ...(init as RequestInit).headers, Accept: "text/plain" };
    expect(await call(path, { ...init, headers })).toMatchObject({ status, body: { code } });
  });

  it("checks strict preferences after a read's or a call's negotiation, before a mutation's (Plan.hs)", async () => {
    const strict = { Prefer: "handling=strict, nonsense", Accept: "text/plain" };
    expect(await call("stock", { headers: strict })).toMatchObject(unavailable("text/plain"));
    expect(await call("rpc/one_two", { headers: strict })).toMatchObject(unavailable("text/plain"));
    expect(await call("stock", json("POST", { id: 93 }, strict))).toMatchObject({
      status: 400,
      body: { code: "PGRST122" },
    });
    // OPTIONS on a table plans nothing; on a function it plans the call, negotiation included.
    expect((await call("stock", { method: "OPTIONS", headers: strict })).status).toBe(200);
    expect(await call("rpc/one_two", { method: "OPTIONS", headers: strict })).toMatchObject(unavailable("text/plain"));
  });

  it("reads the Range header and a PUT's body before planning, as PostgREST's ApiRequest does", async () => {
    const range = { headers: { Range: "5-2", Accept: "text/plain" } };
    expect(await call("stock", range)).toMatchObject({ status: 416, body: { code: "PGRST103" } });
    const badBody = { method: "PUT", body: "{", headers: { "Content-Type": "application/json" } };
    expect(await call("stock?name=eq.x", badBody)).toMatchObject({ status: 400, body: { code: "PGRST102" } });
  });

  it("names an unknown type as sent, and an empty Accept as no type at all", async () => {
    expect(await call("stock", accept("Application/XML"))).toMatchObject(unavailable("Application/XML"));
    expect(await call("stock", accept("application/xml;v=2"))).toMatchObject(unavailable("application/xml;v=2"));
    expect(await call("stock", accept(""))).toMatchObject(unavailable(""));
  });

  it("reads nulls=stripped beside other parameters", async () => {
    const stripped = "application/vnd.pgrst.object+json; v=1; nulls=stripped";
    const answer = await call(
      "stock",
      json("POST", { id: 96, qty: null }, { Prefer: "return=representation", Accept: stripped }),
    );
    expect(answer).toMatchObject({ status: 201, body: { id: 96, note: "none" } });
    expect(answer.headers.get("content-type")).toBe("application/vnd.pgrst.object+json;nulls=stripped; charset=utf-8");
  });
});

describe("a byte order mark stays in the body, as PostgREST's parsers read it", () => {
  it("makes JSON invalid", async () => {
    const body = '\uFEFF{"id": 97}';
    expect(
      await call("stock", { method: "POST", body, headers: { "Content-Type": "application/json" } }),
    ).toMatchObject({
      status: 400,
      body: { code: "PGRST102", message: "Empty or invalid json" },
    });
  });

  it("is part of a CSV body's first column name", async () => {
    expect(await call("stock", csv("POST", "\uFEFFid,name\n98,x"))).toMatchObject({
      status: 400,
      body: { code: "PGRST204", message: "Could not find the '\uFEFFid' column of 'stock' in the schema cache" },
    });
  });
});

/** [what, path, request, Content-Type, body] of a custom media type handler's answer. */
type CustomMediaRow = [string, string, RequestInit, string, string];

describe("custom media type handlers answer as on PostgREST (CustomMediaSpec)", () => {
  it.each<CustomMediaRow>([
    ["a table's aggregate, for its rows", "lines", accept("text/html"), "text/html", "<li>line-1</li><li>line-2</li>"],
    ["a table's aggregate, its rows filtered", "lines?id=eq.2", accept("text/html"), "text/html", "<li>line-2</li>"],
    [
      "a table's aggregate, for a function returning its rows",
      "rpc/lines_by_id?max=1",
      accept("text/html"),
      "text/html",
      "<li>line-1</li>",
    ],
    [
      "an anyelement aggregate, for any table and select",
      "lines?select=name&order=id",
      accept("application/vnd.rows"),
      "application/vnd.rows",
      "(line-1)(line-2)",
    ],
    [
      "an anyelement aggregate, for a set-returning scalar function's rows",
      "rpc/one_two",
      accept("application/vnd.rows"),
      "application/vnd.rows",
      "(1)(2)",
    ],
    [
      "a function's own domain, a known type with its charset",
      "rpc/plain_hello",
      accept("text/plain"),
      "text/plain; charset=utf-8",
      "hello",
    ],
    [
      "a function's */* domain, for the default Accept, as octet-stream",
      "rpc/any_bytes",
      {},
      "application/octet-stream",
      "hi",
    ],
    ["a function's */* domain, for any type", "rpc/any_bytes", accept("app/bingo"), "application/octet-stream", "hi"],
    [
      "a jsonb domain, in jsonb's binary format (its version byte first)",
      "rpc/doc",
      accept("application/vnd.doc+json"),
      "application/vnd.doc+json",
      '\u0001{"a": 1}',
    ],
  ])("%s", async (_, path, init, type, body) => {
    const answer = await rawRequest(stack, path, { ...init, token: service });
    expect([answer.status, answer.headers.get("content-type"), await answer.text()]).toEqual([200, type, body]);
  });

  it("does not override the vendored types, and yields to an earlier accepted one", async () => {
    const object = await call("lines?id=eq.1", accept("application/vnd.pgrst.object+json"));
    expect(object).toMatchObject({ status: 200, body: { id: 1, name: "line-1" } });
    expect(await call("lines?id=eq.1", accept("application/json, text/html"))).toMatchObject({
      status: 200,
      body: [{ id: 1, name: "line-1" }],
    });
  });

  it("builds no body for HEAD (PostgREST's NoAgg), so no handler runs, yet names the type", async () => {
    // Without PostGIS a GeoJSON body is Postgres's 42883 (see above); HEAD never builds it.
    const geo = await rawRequest(stack, "posts", { method: "HEAD", ...accept("application/geo+json"), token: service });
    expect([geo.status, geo.headers.get("content-type"), await geo.text()]).toEqual([
      200,
      "application/geo+json; charset=utf-8",
      "",
    ]);
    const html = await rawRequest(stack, "lines", { method: "HEAD", ...accept("text/html"), token: service });
    expect([html.status, html.headers.get("content-type")]).toEqual([200, "text/html"]);
  });

  it("answers a mutation's representation through the handler", async () => {
    const inserted = json("POST", { id: 9, name: "line-9" }, { Prefer: "return=representation", Accept: "text/html" });
    const answer = await rawRequest(stack, "lines", { ...inserted, token: service });
    expect([answer.status, answer.headers.get("content-type"), await answer.text()]).toEqual([
      201,
      "text/html",
      "<li>line-9</li>",
    ]);
    await call("lines?id=eq.9", { method: "DELETE" });
  });

  it("answers a mutation without its representation as usual", async () => {
    const minimal = json("POST", { id: 8, name: "line-8" }, { Accept: "text/html" });
    expect((await call("lines", minimal)).status).toBe(201);
    expect((await call("lines?id=eq.8", { method: "DELETE", headers: { Accept: "text/html" } })).status).toBe(204);
  });
});

describe("from PostgREST's RpcSpec and UpsertSpec", () => {
  it("a single OUT parameter or one-column TABLE is still a row", async () => {
    expect(await call("rpc/single_out?num=5")).toMatchObject({ status: 200, body: { num_plus_one: 6 } });
    expect(await call("rpc/single_column_table")).toMatchObject({ status: 200, body: [{ a: "A" }] });
  });

  it("a function whose result is not the one row asked for rolls its changes back (SingularSpec)", async () => {
    const singular = json("POST", { new_name: "renamed" }, { Accept: "application/vnd.pgrst.object+json" });
    expect(await call("rpc/rename_lines", singular)).toMatchObject({
      status: 406,
      body: { code: "PGRST116", details: "The result contains 2 rows" },
    });
    expect(await call("lines?select=name&order=id")).toMatchObject({ body: [{ name: "line-1" }, { name: "line-2" }] });
  });

  it("a PT code that is no number is 500", async () => {
    expect(await call("rpc/raise_bad_pt")).toMatchObject({
      status: 500,
      body: { code: "PT40A", message: "Wrong", details: null, hint: null },
    });
  });

  it("HEAD ignores the Range header, as every method but GET", async () => {
    const head = await rawRequest(stack, "lines?select=id", {
      method: "HEAD",
      headers: { Range: "0-0", Prefer: "count=exact" },
      token: service,
    });
    expect([head.status, head.headers.get("content-range")]).toEqual([200, "0-1/2"]);
  });

  it("upserts into a partitioned table, telling inserted from updated rows", async () => {
    const merge = { Prefer: "return=representation, resolution=merge-duplicates" };
    const rows = [
      { name: "DeLorean", year: 1981 },
      { name: "Roma", year: 2021 },
    ];
    expect(await call("car_models", json("POST", rows, merge))).toMatchObject({ status: 201, body: rows });
    expect(await call("car_models", json("POST", [rows[0]], merge))).toMatchObject({ status: 200, body: [rows[0]] });
    const put = json("PUT", { name: "Supra", year: 2021 }, { Prefer: "return=representation" });
    expect(await call("car_models?name=eq.Supra&year=eq.2021", put)).toMatchObject({ status: 201 });
    expect(await call("car_models?name=eq.Supra&year=eq.2021", put)).toMatchObject({ status: 200 });
  });
});
