/**
 * Stands in for the transaction PostgREST wraps around each request (App.hs runDbHandler and
 * the `set_config` locals of Query.hs): BEGIN, the caller's role and request settings, the
 * statement, COMMIT. PGlite costs a WASM round trip per protocol message (a bound query is six),
 * so all of it travels as one simple-query message. The statement is prepared once per shape
 * (prepared.ts) and run as `EXECUTE name(values)`, each value an escaped, untyped string
 * literal coerced to the parameter's type, exactly as an untyped bound parameter is, so casts
 * and their errors (22P02, ...) are unchanged. Statements PREPARE cannot take (EXPLAIN) get
 * their values inlined where the parameters stand, which Postgres types the same way.
 * Large values (bodies past 64 KiB) still go as bound parameters. Every row comes back (EXPLAIN
 * answers in lines).
 * A failed statement leaves the transaction aborted; it is rolled back before anything else runs.
 */
import { type PGlite, parse, type QueryOptions, type Results, types } from "@electric-sql/pglite";
import { isPreparable, type PreparedStatements, preparedStatements } from "./prepared.ts";
import type { IsolationLevel } from "./schema-cache.ts";
import type { ResultRow } from "./sql.ts";

export interface Statement {
  sql: string;
  params: readonly unknown[];
  /** json columns as Postgres wrote them, not parsed (EXPLAIN (FORMAT JSON) is sent on as is). */
  jsonAsText?: boolean;
}

export interface RequestSettings {
  /** The request's schema, then `db-extra-search-path`, as `sql.ts` `ident`s: spliced into SQL as it is. */
  searchPath: string;
  /** The role's own settings (schema-cache.ts RoleSettings), set before the role as PostgREST does. */
  roleSettings: readonly (readonly [string, string])[];
  role: string;
  claims: string;
  method: string;
  path: string;
  headers: string;
  cookies: string;
  readOnly: boolean;
  /** BEGIN ISOLATION LEVEL this, when the role or the called function sets one. */
  isolation?: IsolationLevel | null;
  /** End with ROLLBACK (`pgrst.db_tx_end`, `Prefer: tx=rollback`): answer as if committed, keep nothing. */
  rollback: boolean;
  /** The transaction's TimeZone (`Prefer: timezone=`), else the server's. */
  timezone?: string | null;
  /** The called function's own settings named by `db_hoisted_tx_settings`, set after the time zone. */
  functionSettings?: readonly (readonly [string, string])[];
  /** `pgrst.db_pre_request`, quoted: called after the settings, before the statement. */
  preRequest?: string | null;
}

/** Thrown for a value Postgres could never receive, with the error a bound parameter gets. */
export class UnsendableValueError extends Error {
  readonly code = "22021";
  readonly severity = "ERROR";

  constructor() {
    super('invalid byte sequence for encoding "UTF8": 0x00');
  }
}

/**
 * Leaves json text alone: PGlite would parse it, and re-serialising would change EXPLAIN's numbers.
 * IMPORTANT: only where needed: PGlite answers a query with parsers of its own about twice as slowly.
 */
const JSON_AS_TEXT = { parsers: { [types.JSON]: (text: string) => text } };
const queryOptions = (statement: Statement) => (statement.jsonAsText ? JSON_AS_TEXT : undefined);

type Row = Record<string, unknown>;
type Check = (row: ResultRow) => void;

/** Only statements sql.ts builds come with a check, and those return one ResultRow. */
const checkedRow = (rows: Row[]) => rows[0] as unknown as ResultRow;

/**
 * Runs `statement` in one transaction as the caller and returns its rows. Without `check`, one
 * message to PGlite; with it, the commit waits for `check`, which may throw to roll it back.
 */
export async function runInTransaction(
  db: PGlite,
  settings: RequestSettings,
  statement: Statement,
  check?: Check,
): Promise<Row[]> {
  if (parameterBytes(statement.params) > MAX_INLINED_BYTES) return runBound(db, settings, statement, check);
  if (!isPreparable(statement.sql)) return runInlined(db, settings, statement, check);
  const prepared = preparedStatements(db);
  try {
    return await runPrepared(db, prepared, settings, statement, check);
  } catch (error) {
    // Someone on the Postgres port deallocated it (26000) or took its name (42P05): prepare anew, once.
    if (!hasCode(error, "26000") && !hasCode(error, "42P05")) throw error;
    return runPrepared(db, prepared, settings, statement, check);
  }
}

async function runPrepared(
  db: PGlite,
  prepared: PreparedStatements,
  settings: RequestSettings,
  statement: Statement,
  check?: Check,
): Promise<Row[]> {
  const values = statement.params.map(literal);
  const { name, fresh } = prepared.lookup(statement.sql);
  const parts = [...transactionStart(settings)];
  if (fresh) parts.push(`PREPARE ${name} AS ${statement.sql}`);
  parts.push(values.length ? `EXECUTE ${name}(${values.join(", ")})` : `EXECUTE ${name}`);
  try {
    const rows = await runMessage(db, parts, transactionEnd(settings), queryOptions(statement), check);
    await prepared.trim();
    return rows;
  } catch (error) {
    if (db.isInTransaction()) await db.exec("ROLLBACK");
    const kept = fresh && (await db.query("select from pg_prepared_statements where name = $1", [name])).rows.length;
    if (hasCode(error, "26000") || hasCode(error, "42P05") || (fresh && !kept)) prepared.forget(name);
    throw error;
  }
}

async function runInlined(db: PGlite, settings: RequestSettings, statement: Statement, check?: Check) {
  const parts = [...transactionStart(settings), inlineParameters(statement.sql, statement.params)];
  try {
    return await runMessage(db, parts, transactionEnd(settings), queryOptions(statement), check);
  } catch (error) {
    if (db.isInTransaction()) await db.exec("ROLLBACK");
    throw error;
  }
}

/** Sends `parts` as one message, the last being the statement; the end rides along unless `check` must run first. */
async function runMessage(
  db: PGlite,
  parts: string[],
  end: string,
  options: QueryOptions | undefined,
  check?: Check,
): Promise<Row[]> {
  const body = parts.join("; ");
  const results = await simpleQuery(db, check ? body : `${body}; ${end}`, options);
  const rows = (results[parts.length - 1]?.rows ?? []) as Row[];
  if (check) {
    check(checkedRow(rows));
    await db.exec(end);
  }
  return rows;
}

/**
 * What `db.exec` does, minus the Sync message it sends after every query: a second trip into
 * WASM that a simple query does not need (Postgres ends one with ReadyForQuery anyway). Same
 * locks, parsers, errors and notifications (LISTEN pgrst still hears them).
 * IMPORTANT: `_runExclusiveTransaction`/`_runExclusiveQuery` are PGlite's own (underscored)
 * locks, as `exec` takes them; the version is pinned, and the REST tests run through here.
 * Left out of `exec`: blobs (COPY to /dev/blob) and notices, which no REST statement uses.
 */
function simpleQuery(db: PGlite, sql: string, options: QueryOptions | undefined): Promise<Results[]> {
  return db._runExclusiveTransaction(() =>
    db._runExclusiveQuery(async () => {
      try {
        const messages = await db.execProtocolStream(queryMessage(sql), { syncToFs: false });
        return parse.parseResults(messages, db.parsers, options);
      } finally {
        if (!db.isInTransaction()) await db.syncToFs();
      }
    }),
  );
}

/**
 * The Query message ('Q', its length, the SQL as a C string), as `protocol.serialize.query`
 * writes it. That serializer counts UTF-8 bytes in JavaScript and grows its buffer through
 * several ArrayBuffers: about 8 µs of a point select for a 1.5 KB message, against under 1 µs here.
 */
function queryMessage(sql: string): Uint8Array {
  const length = Buffer.byteLength(sql);
  const message = Buffer.allocUnsafe(length + 6);
  message[0] = 0x51;
  message.writeInt32BE(length + 5, 1);
  message.write(sql, 5, "utf8");
  message[length + 5] = 0;
  return message;
}

const transactionEnd = (settings: RequestSettings) => (settings.rollback ? "ROLLBACK" : "COMMIT");

const hasCode = (error: unknown, code: string) =>
  typeof error === "object" && error !== null && (error as { code?: unknown }).code === code;

/**
 * IMPORTANT: a statement may repeat a parameter (an insert names its body up to six times),
 * and PGlite's WASM memory never shrinks after a large message. Past this size the values
 * go as bound parameters, once each, at the cost of a few more round trips.
 */
const MAX_INLINED_BYTES = 64 * 1024;

function parameterBytes(params: readonly unknown[]): number {
  return params.reduce<number>((sum, value) => sum + (typeof value === "string" ? value.length : 0), 0);
}

async function runBound(db: PGlite, settings: RequestSettings, statement: Statement, check?: Check) {
  return db.transaction(async (tx) => {
    // Before anything else: a transaction's isolation level is fixed by its first query.
    if (settings.isolation) await tx.exec(`SET TRANSACTION ISOLATION LEVEL ${settings.isolation}`);
    // As transactionStart does, so the path reads back the same either way.
    await tx.exec(`SET LOCAL search_path = ${settings.searchPath}`);
    const roleSettings = setConfigQuery(settings.roleSettings);
    if (roleSettings) await tx.exec(roleSettings);
    await tx.query(
      `select set_config('role', $1, true), set_config('request.jwt.claims', $2, true),
         set_config('request.method', $3, true), set_config('request.path', $4, true),
         set_config('request.headers', $5, true), set_config('request.cookies', $7, true),
         set_config('transaction_read_only', $6, true)`,
      [
        settings.role,
        settings.claims,
        settings.method,
        settings.path,
        settings.headers,
        settings.readOnly ? "on" : "off",
        settings.cookies,
      ],
    );
    if (settings.timezone) await tx.query("select set_config('timezone', $1, true)", [settings.timezone]);
    const functionSettings = setConfigQuery(settings.functionSettings);
    if (functionSettings) await tx.exec(functionSettings);
    if (settings.preRequest) await tx.exec(`SELECT ${settings.preRequest}()`);
    const { rows } = await tx.query<Row>(statement.sql, [...statement.params], queryOptions(statement));
    check?.(checkedRow(rows));
    if (settings.rollback) await tx.rollback();
    return rows;
  });
}

/**
 * BEGIN and the settings PostgREST's txVarQuery sets (Query/PreQuery.hs), in its order, as
 * `SET LOCAL`s where the value reads back the same: Postgres neither plans those nor answers
 * them with rows.
 */
function transactionStart(settings: RequestSettings): string[] {
  const isolation = settings.isolation ? ` ISOLATION LEVEL ${settings.isolation}` : "";
  const roleSettings = setConfigQuery(settings.roleSettings);
  const functionSettings = setConfigQuery(settings.functionSettings);
  return [
    `BEGIN${isolation} ${settings.readOnly ? "READ ONLY" : "READ WRITE"}`,
    // Identifiers, not a literal (SET would take a literal as one schema's name). Postgres
    // stores them unquoted, so current_setting('search_path') reads `public, extensions` where
    // PostgREST's set_config leaves `"public", "extensions"`: the same path, for ~25 µs less.
    `SET LOCAL search_path = ${settings.searchPath}`,
    ...(roleSettings ? [roleSettings] : []),
    `SET LOCAL role = ${literal(settings.role)}`,
    `SET LOCAL request.jwt.claims = ${literal(settings.claims)}`,
    `SET LOCAL request.method = ${literal(settings.method)}`,
    `SET LOCAL request.path = ${literal(settings.path)}`,
    `SET LOCAL request.headers = ${literal(settings.headers)}`,
    `SET LOCAL request.cookies = ${literal(settings.cookies)}`,
    ...(settings.timezone ? [`SET LOCAL timezone = ${literal(settings.timezone)}`] : []),
    ...(functionSettings ? [functionSettings] : []),
    ...(settings.preRequest ? [`SELECT ${settings.preRequest}()`] : []),
  ];
}

/**
 * A role's or function's settings as PostgREST applies them: `set_config`, which parses a list
 * setting such as search_path as SET would and takes any name. Null when there are none.
 */
function setConfigQuery(pairs: RequestSettings["functionSettings"] = []): string | null {
  if (pairs.length === 0) return null;
  const calls = pairs.map(([name, value]) => `set_config(${literal(name)}, ${literal(value)}, true)`);
  return `SELECT ${calls.join(", ")}`;
}

/**
 * Replaces `$n` with the n-th parameter as a literal. Quoted identifiers and string constants
 * are skipped, so a column named `"a$1"` or a constant such as `'$1'` stays as it is; the
 * query builder (sql.ts) writes no comments, dollar quotes or E'' strings of its own.
 */
export function inlineParameters(sql: string, params: readonly unknown[]): string {
  let out = "";
  let copied = 0;
  for (let i = 0; i < sql.length; i++) {
    const char = sql[i];
    if (char === '"' || char === "'") {
      i = closingQuote(sql, i, char);
    } else if (char === "$" && !isIdentifierChar(sql[i - 1])) {
      let end = i + 1;
      while (end < sql.length && isDigit(sql[end])) end++;
      if (end === i + 1) continue;
      const index = Number(sql.slice(i + 1, end)) - 1;
      if (index >= params.length) throw new Error(`statement refers to $${index + 1} of ${params.length} parameters`);
      out += sql.slice(copied, i) + literal(params[index]);
      copied = end;
      i = end - 1;
    }
  }
  return out + sql.slice(copied);
}

/** The index of the quote closing the one at `start`; a doubled quote is an escaped one. */
function closingQuote(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] !== quote) return i;
      i++;
    }
    i++;
  }
  throw new Error("statement has an unterminated quote");
}

const isDigit = (char: string | undefined) => char !== undefined && char >= "0" && char <= "9";
const isIdentifierChar = (char: string | undefined) => char !== undefined && /[\p{L}\p{N}_$]/u.test(char);

/**
 * An untyped string constant. E'' escapes its backslashes, so the value is read the same
 * whatever `standard_conforming_strings` says. NUL cannot be sent in a query string (it would
 * end it), nor in a parameter (Postgres refuses it), so it gets the parameter's error.
 */
function literal(value: unknown): string {
  if (value === null || value === undefined) return "NULL";
  if (typeof value !== "string" && typeof value !== "number" && typeof value !== "bigint") {
    throw new Error(`cannot send a ${typeof value} as a statement parameter`);
  }
  const text = String(value);
  if (text.includes("\0")) throw new UnsendableValueError();
  return `E'${text.replaceAll("\\", "\\\\").replaceAll("'", "''")}'`;
}
