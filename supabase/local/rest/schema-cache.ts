/**
 * Stands in for PostgREST's schema cache (src/PostgREST/SchemaCache.hs): the tables, views,
 * columns, foreign keys and functions of the exposed schemas, read from the catalogs once and
 * re-read lazily after `NOTIFY pgrst, 'reload schema'` (which platform.sql sends on any DDL).
 * Also reads PostgREST's in-database config (`pgrst.db_aggregates_enabled` on the
 * `authenticator` role), reloaded on `NOTIFY pgrst, 'reload config'`. Keys of views are
 * inferred from the tables they show (view-keys.ts). The time zone names (`Prefer: timezone=`)
 * are read apart, once. Functions the local stack cannot call (see `refusal`) stay in the
 * cache, so a call to one is refused by name rather than answered "not found".
 */
import type { PGlite } from "@electric-sql/pglite";
import { type CustomHandler, decodeMediaType, handlerKey, toMime } from "./media.ts";
import { ident } from "./sql.ts";
import { addViewKeys } from "./view-keys.ts";

export interface Column {
  name: string;
  /** `format_type` output: a type name that is safe to splice into SQL as a cast target. */
  type: string;
  /**
   * A computed field: a function of the row, which Postgres resolves from `alias.name`
   * (attribute notation) through the search path, as PostgREST's `fn(alias)` would.
   */
  computed?: true;
}

export interface Table {
  schema: string;
  name: string;
  /** Views and materialized views: their keys are those of the tables they show. */
  isView: boolean;
  columns: Map<string, Column>;
  /** A view's is the primary key of a table it shows in full, named by its view columns. */
  primaryKey: string[];
  /** What Postgres lets a statement do to it: always for tables, as `pg_relation_is_updatable` says for views. */
  insertable: boolean;
  updatable: boolean;
  deletable: boolean;
}

/** A foreign key of a table, or one inferred through views (a view on either side or both). */
export interface ForeignKey {
  name: string;
  schema: string;
  table: string;
  columns: string[];
  foreignSchema: string;
  foreignTable: string;
  foreignColumns: string[];
  /** The referencing columns are unique, so the reverse direction also yields one row. */
  oneToOne: boolean;
}

/** "unsupported": a result the local stack cannot shape (untyped `record`, a pseudo-type such as `anyelement`). */
export type ReturnShape = "void" | "scalar" | "setof-scalar" | "composite" | "setof-composite" | "unsupported";

export interface FunctionParam {
  /** "" for an unnamed parameter. */
  name: string;
  type: string;
  hasDefault: boolean;
  variadic: boolean;
}

export interface RoutineInfo {
  schema: string;
  name: string;
  params: FunctionParam[];
  shape: ReturnShape;
  /** `format_type` of what it returns. */
  returnType: string;
  /** Output columns when the function returns rows (a table type, OUT or TABLE columns). */
  columns: Map<string, Column>;
  /** The table or view whose row type it returns, so embeds can follow that table's keys. */
  returnsTable: string | null;
  /** The table whose row type the first parameter takes: a computed field or relationship. */
  firstParamTable: string | null;
  singleRow: boolean;
  /** `pg_proc.provolatile`: immutable, stable or volatile. */
  volatility: "i" | "s" | "v";
  /** Its own `SET default_transaction_isolation`, which PostgREST begins the call's transaction with. */
  isolation: IsolationLevel | null;
  /** Its own `SET` clauses named by `db_hoisted_tx_settings`, which PostgREST sets for the call's transaction too. */
  hoistedSettings: [name: string, value: string][];
  /** Why the local stack refuses to call it (PGRST127), or null. PostgREST calls every function. */
  refusal: string | null;
}

export type IsolationLevel = "read committed" | "repeatable read" | "serializable";

/**
 * What PostgREST applies to every request of a role it becomes (`alter role anon set
 * statement_timeout = '3s'`, its "impersonated role settings"), read as Config/Database.hs
 * `queryRoleSettings` reads them: from roles granted to `authenticator`, settings of every
 * database only, and only settings a plain role may set. Values as written: v14 lowercased
 * them until its fix for issue #4955 (`work_mem = '256MB'` failed every request).
 */
export interface RoleSettings {
  settings: [name: string, value: string][];
  /** `default_transaction_isolation`, which PostgREST begins the transaction with instead. */
  isolation: IsolationLevel | null;
}

/** PostgREST's in-database configuration (`alter role authenticator set pgrst.x = ...`). */
export interface ApiConfig {
  /** `pgrst.db_schemas`, over `[api] schemas`: the exposed schemas, the first the default. */
  schemas: string[];
  /** `pgrst.db_extra_search_path`, over `[api] extra_search_path`. */
  extraSearchPath: string[];
  /** `pgrst.db_anon_role`: the role of a token without one (Supabase's `anon`). */
  anonRole: string;
  /** `pgrst.jwt_aud`: the audience a token's `aud` must name, when set; Supabase sets none. */
  jwtAudience: string | null;
  /** `pgrst.jwt_role_claim_key` (`.role` by default), as keys and array indexes. */
  roleClaimPath: (string | number)[];
  /** `pgrst.db_aggregates_enabled`: off by default, on Supabase as on PostgREST. */
  aggregatesEnabled: boolean;
  /** `pgrst.db_plan_enabled`: whether `Accept: application/vnd.pgrst.plan` is answered; off by default. */
  planEnabled: boolean;
  /**
   * `pgrst.db_tx_end`: how each request's transaction ends (`commit`, the default, or
   * `rollback`), and whether `Prefer: tx=` may override it (the `-allow-override` forms).
   */
  txEnd: "commit" | "rollback";
  txOverride: boolean;
  /** By role name; read with the rest of the config, so `NOTIFY pgrst, 'reload config'` after ALTER ROLE. */
  roleSettings: Map<string, RoleSettings>;
  /** `pgrst.db_max_rows`, which takes precedence over `[api] max_rows`; null when unset. */
  maxRows: number | null;
  /** `pgrst.db_pre_request`: the function called before every request's statement, as SQL; null when unset. */
  preRequest: string | null;
  /**
   * `pgrst.db_hoisted_tx_settings`: which of a called function's own `SET` clauses PostgREST
   * also sets for the whole transaction, as patterns (SchemaCache.hs matches `setting ~ any(...)`).
   */
  hoistedTxSettings: string[];
}

/** The config file's part of the config; the in-database settings take precedence. */
export interface FileConfig {
  schemas: string[];
  extraSearchPath: string[];
}

/** In-database settings this stack reads; `db_prepared_statements` changes no answer, so it is taken as read. */
const SUPPORTED_CONFIG = new Set(
  [
    "db_schemas",
    "db_extra_search_path",
    "db_anon_role",
    "jwt_aud",
    "jwt_role_claim_key",
    "db_aggregates_enabled",
    "db_plan_enabled",
    "db_tx_end",
    "db_max_rows",
    "db_pre_request",
    "db_hoisted_tx_settings",
    "db_prepared_statements",
  ].map((name) => `pgrst.${name}`),
);
/** PostgREST's default `db-hoisted-tx-settings`. */
const HOISTED_TX_SETTINGS = ["statement_timeout", "plan_filter.statement_cost_limit", "default_transaction_isolation"];
const warnedConfig = new Set<string>();

export interface SchemaCache {
  tables: Map<string, Table>;
  /** Every schema's: a view in an exposed schema may show tables of a private one. */
  foreignKeys: ForeignKey[];
  routines: Map<string, RoutineInfo[]>;
  /** Every role name, and whether the API's `authenticator` login may switch to it. */
  roles: Map<string, boolean>;
  /** Custom media type handlers, by handlerKey (media.ts): a domain named like a type, returned by an aggregate or a function. */
  mediaHandlers: Map<string, CustomHandler>;
  config: ApiConfig;
}

export const qualifiedName = (schema: string, name: string) => `${schema}.${name}`;

interface CacheState {
  /** The config file's schemas it was loaded for. */
  file: FileConfig;
  cache: SchemaCache | null;
  /** Bumped on every reload notice, so a load that raced with DDL is not kept. */
  generation: number;
  loading: Promise<SchemaCache> | null;
  listening: Promise<unknown>;
}

const states = new WeakMap<PGlite, CacheState>();

export async function getSchemaCache(db: PGlite, file: FileConfig): Promise<SchemaCache> {
  let state = states.get(db);
  if (!state) {
    const created: CacheState = { file, cache: null, generation: 0, loading: null, listening: Promise.resolve() };
    created.listening = db.listen("pgrst", (payload) => {
      if (payload !== "reload schema" && payload !== "reload config" && payload !== "") return;
      created.cache = null;
      created.loading = null;
      created.generation++;
    });
    states.set(db, created);
    state = created;
  }
  await state.listening;
  // Another stack over the same database may expose other schemas.
  if (!sameList(state.file.schemas, file.schemas) || !sameList(state.file.extraSearchPath, file.extraSearchPath)) {
    state.file = file;
    state.cache = null;
    state.loading = null;
    state.generation++;
  }
  if (state.cache) return state.cache;
  let loading = state.loading;
  if (!loading) {
    const current = state;
    const generation = current.generation;
    loading = loadSchemaCache(db, file).then(
      (cache) => {
        if (current.generation === generation) {
          current.loading = null;
          current.cache = cache;
        }
        return cache;
      },
      (error: unknown) => {
        current.loading = null;
        throw error;
      },
    );
    current.loading = loading;
  }
  return loading;
}

function sameList(a: string[], b: string[]): boolean {
  return a === b || (a.length === b.length && a.every((item, i) => item === b[i]));
}

const timezones = new WeakMap<PGlite, Promise<ReadonlySet<string>>>();

/**
 * The zone names `Prefer: timezone=` may name (PostgREST's dbTimezones). Read on the first
 * request that names one, once: the list comes from the server's zone files, not from DDL.
 */
export function timezoneNames(db: PGlite): Promise<ReadonlySet<string>> {
  let names = timezones.get(db);
  if (!names) {
    names = db.query<{ name: string }>("select name from pg_timezone_names").then(
      ({ rows }) => new Set(rows.map((row) => row.name)),
      (error: unknown) => {
        timezones.delete(db);
        throw error;
      },
    );
    timezones.set(db, names);
  }
  return names;
}

/** Roles are global objects that fire no DDL event; re-read them when a token names a new one. */
export async function refreshRoles(db: PGlite, cache: SchemaCache): Promise<void> {
  cache.roles = await loadRoles(db);
}

async function loadSchemaCache(db: PGlite, file: FileConfig): Promise<SchemaCache> {
  const config = await loadConfig(db, file);
  const [tables, tableKeys, routines, roles, mediaHandlers] = [
    await loadTables(db, config.schemas),
    await loadForeignKeys(db),
    await loadRoutines(db, config.schemas, config.hoistedTxSettings),
    await loadRoles(db),
    await loadMediaHandlers(db, config.schemas),
  ];
  const viewKeys = await addViewKeys(db, config, tables, tableKeys);
  return { tables, foreignKeys: [...tableKeys, ...viewKeys], routines, roles, mediaHandlers, config };
}

/**
 * SchemaCache.hs mediaHandlers, by handlerKey (media.ts): domains named like a media type (or the
 * wildcard, answered as application/octet-stream) that an exposed one-argument aggregate
 * returns, its target the row type's table (or "" for anyelement), or that an exposed function
 * not returning a set returns, its target that function and its handler the domain.
 */
async function loadMediaHandlers(db: PGlite, schemas: string[]): Promise<Map<string, CustomHandler>> {
  const { rows } = await db.query<{
    handler_schema: string;
    handler_name: string;
    aggregate: boolean;
    target_schema: string;
    target_name: string;
    media_type: string;
    resolved_media_type: string;
    send_schema: string;
    send_name: string;
  }>(
    `with media_types as (
       select t.oid, t.typnamespace, t.typname, lower(t.typname) as media_type,
         case t.typname when '*/*' then 'application/octet-stream' else t.typname end as resolved_media_type,
         send_schema.nspname as send_schema, send.proname as send_name
       from pg_type t join pg_type b on b.oid = t.typbasetype
         join pg_proc send on send.oid = b.typsend join pg_namespace send_schema on send_schema.oid = send.pronamespace
       where t.typbasetype <> 0 and (t.typname ~* '^[A-Za-z0-9.-]+/[A-Za-z0-9.+-]+$' or t.typname = '*/*')
     )
     select n.nspname as handler_schema, p.proname as handler_name, true as aggregate,
       arg_schema.nspname as target_schema, arg.typname as target_name,
       m.media_type, m.resolved_media_type, m.send_schema, m.send_name
     from media_types m
       join pg_proc p on p.prorettype = m.oid join pg_namespace n on n.oid = p.pronamespace
       join pg_aggregate a on a.aggfnoid = p.oid
       join pg_type arg on arg.oid = p.proargtypes[0]
       join pg_namespace arg_schema on arg_schema.oid = arg.typnamespace
     where n.nspname = any($1) and p.pronargs = 1
       and arg.oid in (select reltype from pg_class where relkind in ('v', 'r', 'm', 'f', 'p')
                       union select 'anyelement'::regtype::oid)
     union
     select type_schema.nspname, m.typname, false, n.nspname, p.proname,
       m.media_type, m.resolved_media_type, m.send_schema, m.send_name
     from media_types m
       join pg_proc p on p.prorettype = m.oid join pg_namespace n on n.oid = p.pronamespace
       join pg_namespace type_schema on type_schema.oid = m.typnamespace
     where n.nspname = any($1) and not p.proretset and p.prokind = 'f'`,
    [schemas],
  );
  const handlers = new Map<string, CustomHandler>();
  for (const row of rows) {
    const anyElement = row.target_schema === "pg_catalog" && row.target_name === "anyelement";
    const target = anyElement ? null : `${ident(row.target_schema)}.${ident(row.target_name)}`;
    const key = handlerKey(
      anyElement ? "" : qualifiedName(row.target_schema, row.target_name),
      toMime(decodeMediaType(row.media_type)),
    );
    handlers.set(key, {
      fn: `${ident(row.handler_schema)}.${ident(row.handler_name)}`,
      aggregate: row.aggregate,
      target: row.aggregate ? target : null,
      send: `${ident(row.send_schema)}.${ident(row.send_name)}`,
      mime: toMime(decodeMediaType(row.resolved_media_type)),
    });
  }
  return handlers;
}

/**
 * As Config/Database.hs queryDbSettings: the authenticator's settings, those `IN DATABASE`
 * this one over those of every database; then parsed as PostgREST parses its config file.
 */
async function loadConfig(db: PGlite, file: FileConfig): Promise<ApiConfig> {
  const { rows } = await db.query<{ setting: string }>(
    `select unnest(s.setconfig) as setting from pg_db_role_setting s join pg_roles r on r.oid = s.setrole
     where r.rolname = 'authenticator' and s.setdatabase in (0, (select oid from pg_database where datname = current_database()))
     order by s.setdatabase`,
  );
  // A later row wins: the database's own settings come last.
  const settings = new Map(rows.map((row) => row.setting.split(/=(.*)/s) as [string, string]));
  for (const name of settings.keys()) {
    if (name.startsWith("pgrst.") && !SUPPORTED_CONFIG.has(name))
      warnOnce(name, "which the local Supabase stack does not support");
  }
  // PostgREST's config parser takes an empty string as unset.
  const value = (name: string) => settings.get(`pgrst.${name}`) || null;
  const list = (name: string) =>
    value(name)
      ?.split(",")
      .map((item) => item.trim());
  const txEnd = value("db_tx_end")?.toLowerCase() ?? "commit";
  const maxRows = Number.parseInt(value("db_max_rows") ?? "", 10);
  const preRequest = value("db_pre_request");
  return {
    schemas: list("db_schemas") ?? file.schemas,
    extraSearchPath: list("db_extra_search_path") ?? file.extraSearchPath,
    anonRole: value("db_anon_role") ?? "anon",
    jwtAudience: value("jwt_aud"),
    roleClaimPath: roleClaimPath(value("jwt_role_claim_key") ?? ".role"),
    aggregatesEnabled: value("db_aggregates_enabled")?.toLowerCase() === "true",
    planEnabled: value("db_plan_enabled")?.toLowerCase() === "true",
    txEnd: txEnd.startsWith("rollback") ? "rollback" : "commit",
    txOverride: txEnd.endsWith("-allow-override"),
    roleSettings: await loadRoleSettings(db),
    maxRows: Number.isNaN(maxRows) ? null : maxRows,
    // A QualifiedIdentifier: `schema.function`, or a bare name found through the search path.
    preRequest: preRequest ? preRequest.split(".").map(ident).join(".") : null,
    hoistedTxSettings: list("db_hoisted_tx_settings") ?? HOISTED_TX_SETTINGS,
  };
}

function warnOnce(name: string, why: string) {
  if (warnedConfig.has(name)) return;
  warnedConfig.add(name);
  console.warn(`[rest] the authenticator role sets ${name}, ${why}: it answers as if it were unset.`);
}

/**
 * Config/JSPath.hs: `.key`, `."any key"`, each optionally followed by `[index]`. Its filters
 * (`[?(@ == "admin")]`) are not supported: warned about, and the default `.role` used.
 */
function roleClaimPath(path: string): (string | number)[] {
  const segment = /^\.([\p{L}\p{N}_$@]+|"[^"]*")(?:\[(\d+)\])?/u;
  const keys: (string | number)[] = [];
  for (let rest = path; rest !== ""; ) {
    const match = rest.match(segment);
    if (!match) {
      warnOnce("pgrst.jwt_role_claim_key", `to ${path}, a path the local Supabase stack cannot follow`);
      return ["role"];
    }
    const key = match[1] ?? "";
    keys.push(key.startsWith('"') ? key.slice(1, -1) : key);
    if (match[2] !== undefined) keys.push(Number(match[2]));
    rest = rest.slice(match[0].length);
  }
  return keys;
}

async function loadRoleSettings(db: PGlite): Promise<Map<string, RoleSettings>> {
  // PostgREST asks as authenticator, whose grants `has_parameter_privilege` checks; PGlite is a superuser.
  const { rows } = await db.query<{ role: string; isolation: string | null; settings: [string, string][] }>(
    `with authenticator as (select oid from pg_roles where rolname = 'authenticator'),
     kv as (
       select r.rolname, substr(setting, 1, strpos(setting, '=') - 1) as key,
              substr(setting, strpos(setting, '=') + 1) as value
       from pg_auth_members m join pg_roles r on r.oid = m.roleid, unnest(r.rolconfig) setting
       where m.member = (select oid from authenticator)
     )
     select kv.rolname as role,
            lower(max(kv.value) filter (where kv.key = 'default_transaction_isolation')) as isolation,
            coalesce(json_agg(json_build_array(kv.key, kv.value))
                       filter (where kv.key <> 'default_transaction_isolation'), '[]') as settings
     from kv join pg_settings ps on ps.name = kv.key
       and (ps.context = 'user' or has_parameter_privilege((select oid from authenticator), ps.name, 'set'))
     group by kv.rolname`,
  );
  return new Map(rows.map((row) => [row.role, { settings: row.settings, isolation: isolationLevel(row.isolation) }]));
}

/** As PostgREST's toIsolationLevel: anything else is READ COMMITTED. */
function isolationLevel(value: string | null): IsolationLevel | null {
  if (value === null) return null;
  return value === "repeatable read" || value === "serializable" ? value : "read committed";
}

interface ColumnRow {
  name: string;
  type: string;
}

async function loadTables(db: PGlite, schemas: string[]): Promise<Map<string, Table>> {
  const { rows } = await db.query<{
    schema: string;
    name: string;
    is_view: boolean;
    columns: ColumnRow[];
    pk: string[];
    insertable: boolean;
    updatable: boolean;
    deletable: boolean;
  }>(
    `select n.nspname as schema, c.relname as name, c.relkind in ('v', 'm') as is_view,
       coalesce((select json_agg(json_build_object('name', a.attname, 'type', format_type(a.atttypid, a.atttypmod))
                   order by a.attnum)
                 from pg_attribute a where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped), '[]') as columns,
       coalesce((select json_agg(a.attname order by array_position(i.indkey::int2[], a.attnum))
                 from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey::int2[])
                 where i.indrelid = c.oid and i.indisprimary), '[]') as pk,
       -- PostgREST's tablesSqlQuery: the bits of pg_relation_is_updatable are 1 << CMD_INSERT etc.
       c.relkind in ('r', 'p') or (c.relkind in ('v', 'f') and (pg_relation_is_updatable(c.oid, true) & 8) = 8) as insertable,
       c.relkind in ('r', 'p') or (c.relkind in ('v', 'f') and (pg_relation_is_updatable(c.oid, true) & 4) = 4) as updatable,
       c.relkind in ('r', 'p') or (c.relkind in ('v', 'f') and (pg_relation_is_updatable(c.oid, true) & 16) = 16) as deletable
     from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = any($1) and c.relkind in ('r', 'v', 'm', 'f', 'p')`,
    [schemas],
  );
  return new Map(
    rows.map((row) => [
      qualifiedName(row.schema, row.name),
      {
        schema: row.schema,
        name: row.name,
        isView: row.is_view,
        columns: toColumns(row.columns),
        primaryKey: row.pk,
        insertable: row.insertable,
        updatable: row.updatable,
        deletable: row.deletable,
      },
    ]),
  );
}

function toColumns(rows: ColumnRow[]): Map<string, Column> {
  return new Map(rows.map((c) => [c.name, { name: c.name, type: c.type }]));
}

async function loadForeignKeys(db: PGlite): Promise<ForeignKey[]> {
  const { rows } = await db.query<{
    name: string;
    schema: string;
    table: string;
    columns: string[];
    foreign_schema: string;
    foreign_table: string;
    foreign_columns: string[];
    one_to_one: boolean;
  }>(
    `select con.conname as name, n.nspname as schema, c.relname as table,
       fn.nspname as foreign_schema, fc.relname as foreign_table,
       (select json_agg(a.attname order by k.ord) from unnest(con.conkey) with ordinality k(attnum, ord)
          join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.attnum) as columns,
       (select json_agg(a.attname order by k.ord) from unnest(con.confkey) with ordinality k(attnum, ord)
          join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.attnum) as foreign_columns,
       exists (select 1 from pg_index i where i.indrelid = con.conrelid and i.indisunique and i.indpred is null
                 and i.indkey::int2[] @> con.conkey and i.indkey::int2[] <@ con.conkey) as one_to_one
     from pg_constraint con
     join pg_class c on c.oid = con.conrelid join pg_namespace n on n.oid = c.relnamespace
     join pg_class fc on fc.oid = con.confrelid join pg_namespace fn on fn.oid = fc.relnamespace
     -- A partition's copy of its parent's key is no relationship of its own.
     where con.contype = 'f' and con.conparentid = 0
     order by con.conname`,
  );
  return rows.map((row) => ({
    name: row.name,
    schema: row.schema,
    table: row.table,
    columns: row.columns,
    foreignSchema: row.foreign_schema,
    foreignTable: row.foreign_table,
    foreignColumns: row.foreign_columns,
    oneToOne: row.one_to_one,
  }));
}

interface RoutineRow {
  schema: string;
  name: string;
  returns_set: boolean;
  rows: number;
  ret_type: string;
  ret_typtype: string;
  ret_columns: ColumnRow[] | null;
  ret_table: string | null;
  arg_names: string[] | null;
  arg_modes: string[] | null;
  arg_types: string[];
  n_defaults: number;
  first_param_table: string | null;
  volatility: "i" | "s" | "v";
  isolation: string | null;
  hoisted_settings: [string, string][];
}

async function loadRoutines(db: PGlite, schemas: string[], hoisted: string[]): Promise<Map<string, RoutineInfo[]>> {
  const { rows } = await db.query<RoutineRow>(
    `select n.nspname as schema, p.proname as name, p.proretset as returns_set, p.prorows as rows,
       p.provolatile as volatility,
       (select lower(substr(c, strpos(c, '=') + 1)) from unnest(p.proconfig) c
          where c like 'default\\_transaction\\_isolation=%') as isolation,
       -- As SchemaCache.hs funcsSqlQuery: each pattern is a regular expression over "name=value".
       coalesce((select json_agg(json_build_array(substr(c, 1, strpos(c, '=') - 1), substr(c, strpos(c, '=') + 1)))
                 from unnest(p.proconfig) c where c ~ any($2)), '[]') as hoisted_settings,
       format_type(p.prorettype, null) as ret_type, t.typtype as ret_typtype,
       (select json_agg(json_build_object('name', a.attname, 'type', format_type(a.atttypid, a.atttypmod))
                 order by a.attnum)
          from pg_attribute a where a.attrelid = t.typrelid and t.typrelid <> 0 and a.attnum > 0 and not a.attisdropped)
         as ret_columns,
       (select rc.relname from pg_class rc join pg_namespace rn on rn.oid = rc.relnamespace
          where rc.oid = t.typrelid and rn.nspname = n.nspname) as ret_table,
       p.proargnames as arg_names, p.proargmodes::text[] as arg_modes,
       array(select format_type(x, null) from unnest(coalesce(p.proallargtypes, p.proargtypes::oid[]))
               with ordinality u(x, ord) order by ord) as arg_types,
       p.pronargdefaults as n_defaults,
       (select fc.relname from pg_type ft join pg_class fc on fc.oid = ft.typrelid
          join pg_namespace fcn on fcn.oid = fc.relnamespace
          where ft.oid = p.proargtypes[0] and fcn.nspname = n.nspname) as first_param_table
     from pg_proc p join pg_namespace n on n.oid = p.pronamespace join pg_type t on t.oid = p.prorettype
     where n.nspname = any($1) and p.prokind = 'f'
     order by p.oid`,
    [schemas, hoisted],
  );
  const routines = new Map<string, RoutineInfo[]>();
  for (const row of rows) {
    const routine = toRoutine(row);
    const key = qualifiedName(row.schema, row.name);
    routines.set(key, [...(routines.get(key) ?? []), routine]);
  }
  return routines;
}

function toRoutine(row: RoutineRow): RoutineInfo {
  const inputs: FunctionParam[] = [];
  const outputs: ColumnRow[] = [];
  row.arg_types.forEach((type, i) => {
    const mode = row.arg_modes?.[i] ?? "i";
    const name = row.arg_names?.[i] ?? "";
    if (mode === "i" || mode === "b" || mode === "v")
      inputs.push({ name, type, hasDefault: false, variadic: mode === "v" });
    if (mode === "o" || mode === "b" || mode === "t") outputs.push({ name, type });
  });
  inputs.forEach((param, i) => {
    param.hasDefault = i >= inputs.length - row.n_defaults;
  });
  // OUT, INOUT and TABLE parameters are the result's columns, a single one too (RpcSpec), for
  // which Postgres names that column's type as the result's.
  const columns = outputs.length > 0 ? outputs : row.ret_type === "record" ? null : row.ret_columns;
  let shape: ReturnShape;
  if (row.ret_type === "void") shape = "void";
  else if (columns) shape = row.returns_set ? "setof-composite" : "composite";
  else if (row.ret_type === "record" || (row.ret_typtype === "p" && !POLYMORPHIC.test(row.ret_type))) {
    shape = "unsupported";
  } else shape = row.returns_set ? "setof-scalar" : "scalar";
  return {
    schema: row.schema,
    name: row.name,
    params: inputs,
    shape,
    returnType: row.ret_type,
    columns: toColumns(columns ?? []),
    returnsTable: row.ret_type === "record" || outputs.length > 0 ? null : row.ret_table,
    firstParamTable: row.first_param_table,
    // PostgREST treats `returns setof ... rows 1` as returning one row (a to-one relationship).
    singleRow: !row.returns_set || Number(row.rows) === 1,
    volatility: row.volatility,
    isolation: isolationLevel(row.isolation),
    hoistedSettings: row.hoisted_settings,
    refusal: refusalOf(shape, row.ret_type),
  };
}

/** Polymorphic types take their real type from the call's arguments: a result of one is a scalar, as on PostgREST. */
const POLYMORPHIC = /^any(element|array|nonarray|enum|range|multirange|compatible(array|nonarray|range|multirange)?)?$/;

function refusalOf(shape: ReturnShape, returnType: string): string | null {
  if (shape !== "unsupported") return null;
  return returnType === "record"
    ? "Calling a function returning record without OUT or TABLE columns"
    : `Calling a function returning ${returnType}`;
}

async function loadRoles(db: PGlite): Promise<Map<string, boolean>> {
  const { rows } = await db.query<{ rolname: string; grantable: boolean }>(
    `select rolname, exists (select 1 from pg_roles a where a.rolname = 'authenticator'
                               and pg_has_role(a.oid, r.oid, 'MEMBER')) as grantable
     from pg_roles r`,
  );
  return new Map(rows.map((row) => [row.rolname, row.grantable]));
}
