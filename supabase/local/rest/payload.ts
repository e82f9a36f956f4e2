/**
 * Stands in for PostgREST's request body reading (src/PostgREST/ApiRequest/Payload.hs): the
 * Content-Type read as decodeMediaType reads it (media.ts), JSON, `text/csv` (a header line, then rows of
 * text, `NULL` for null) and `application/x-www-form-urlencoded` (one row of text), and
 * payloadAttributes' rule for which rows and keys a body has. Bodies PostgREST passes whole to
 * a function (text, XML, octet-stream) are rpc.ts's.
 *
 * Refused: a CSV body PostgREST's parser (cassava) would reject, as its error text is not
 * reproduced here.
 */
import type { ApiRequest } from "../local-stack.ts";
import { notSupported, restError } from "./errors.ts";
import { decodeMediaType, toMime } from "./media.ts";
import { parseQuery } from "./query-string.ts";

export const MAX_BODY_BYTES = 1024 * 1024;

export type Row = Record<string, unknown>;

export interface Payload {
  media: "json" | "csv" | "form";
  value: unknown;
  /** The body as JSON text, which the statement reads. */
  text: string;
}

/** The body's media type as PostgREST names it (MediaType.hs); no header is JSON. */
export function bodyMediaType(request: ApiRequest): string {
  const header = request.headers.get("content-type");
  return header === null ? "application/json" : toMime(decodeMediaType(header));
}

/** The body's bytes, within the size the local stack accepts. */
export async function readRawBody(request: ApiRequest): Promise<Uint8Array> {
  const length = Number(request.headers.get("content-length") ?? "0");
  if (length > MAX_BODY_BYTES) throw payloadTooLarge();
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.byteLength > MAX_BODY_BYTES) throw payloadTooLarge();
  return bytes;
}

/**
 * A JSON, CSV or (to a table) form body. An empty body to a function is `{}`, as PostgREST
 * reads it; any other media type is PostgREST's PGRST102.
 */
export async function readPayload(request: ApiRequest, toFunction = false): Promise<Payload> {
  const type = bodyMediaType(request);
  const bytes = await readRawBody(request);
  if (type === "application/json") {
    const invalid = () => restError(400, "PGRST102", "Empty or invalid json");
    const text = decodeUtf8(bytes, invalid);
    if (text === "" && toFunction) return { media: "json", value: {}, text: "{}" };
    try {
      return { media: "json", value: JSON.parse(text), text };
    } catch {
      throw invalid();
    }
  }
  if (type === "text/csv") {
    const rows = csvRows(utf8(bytes, "A CSV body"));
    return { media: "csv", value: rows, text: JSON.stringify(rows) };
  }
  if (type === "application/x-www-form-urlencoded" && !toFunction) {
    // HashMap.fromList: a repeated field keeps its last value.
    const row = Object.fromEntries(formFields(bytes));
    return { media: "form", value: row, text: JSON.stringify(row) };
  }
  throw restError(400, "PGRST102", `Content-Type not acceptable: ${type}`);
}

/** A form body's fields in order (parseSimpleQuery: a field without `=` is the empty string). */
export function formFields(bytes: Uint8Array): Array<[string, string]> {
  utf8(bytes, "A form body");
  return parseQuery(bytes).map(([name, value]) => [name, value ?? ""]);
}

/**
 * payloadAttributes: an object is one row, an array of objects that all have the first one's
 * keys is its rows, and any other JSON (a number, a string, null) is no row at all. Null when
 * the keys differ or an element is not an object.
 */
export function uniformRows(value: unknown): { rows: Row[]; keys: string[] } | null {
  if (isRow(value)) return { rows: [value], keys: Object.keys(value) };
  if (!Array.isArray(value)) return { rows: [], keys: [] };
  const first = value[0];
  if (first === undefined) return { rows: [], keys: [] };
  if (!isRow(first)) return null;
  const keys = Object.keys(first);
  const same = (row: unknown) =>
    isRow(row) && Object.keys(row).length === keys.length && keys.every((key) => Object.hasOwn(row, key));
  return value.every(same) ? { rows: value, keys } : null;
}

/** The rows as the statement reads them: JSON's own text (numbers a JavaScript number would round stay whole), else built. */
export function rowsText(payload: Payload, rows: Row[]): string {
  return payload.media === "json" && rows.length > 0 ? payload.text : JSON.stringify(rows);
}

/** The error PostgREST gives when uniformRows finds differing keys, worded for the body's media. */
export function keysMismatch(media: Payload["media"]) {
  return restError(
    400,
    "PGRST102",
    media === "csv" ? "All lines must have same number of fields" : "All object keys must match",
  );
}

export function isRow(value: unknown): value is Row {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * cassava's decodeByName, as Payload.hs csvToJson uses it: the header line (which must end in
 * a line break), then records, each zipped with the header (a short record gives fewer keys,
 * a long one is cut), blank lines skipped, `NULL` as null and every other field as text.
 */
function csvRows(text: string): Row[] {
  const records = parseCsv(text);
  const header = records[0] ?? [];
  return records
    .slice(1)
    .map((fields) =>
      Object.fromEntries(
        fields.slice(0, header.length).map((value, i) => [header[i], value === "NULL" ? null : value]),
      ),
    );
}

/** RFC 4180 as cassava reads it: `"` quotes a field (`""` inside is one quote), a line ends in \n, \r\n or \r. */
function parseCsv(text: string): string[][] {
  let at = 0;
  const unreadable = () => notSupported("A CSV body that is not well formed (PostgREST's parser error)");
  const field = (): string => {
    if (text[at] !== '"') {
      const start = at;
      while (at < text.length && !',"\n\r'.includes(text[at] as string)) at++;
      return text.slice(start, at);
    }
    let value = "";
    at++;
    for (;;) {
      const close = text.indexOf('"', at);
      if (close < 0) throw unreadable();
      value += text.slice(at, close);
      at = close + 1;
      if (text[at] !== '"') return value;
      value += '"';
      at++;
    }
  };
  const record = (): string[] => {
    const fields = [field()];
    while (text[at] === ",") {
      at++;
      fields.push(field());
    }
    return fields;
  };
  const lineBreak = (): boolean => {
    if (text[at] === "\n") at++;
    else if (text[at] === "\r") at += text[at + 1] === "\n" ? 2 : 1;
    else return false;
    return true;
  };
  const records = [record()];
  if (!lineBreak()) throw unreadable();
  do {
    const fields = record();
    if (fields.length > 1 || fields[0] !== "") records.push(fields);
  } while (lineBreak());
  if (at < text.length) throw unreadable();
  return records;
}

/**
 * The bytes as UTF-8, or `invalid()`'s error. A byte order mark stays (PostgREST's parsers do
 * not skip one, so JSON starting with it is invalid and a CSV's first column is named with it).
 */
export function decodeUtf8(bytes: Uint8Array, invalid: () => Error): string {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw invalid();
  }
}

function utf8(bytes: Uint8Array, what: string): string {
  return decodeUtf8(bytes, () => notSupported(`${what} that is not UTF-8`));
}

function payloadTooLarge() {
  return restError(
    413,
    "PGRST413",
    "Payload too large",
    `The local Supabase stack refuses request bodies over ${MAX_BODY_BYTES} bytes.`,
  );
}
