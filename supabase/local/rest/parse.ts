/**
 * Stands in for PostgREST's query-string grammar (src/PostgREST/ApiRequest/QueryParams.hs):
 * `select` trees with aliases, casts and embeds, horizontal filters with `not.`, `or`/`and`
 * logic trees, `order`, `limit`/`offset` (also per embed), `on_conflict` and `columns`.
 * Parse errors are PGRST100 with PostgREST's message shape; the `details` text only
 * approximates Parsec's "expecting ..." list. Spreads (`...embed()`) and aggregates (`count()`,
 * `col.sum()::int`) are parsed here and judged by the planner.
 */
import { queryParamError, restError } from "./errors.ts";

/** One `->key` / `->>key` step of a JSON path after a column name. */
export interface JsonStep {
  arrow: "->" | "->>";
  key: string;
}

export type AggregateFunction = "count" | "sum" | "avg" | "max" | "min";

export type SelectItem =
  | { kind: "star" }
  | {
      kind: "column";
      name: string;
      path: JsonStep[];
      alias: string | null;
      cast: string | null;
      /** `col.sum()`, `count()` (name "*"), with the cast of the result in `col.sum()::int`. */
      aggregate: { fn: AggregateFunction; cast: string | null } | null;
    }
  | {
      kind: "embed";
      name: string;
      alias: string | null;
      hint: string | null;
      inner: boolean;
      /** `...embed(cols)`: the embed's columns are spread into the parent's object. */
      spread: boolean;
      select: SelectItem[];
    };

export type Operator =
  | "eq"
  | "neq"
  | "gt"
  | "gte"
  | "lt"
  | "lte"
  | "like"
  | "ilike"
  | "match"
  | "imatch"
  | "in"
  | "is"
  | "isdistinct"
  | "cs"
  | "cd"
  | "ov"
  | "sl"
  | "sr"
  | "nxr"
  | "nxl"
  | "adj"
  | "fts"
  | "plfts"
  | "phfts"
  | "wfts";

export type Condition =
  | {
      kind: "filter";
      column: string;
      path: JsonStep[];
      negate: boolean;
      op: Operator;
      value: string | string[];
      /** The text search configuration of `fts(english)`. */
      config: string | null;
      /** `eq(any).{a,b}`: compare with any / all elements of an array literal. */
      quantifier: "any" | "all" | null;
      /** Set by the planner: full-text search on a column that is not a tsvector needs to_tsvector(). */
      toTsVector?: boolean;
      /** Set by the planner: a JSON path on a column that is not json or jsonb reads its to_jsonb(). */
      toJson?: boolean;
    }
  | { kind: "logic"; op: "and" | "or"; negate: boolean; children: Condition[] };

export interface OrderTerm {
  /** `order=authors(name)`: a column of the to-one embed named `authors`. */
  relation: string | null;
  column: string;
  path: JsonStep[];
  direction: "asc" | "desc" | null;
  nulls: "first" | "last" | null;
}

/** Filters, order and paging for the root ("") or one embed path ("todos", "todos.tags"). */
export interface NodeParams {
  conditions: Condition[];
  order: OrderTerm[];
  limit: number | null;
  offset: number | null;
}

/** PostgREST's hasDefaultSelect: `*` alone, as when there is no `select`. */
export const isDefaultSelect = (select: SelectItem[]) => select.length === 1 && select[0]?.kind === "star";

export interface QueryParams {
  select: SelectItem[];
  nodes: Map<string, NodeParams>;
  onConflict: string[] | null;
  columns: string[] | null;
  /** Arguments of `GET /rpc/fn?arg=value`: parameters whose value has no operator, each with all its values. */
  rpcArgs: Map<string, string[]>;
}

const OPERATORS = new Set<string>([
  "eq",
  "neq",
  "gt",
  "gte",
  "lt",
  "lte",
  "like",
  "ilike",
  "match",
  "imatch",
  "in",
  "is",
  "isdistinct",
  "cs",
  "cd",
  "ov",
  "sl",
  "sr",
  "nxr",
  "nxl",
  "adj",
  "fts",
  "plfts",
  "phfts",
  "wfts",
]);
const FTS_OPERATORS = new Set(["fts", "plfts", "phfts", "wfts"]);
const QUANTIFIABLE = new Set(["eq", "gt", "gte", "lt", "lte", "like", "ilike", "match", "imatch"]);
const IS_VALUES = new Set(["null", "not_null", "true", "false", "unknown"]);
const IDENTIFIER_CHAR = /[\p{L}\p{N}_$ ]/u;
/** What ends a JSON key (pJsonKeyIdentifier's `noneOf`). */
const JSON_KEY_RESERVED = "(-:.,>)";

/**
 * On `GET /rpc/fn` (`rpcRead`), PostgREST takes a parameter for a filter only when its value
 * starts like one (`eq.`, `not.`, `in.`, `fts(english).`, ...): `?id=5` is the argument `id`,
 * whether or not the function has it, and `?id=eq.5` filters the result.
 */
export function parseQueryParams(search: URLSearchParams, { rpcRead = false } = {}) {
  const params: QueryParams = {
    select: [{ kind: "star" }],
    nodes: new Map(),
    onConflict: null,
    columns: null,
    rpcArgs: new Map(),
  };
  const node = (path: string) => {
    let found = params.nodes.get(path);
    if (!found) {
      found = { conditions: [], order: [], limit: null, offset: null };
      params.nodes.set(path, found);
    }
    return found;
  };
  // PostgREST looks these up, so reads (and parses) only the first of each.
  const seen = new Set<string>();
  const first = (key: string) => !seen.has(key) && Boolean(seen.add(key));
  for (const [key, value] of search) {
    if (key === "apikey") continue; // The API gateway consumes it (hide_credentials).
    if (key === "select") {
      if (first(key)) params.select = parseSelect(value);
    } else if (key === "on_conflict") {
      if (first(key)) params.onConflict = parseColumnList(value, "on_conflict");
    } else if (key === "columns") {
      if (first(key)) params.columns = parseColumnList(value, "columns");
    } else {
      const { path, last } = splitKey(key);
      if (last === "order") node(path).order.push(...parseOrder(value));
      else if (last === "limit") node(path).limit = parseLimit(value);
      else if (last === "offset") node(path).offset = Math.max(0, parseInteger(value, "offset"));
      else if (last === "or" || last === "and" || last === "not.or" || last === "not.and") {
        node(path).conditions.push(parseLogicParam(last, value));
      } else if (rpcRead && !FILTER_START.test(value))
        params.rpcArgs.set(last, [...(params.rpcArgs.get(last) ?? []), value]);
      else node(path).conditions.push(parseFilterParam(last, value));
    }
  }
  return params;
}

/** The operators as PostgREST's pOpExpr reads them, up to the `.` before the value. */
const FILTER_START =
  /^(?:not|in|is|isdistinct|neq|cs|cd|ov|sl|sr|nxr|nxl|adj|(?:eq|gte?|lte?|i?like|i?match)(?:\((?:any|all)\))?|(?:fts|plfts|phfts|wfts)(?:\([\p{L}\p{N}_ $]+\))?)\./u;

/** Splits `todos.tags.order` into the embed path `todos.tags` and the last segment. */
function splitKey(key: string): { path: string; last: string } {
  const notLogic = key.match(/^(.*?)\.?(not\.(?:or|and))$/);
  if (notLogic) return { path: notLogic[1] ?? "", last: notLogic[2] ?? "" };
  const dot = key.lastIndexOf(".");
  if (dot < 0) return { path: "", last: key };
  return { path: key.slice(0, dot), last: key.slice(dot + 1) };
}

/** As PostgREST: a negative limit is a range it cannot satisfy (a negative offset is none). */
function parseLimit(value: string): number {
  const limit = parseInteger(value, "limit");
  if (limit < 0) {
    throw restError(
      416,
      "PGRST103",
      "Requested range not satisfiable",
      "Limit should be greater than or equal to zero.",
    );
  }
  return limit;
}

function parseInteger(value: string, name: string): number {
  if (!/^-?\d+$/.test(value)) {
    throw queryParamError(`"failed to parse ${name} parameter (${value})" (line 1, column 1)`, "unexpected input");
  }
  return Number(value);
}

function parseColumnList(value: string, name: string): string[] {
  const cursor = new Cursor(value, `failed to parse ${name} parameter (${value})`);
  const names: string[] = [];
  do names.push(cursor.fieldName());
  while (cursor.eat(","));
  cursor.expectEnd();
  return names;
}

/** Walks a parameter value, reporting errors as Parsec would: source name and 1-based column. */
class Cursor {
  pos = 0;
  readonly text: string;
  readonly source: string;

  constructor(text: string, source: string) {
    this.text = text;
    this.source = source;
  }

  peek(offset = 0): string {
    return this.text[this.pos + offset] ?? "";
  }

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  eat(literal: string): boolean {
    if (!this.text.startsWith(literal, this.pos)) return false;
    this.pos += literal.length;
    return true;
  }

  expect(literal: string): void {
    if (!this.eat(literal)) this.fail(`expecting "${literal}"`);
  }

  expectEnd(): void {
    if (!this.atEnd()) this.fail("expecting end of input");
  }

  /** QueryParams.hs `ws`: the spaces and tabs its `lexeme` skips around `(`, `,` and `)`. */
  skipSpaces(): void {
    while (this.peek() === " " || this.peek() === "\t") this.pos++;
  }

  /**
   * A quoted value only when a delimiter (or the end) follows it, as PostgREST's
   * `pQuotedValue <* notFollowedBy (noneOf ",)")`; otherwise null, and nothing is consumed.
   */
  quotedValue(): string | null {
    const start = this.pos;
    try {
      const value = this.quoted();
      if (this.atEnd() || this.peek() === "," || this.peek() === ")") return value;
    } catch {
      // An unterminated quote: read as plain text, as Parsec's `try` backtracks.
    }
    this.pos = start;
    return null;
  }

  /**
   * Parsec's message: the character found in double quotes where a `string` failed, or (`char`)
   * in single quotes where a character test, `eof` or a look-ahead did.
   */
  fail(expecting: string, quote: '"' | "'" = '"'): never {
    const found = this.atEnd() ? "end of input" : `${quote}${this.peek()}${quote}`;
    throw queryParamError(
      `"${this.source}" (line 1, column ${this.pos + 1})`,
      `unexpected ${found} ${expecting}`.trim(),
    );
  }

  /** PostgREST takes `-` into a name (`field-with_sep`) unless it starts an arrow `->`. */
  isDashInName(): boolean {
    return this.peek() === "-" && this.text[this.pos + 1] !== ">";
  }

  /** A bare identifier or a double-quoted name (`"a""b"` is not an escape here: `\"` is). */
  fieldName(): string {
    if (this.peek() === '"') return this.quoted();
    const start = this.pos;
    while (!this.atEnd() && (IDENTIFIER_CHAR.test(this.peek()) || this.isDashInName())) this.pos++;
    const name = this.text.slice(start, this.pos).trim();
    if (!name) this.fail("expecting field name (* or [a..z0..9_$])");
    return name;
  }

  /**
   * QueryParams.hs pJsonPath: `->a->>b`, `->0`. An operand is an array index (digits, maybe
   * negative, followed by `->`, `::`, `.`, `,` or the end), else a quoted name or a key of any
   * characters but `(-:.,>)`, runs joined by dashes that start no arrow, each trimmed.
   */
  jsonPath(): JsonStep[] {
    const steps: JsonStep[] = [];
    while (this.text.startsWith("->", this.pos)) {
      const arrow = this.text.startsWith("->>", this.pos) ? "->>" : "->";
      this.pos += arrow.length;
      const index = /^-?\d+(?=->|::|\.|,|$)/.exec(this.text.slice(this.pos));
      if (index) {
        this.pos += index[0].length;
        steps.push({ arrow, key: index[0] });
      } else if (this.eat("-")) {
        this.fail("expecting digit");
      } else {
        steps.push({ arrow, key: this.jsonKey() });
      }
    }
    return steps;
  }

  private jsonKey(): string {
    if (this.peek() === '"') return this.quoted();
    const parts: string[] = [];
    do {
      const start = this.pos;
      while (!this.atEnd() && !JSON_KEY_RESERVED.includes(this.peek())) this.pos++;
      if (this.pos === start) {
        this.fail('expecting "-", digit or any non reserved character different from: .,>()');
      }
      parts.push(this.text.slice(start, this.pos).trim());
    } while (this.isDashInName() && this.eat("-"));
    return parts.join("-");
  }

  quoted(): string {
    this.expect('"');
    let out = "";
    while (!this.atEnd() && this.peek() !== '"') {
      if (this.peek() === "\\" && this.pos + 1 < this.text.length) this.pos++;
      out += this.peek();
      this.pos++;
    }
    this.expect('"');
    return out;
  }
}

export function parseSelect(value: string): SelectItem[] {
  const cursor = new Cursor(value, `failed to parse select parameter (${value})`);
  const items = parseSelectList(cursor, 0);
  // Parsec's parse needs no end of input: after an embed's `)` (which, unlike a column, needs no
  // `,` or end after it) what follows is not read, `::text` say, unless spaces began to be read.
  if (items.at(-1)?.kind !== "embed" || cursor.text[cursor.pos - 1] === " ") cursor.expectEnd();
  return items;
}

function parseSelectList(cursor: Cursor, depth: number): SelectItem[] {
  const items: SelectItem[] = [];
  do {
    while (cursor.peek() === " ") cursor.pos++;
    if (depth > 0 && cursor.peek() === ")" && items.length === 0) break; // `todos()` selects nothing
    items.push(parseSelectItem(cursor, depth));
    while (cursor.peek() === " ") cursor.pos++;
  } while (cursor.eat(","));
  return items;
}

function parseSelectItem(cursor: Cursor, depth: number): SelectItem {
  if (cursor.eat("*")) {
    return cursor.peek() === "."
      ? parseAggregate(cursor, { name: "*", path: [], alias: null, cast: null })
      : { kind: "star" };
  }
  // `..` is PostgREST's alias of the `...` spread operator.
  if (cursor.eat("...") || cursor.eat("..")) return parseEmbed(cursor, cursor.fieldName(), null, depth, true);
  let name = cursor.fieldName();
  let alias: string | null = null;
  if (cursor.peek() === ":" && cursor.peek(1) !== ":") {
    cursor.pos++;
    alias = name;
    name = cursor.fieldName();
  }
  if (name === "count" && cursor.text.startsWith("()", cursor.pos)) {
    cursor.pos += 2;
    return {
      kind: "column",
      name: "*",
      path: [],
      alias,
      cast: null,
      aggregate: { fn: "count", cast: readCast(cursor) },
    };
  }
  const path = cursor.jsonPath();
  if (path.length === 0 && (cursor.peek() === "!" || cursor.peek() === "("))
    return parseEmbed(cursor, name, alias, depth, false);
  const cast = readCast(cursor);
  if (cursor.peek() === ".") return parseAggregate(cursor, { name, path, alias, cast });
  return { kind: "column", name, path, alias, cast, aggregate: null };
}

function readCast(cursor: Cursor): string | null {
  if (!cursor.eat("::")) return null;
  const start = cursor.pos;
  while (!cursor.atEnd() && /[A-Za-z0-9_ [\]]/.test(cursor.peek())) cursor.pos++;
  const cast = cursor.text.slice(start, cursor.pos).trim();
  if (!cast) cursor.fail("expecting cast type");
  return cast;
}

const AGGREGATES = new Set<string>(["count", "sum", "avg", "max", "min"]);

/** `col.sum()`, `col.count()`, `*.count()`, optionally followed by a cast of the result. */
function parseAggregate(
  cursor: Cursor,
  field: { name: string; path: JsonStep[]; alias: string | null; cast: string | null },
): SelectItem {
  cursor.expect(".");
  const start = cursor.pos;
  while (/[a-z]/.test(cursor.peek())) cursor.pos++;
  const fn = cursor.text.slice(start, cursor.pos);
  if (!AGGREGATES.has(fn) || !cursor.text.startsWith("()", cursor.pos)) {
    cursor.pos = start;
    cursor.fail('expecting "count()", "sum()", "avg()", "max()" or "min()"');
  }
  cursor.pos += 2;
  return { kind: "column", ...field, aggregate: { fn: fn as AggregateFunction, cast: readCast(cursor) } };
}

function parseEmbed(cursor: Cursor, name: string, alias: string | null, depth: number, spread: boolean): SelectItem {
  let hint: string | null = null;
  let inner = false;
  while (cursor.eat("!")) {
    const word = cursor.fieldName();
    if (word === "inner") inner = true;
    else if (word === "left") inner = false;
    else if (hint === null) hint = word;
    else cursor.fail('expecting "inner" or "left"');
  }
  cursor.expect("(");
  const select = parseSelectList(cursor, depth + 1);
  cursor.expect(")");
  return { kind: "embed", name, alias, hint, inner, spread, select };
}

function parseFilterParam(key: string, value: string): Condition {
  const field = new Cursor(key, `failed to parse filter (${key})`);
  const column = field.fieldName();
  const path = field.jsonPath();
  field.expectEnd();
  const cursor = new Cursor(value, `failed to parse filter (${value})`);
  const negate = cursor.eat("not.");
  const operator = parseOperator(cursor);
  return finishFilter(cursor, { column, path }, negate, operator, false);
}

interface ParsedOperator {
  op: Operator;
  config: string | null;
  quantifier: "any" | "all" | null;
}

function parseOperator(cursor: Cursor): ParsedOperator {
  const start = cursor.pos;
  while (/[a-z]/.test(cursor.peek())) cursor.pos++;
  const word = cursor.text.slice(start, cursor.pos);
  if (!OPERATORS.has(word)) {
    cursor.pos = start;
    cursor.fail('expecting "not" or operator (eq, gt, ...)');
  }
  const op = word as Operator;
  let config: string | null = null;
  let quantifier: ParsedOperator["quantifier"] = null;
  if (QUANTIFIABLE.has(op) && cursor.eat("(")) {
    if (cursor.eat("any")) quantifier = "any";
    else if (cursor.eat("all")) quantifier = "all";
    else cursor.fail('expecting "any" or "all"');
    cursor.expect(")");
  } else if (FTS_OPERATORS.has(op) && cursor.peek() === "(") {
    cursor.pos++;
    const configStart = cursor.pos;
    while (!cursor.atEnd() && cursor.peek() !== ")") cursor.pos++;
    config = cursor.text.slice(configStart, cursor.pos);
    cursor.expect(")");
  }
  cursor.expect(".");
  return { op, config, quantifier };
}

/** Reads the value after `op.`; inside logic trees values end at `,` or `)` unless quoted. */
function finishFilter(
  cursor: Cursor,
  { column, path }: { column: string; path: JsonStep[] },
  negate: boolean,
  { op, config, quantifier }: ParsedOperator,
  inLogicTree: boolean,
): Condition {
  let value: string | string[];
  if (op === "in") value = parseInList(cursor);
  else if (inLogicTree) value = parseTreeValue(cursor);
  else {
    value = cursor.text.slice(cursor.pos);
    cursor.pos = cursor.text.length;
  }
  if (op === "is" && !IS_VALUES.has(String(value).toLowerCase())) {
    cursor.pos -= String(value).length;
    cursor.fail("expecting isVal: (null, not_null, true, false, unknown)");
  }
  if (!inLogicTree) cursor.expectEnd();
  return { kind: "filter", column, path, negate, op, value, config, quantifier };
}

/** QueryParams.hs pListVal: `lexeme (char '(')`, elements split on bare commas, `lexeme (char ')')`. */
function parseInList(cursor: Cursor): string[] {
  cursor.skipSpaces();
  cursor.expect("(");
  cursor.skipSpaces();
  const values: string[] = [];
  if (cursor.eat(")")) return values;
  do values.push(cursor.quotedValue() ?? plainValue(cursor));
  while (cursor.eat(","));
  cursor.expect(")");
  cursor.skipSpaces();
  return values;
}

function plainValue(cursor: Cursor): string {
  const start = cursor.pos;
  while (!cursor.atEnd() && cursor.peek() !== "," && cursor.peek() !== ")") cursor.pos++;
  return cursor.text.slice(start, cursor.pos);
}

function parseTreeValue(cursor: Cursor): string {
  const quoted = cursor.quotedValue();
  if (quoted !== null) return quoted;
  const start = cursor.pos;
  let depth = 0;
  while (!cursor.atEnd()) {
    const c = cursor.peek();
    if (c === "(" || c === "{" || c === "[") depth++;
    else if ((c === ")" || c === "}" || c === "]") && depth > 0) depth--;
    else if ((c === "," || c === ")") && depth === 0) break;
    cursor.pos++;
  }
  return cursor.text.slice(start, cursor.pos);
}

function parseLogicParam(key: string, value: string): Condition {
  // PostgREST parses `or(...)`, the key before the value, so its columns count the key too.
  const cursor = new Cursor(`${key}${value}`, `failed to parse logic tree (${value})`);
  cursor.pos = key.length;
  const negate = key.startsWith("not.");
  const op = key.endsWith("or") ? "or" : "and";
  // Parsec's `parse` needs no end of input: what follows the tree is not read (AndOrParamsSpec).
  return parseLogicBody(cursor, op, negate);
}

/** QueryParams.hs pLogicTree: `(`, `,` and `)` each a `lexeme`, so spaces around them are skipped. */
function parseLogicBody(cursor: Cursor, op: "and" | "or", negate: boolean): Condition {
  cursor.skipSpaces();
  cursor.expect("(");
  const children: Condition[] = [];
  do {
    cursor.skipSpaces();
    children.push(parseLogicTerm(cursor));
    cursor.skipSpaces();
  } while (cursor.eat(","));
  cursor.expect(")");
  cursor.skipSpaces();
  return { kind: "logic", op, negate, children };
}

function parseLogicTerm(cursor: Cursor): Condition {
  const negate = cursor.eat("not.");
  const nested = cursor.text.slice(cursor.pos).match(/^(and|or)[ \t]*\(/)?.[1];
  if (nested === "and" || nested === "or") {
    cursor.pos += nested.length;
    return parseLogicBody(cursor, nested, negate);
  }
  if (negate) cursor.pos -= "not.".length;
  else if (!cursor.atEnd() && (cursor.peek() === ")" || cursor.peek() === ",")) {
    cursor.fail("expecting field name (* or [a..z0..9_$]), negation operator (not) or logic operator (and, or)");
  }
  // No embed paths here: `or=(embed.col.eq.1)` fails at `col` as an unknown operator, as on
  // PostgREST, whose trees test an embed only as a whole (`embed.not.is.null`).
  const column = cursor.fieldName();
  const path = cursor.jsonPath();
  cursor.expect(".");
  const negateFilter = cursor.eat("not.");
  return finishFilter(cursor, { column, path }, negateFilter, parseOperator(cursor), true);
}

export function parseOrder(value: string): OrderTerm[] {
  const cursor = new Cursor(value, `failed to parse order (${value})`);
  const terms: OrderTerm[] = [];
  do {
    let relation: string | null = null;
    const quoted = cursor.peek() === '"';
    let column = cursor.fieldName();
    const paren = cursor.pos;
    if (cursor.eat("(")) {
      relation = column;
      column = cursor.fieldName();
    }
    const term: OrderTerm = { relation, column, path: cursor.jsonPath(), direction: null, nulls: null };
    if (relation !== null && !cursor.eat(")")) {
      // pOrderRelationTerm is a `try`: Parsec reports pOrderTerm's error, at the `(`.
      cursor.pos = paren;
      cursor.fail('expecting letter, digit, "-", "->>", "->", delimiter (.), "," or end of input', "'");
    }
    const plain = relation === null && term.path.length === 0 && !quoted;
    const direction = orderSuffix(cursor, ["asc", "desc", "nullsfirst", "nullslast"]);
    if (direction === "asc" || direction === "desc") {
      term.direction = direction;
      const nulls = orderSuffix(cursor, ["nullsfirst", "nullslast"]);
      if (nulls) term.nulls = nulls === "nullsfirst" ? "first" : "last";
      else if (!orderTermEnds(cursor)) cursor.fail('expecting delimiter (.), "," or end of input', "'");
    } else if (direction) {
      term.nulls = direction === "nullsfirst" ? "first" : "last";
    } else if (!orderTermEnds(cursor)) {
      const before = plain ? 'letter, digit, "-", "->>", "->", ' : "";
      cursor.fail(`expecting ${before}delimiter (.), "," or end of input`, "'");
    }
    if (!orderTermEnds(cursor)) cursor.fail('expecting "," or end of input', "'");
    terms.push(term);
  } while (cursor.eat(","));
  return terms;
}

/** pOrder's pEnd: a `,` ahead, or the end. */
const orderTermEnds = (cursor: Cursor) => cursor.atEnd() || cursor.peek() === ",";

/**
 * pOrdDir / pNulls: `.` and one of the words. Parsec keeps the error that got furthest, so a
 * `.` followed by no word fails after it, at the first character where the first word differs.
 */
function orderSuffix<Word extends string>(cursor: Cursor, words: Word[]): Word | null {
  if (cursor.peek() !== ".") return null;
  const rest = cursor.text.slice(cursor.pos + 1);
  const word = words.find((candidate) => rest.startsWith(candidate));
  if (word) {
    cursor.pos += word.length + 1;
    return word;
  }
  const first = words[0] ?? "";
  let differs = 0;
  while (differs < first.length && rest[differs] === first[differs]) differs++;
  cursor.pos += 1;
  const at = cursor.pos + differs;
  const listed = words.map((w) => `"${w}"`);
  const expecting = `expecting ${listed.slice(0, -1).join(", ")} or ${listed.at(-1)}`;
  const found = at >= cursor.text.length ? "end of input" : `"${cursor.text[at]}"`;
  throw queryParamError(`"${cursor.source}" (line 1, column ${cursor.pos + 1})`, `unexpected ${found} ${expecting}`);
}
