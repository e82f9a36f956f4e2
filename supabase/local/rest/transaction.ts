/**
 * Stands in for the transaction PostgREST wraps around each request (App.hs runDbHandler and
 * the `set_config` locals of Query.hs): BEGIN, the caller's role and request settings, the
 * statement, COMMIT. PGlite costs a WASM round trip per protocol message (a bound query is six),
 * so all of it travels as one simple-query message, with every parameter inlined as an
 * escaped, untyped string literal: Postgres infers its type from where it stands, exactly as
 * it does for an untyped bound parameter, so casts and their errors (22P02, ...) are unchanged.
 * Large values (bodies past 64 KiB) still go as bound parameters.
 * A failed statement leaves the transaction aborted; it is rolled back before anything else runs.
 * Not supported: `Prefer: tx=rollback`, isolation levels other than READ COMMITTED.
 */
import type { PGlite } from "@electric-sql/pglite";
import type { ResultRow } from "./sql.ts";

export interface Statement {
  sql: string;
  params: readonly unknown[];
}

export interface RequestSettings {
  role: string;
  claims: string;
  method: string;
  path: string;
  headers: string;
  readOnly: boolean;
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
 * Runs `statement` in one transaction as the caller. Without `check`, one message to PGlite;
 * with it, the commit waits for `check`, which may throw to roll the transaction back.
 */
export async function runInTransaction(
  db: PGlite,
  settings: RequestSettings,
  statement: Statement,
  check?: (row: ResultRow) => void,
): Promise<ResultRow> {
  if (parameterBytes(statement.params) > MAX_INLINED_BYTES) return runBound(db, settings, statement, check);
  const body = `BEGIN; ${settingsSql(settings)}; ${inlineParameters(statement.sql, statement.params)}`;
  try {
    const results = await db.exec(check ? body : `${body}; COMMIT`);
    const row = results[2]?.rows[0] as ResultRow;
    if (check) {
      check(row);
      await db.exec("COMMIT");
    }
    return row;
  } catch (error) {
    if (db.isInTransaction()) await db.exec("ROLLBACK");
    throw error;
  }
}

/**
 * IMPORTANT: a statement may repeat a parameter (an insert names its body up to six times),
 * and PGlite's WASM memory never shrinks after a large message. Past this size the values
 * go as bound parameters, once each, at the cost of a few more round trips.
 */
const MAX_INLINED_BYTES = 64 * 1024;

function parameterBytes(params: readonly unknown[]): number {
  return params.reduce<number>((sum, value) => sum + (typeof value === "string" ? value.length : 0), 0);
}

async function runBound(db: PGlite, settings: RequestSettings, statement: Statement, check?: (row: ResultRow) => void) {
  return db.transaction(async (tx) => {
    await tx.query(
      `select set_config('role', $1, true), set_config('request.jwt.claims', $2, true),
         set_config('request.method', $3, true), set_config('request.path', $4, true),
         set_config('request.headers', $5, true), set_config('transaction_read_only', $6, true)`,
      [
        settings.role,
        settings.claims,
        settings.method,
        settings.path,
        settings.headers,
        settings.readOnly ? "on" : "off",
      ],
    );
    const { rows } = await tx.query<ResultRow>(statement.sql, [...statement.params]);
    const row = rows[0] as ResultRow;
    check?.(row);
    return row;
  });
}

// transaction_read_only may be switched on at any point; only switching it off is restricted.
function settingsSql(settings: RequestSettings): string {
  const pairs: Array<[string, string]> = [
    ["role", settings.role],
    ["request.jwt.claims", settings.claims],
    ["request.method", settings.method],
    ["request.path", settings.path],
    ["request.headers", settings.headers],
    ["transaction_read_only", settings.readOnly ? "on" : "off"],
  ];
  return `select ${pairs.map(([name, value]) => `set_config('${name}', ${literal(value)}, true)`).join(", ")}`;
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
