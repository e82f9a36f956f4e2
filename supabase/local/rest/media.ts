/**
 * Stands in for PostgREST's media types (MediaType.hs `decodeMediaType`, `toMime`) and its
 * content negotiation (wai's `parseHttpAccept`, Plan/Negotiate.hs). Names compare in any case
 * (PostgREST 12.2, its #3478); an unknown type keeps its text, parameters and case. `Accept`
 * entries are tried by quality, then by specificity (more parameters first), and the first one a
 * handler produces answers. Built in, as PostgREST's: `application/json` (also for the wildcard
 * or no `Accept`), `vnd.pgrst.array+json[;nulls=stripped]`, `vnd.pgrst.object+json[;nulls=stripped]`,
 * `text/csv`, `application/geo+json` (PostGIS's ST_AsGeoJSON, so without PostGIS Postgres's 42883
 * as there), and `application/vnd.pgrst.plan` (`+text` or `+json`, `for=` one of those,
 * `options=analyze|verbose|settings|buffers|wal`) while `pgrst.db_plan_enabled` is on. Any
 * other type is PGRST107 406, as PostgREST answers without a handler for it.
 *
 * Custom handlers (SchemaCache.hs mediaHandlers) are domains named like a media type (or the wildcard,
 * answered as application/octet-stream) that an aggregate over a table's rows or anyelement, or
 * a function of its own, returns. As lookupHandler finds them, one applies to the table or
 * function it belongs to when the select is the default `*`, an anyelement aggregate's
 * everywhere; they override `application/json`, `text/csv` and the others but the vendored
 * types. The body is the handler's result in Postgres's binary format, as PostgREST reads it.
 */
import { restError } from "./errors.ts";

/** The body a statement builds: a JSON array, one JSON object, CSV, a GeoJSON FeatureCollection, or a custom handler's. */
export type BodyFormat = "json" | "object" | "csv" | "geojson" | "custom";

/** A custom media type handler, its names quoted for SQL. */
export interface CustomHandler {
  /** The aggregate, or for a function's own handler its domain, which a call casts to. */
  fn: string;
  aggregate: boolean;
  /** The table the rows are cast to for an aggregate over its type; null for anyelement. */
  target: string | null;
  /** The domain's base type's send function: the binary format PostgREST answers in. */
  send: string;
  /** The media type it answers in (application/octet-stream for the wildcard). */
  mime: string;
}

export type PlanOption = "analyze" | "verbose" | "settings" | "buffers" | "wal";

export interface PlanRequest {
  format: "text" | "json";
  options: PlanOption[];
}

/**
 * MediaType.hs's type: `type` for the ones without parameters, named by `toMime` (an unknown
 * one, MTOther, by its own text); the vendored ones apart, as their parameters count.
 */
export type MediaType =
  | { kind: "type"; mime: string }
  | { kind: "array-stripped" }
  | { kind: "object"; stripNulls: boolean }
  | { kind: "plan"; target: MediaType; plan: PlanRequest };

export interface Negotiated {
  media: BodyFormat;
  stripNulls: boolean;
  /** Set for media "custom". */
  custom: CustomHandler | null;
  /** Set for `vnd.pgrst.plan`: EXPLAIN the statement that would answer in `media` instead. */
  plan: PlanRequest | null;
  /** PostgREST's toContentType: the media type, with a charset unless it is octet-stream or unknown. */
  contentType: string;
  /** HEAD: PostgREST builds no body (NoAgg), so no handler runs. */
  headersOnly: boolean;
}

const KNOWN_TYPES = new Set([
  "application/json",
  "application/geo+json",
  "text/csv",
  "text/plain",
  "text/xml",
  "application/openapi+json",
  "application/x-www-form-urlencoded",
  "application/octet-stream",
  "*/*",
]);

const PLAN_FORMATS: Record<string, PlanRequest["format"]> = {
  "application/vnd.pgrst.plan": "text",
  "application/vnd.pgrst.plan+text": "text",
  "application/vnd.pgrst.plan+json": "json",
};

/** In EXPLAIN's order, which is also the order PostgREST names them in. */
const PLAN_OPTIONS: PlanOption[] = ["analyze", "verbose", "settings", "buffers", "wal"];

/** Parsec's `alphaNum` and `spaces`, which tokenizeMediaType is built of. */
const ALPHANUMERIC = String.raw`\p{L}\p{N}`;
const TYPE_AND_SUBTYPE = new RegExp(`^([${ALPHANUMERIC}.*]+)/([${ALPHANUMERIC}.*+-]+)`, "u");
const PARAMETER = new RegExp(String.raw`^\s*;\s*([${ALPHANUMERIC}-]+)\s*=\s*(?:"([^"]*)"|([${ALPHANUMERIC}|-]+))`, "u");

/**
 * tokenizeMediaType: `type/subtype` then `; name=value` parameters (a value quoted, or of
 * letters, digits, `|` and `-`); what follows is ignored. Parameter names in lower case, a
 * repeated one keeping its last value; null when there is no `type/subtype`.
 */
function tokenize(text: string): { type: string; parameters: Map<string, string> } | null {
  const head = TYPE_AND_SUBTYPE.exec(text);
  if (!head) return null;
  const parameters = new Map<string, string>();
  let rest = text.slice(head[0].length);
  for (let match = PARAMETER.exec(rest); match; match = PARAMETER.exec(rest)) {
    parameters.set((match[1] ?? "").toLowerCase(), match[2] ?? match[3] ?? "");
    rest = rest.slice(match[0].length);
  }
  return { type: `${head[1]}/${head[2]}`.toLowerCase(), parameters };
}

export function decodeMediaType(text: string): MediaType {
  const token = tokenize(text);
  if (!token) return { kind: "type", mime: text };
  const { type, parameters } = token;
  const stripNulls = parameters.get("nulls") === "stripped";
  if (KNOWN_TYPES.has(type)) return { kind: "type", mime: type };
  if (type === "application/vnd.pgrst.array+json" || type === "application/vnd.pgrst.array") {
    return stripNulls ? { kind: "array-stripped" } : { kind: "type", mime: "application/json" };
  }
  if (type === "application/vnd.pgrst.object+json" || type === "application/vnd.pgrst.object") {
    return { kind: "object", stripNulls };
  }
  const format = PLAN_FORMATS[type];
  if (format) {
    const options = (parameters.get("options") ?? "").split("|");
    return {
      kind: "plan",
      target: decodeMediaType(parameters.get("for") ?? "application/json"),
      plan: { format, options: PLAN_OPTIONS.filter((option) => options.includes(option)) },
    };
  }
  return { kind: "type", mime: text };
}

export function toMime(media: MediaType): string {
  switch (media.kind) {
    case "type":
      return media.mime;
    case "array-stripped":
      return "application/vnd.pgrst.array+json;nulls=stripped";
    case "object":
      return `application/vnd.pgrst.object+json${media.stripNulls ? ";nulls=stripped" : ""}`;
    case "plan": {
      const { format, options } = media.plan;
      const listed = options.length ? `; options=${options.join("|")}` : "";
      return `application/vnd.pgrst.plan+${format}; for="${toMime(media.target)}"${listed}`;
    }
  }
}

/**
 * wai's parseHttpAccept: entries split at `,` (none in an empty header), spaces removed, `;q=`
 * and what follows it dropped, then a stable sort by quality and by specificity (parameters
 * counted by `;`, less one for each `*`).
 */
function acceptedEntries(accept: string): string[] {
  if (accept === "") return [];
  const entries = accept.split(",").map((raw, index) => {
    const compact = raw.replaceAll(" ", "");
    const at = compact.indexOf(";q=");
    const type = at === -1 ? compact : compact.slice(0, at);
    const quality = at === -1 ? null : compact.slice(at + 3).match(/^-?\d+(\.\d+)?([eE][-+]?\d+)?/);
    const specificity = (type.match(/;/g)?.length ?? 0) - (type.match(/\*/g)?.length ?? 0);
    return { type, quality: quality ? Number(quality[0]) : 1, specificity, index };
  });
  entries.sort((a, b) => b.quality - a.quality || b.specificity - a.specificity || a.index - b.index);
  return entries.map((entry) => entry.type);
}

/** The key of a custom handler in the schema cache: its target (a table or function, "" for anyelement) and media type. */
export function handlerKey(target: string, mime: string): string {
  return `${target}\n${mime}`;
}

/** SchemaCache.hs initialMediaHandlers: what anyelement produces unless a custom aggregate overrides it. */
const BUILT_IN: Record<string, { media: BodyFormat; mime: string }> = {
  "*/*": { media: "json", mime: "application/json" },
  "application/json": { media: "json", mime: "application/json" },
  "text/csv": { media: "csv", mime: "text/csv" },
  "application/geo+json": { media: "geojson", mime: "application/geo+json" },
};

export interface NegotiationTarget {
  /** The table's qualified name, or for a function the table it returns, else its own. */
  name: string;
  /** The select is `*` alone (PostgREST's hasDefaultSelect): only then do the target's own handlers apply. */
  defaultSelect: boolean;
}

function contentType(media: MediaType): string {
  const mime = toMime(media);
  const bare = media.kind === "type" && (!KNOWN_TYPES.has(mime) || mime === "application/octet-stream");
  return bare ? mime : `${mime}; charset=utf-8`;
}

export function negotiate(
  accept: string | null,
  planEnabled: boolean,
  customHandlers: ReadonlyMap<string, CustomHandler>,
  target: NegotiationTarget,
): Omit<Negotiated, "headersOnly"> {
  const accepted = accept === null ? [decodeMediaType("*/*")] : acceptedEntries(accept).map(decodeMediaType);
  const own = (type: string) => (target.defaultSelect ? customHandlers.get(handlerKey(target.name, type)) : undefined);
  // lookupHandler for a type the handlers may override: a custom one first, else a built-in one.
  const handled = (media: MediaType): Omit<Negotiated, "plan" | "headersOnly"> | null => {
    const plain = { stripNulls: false, custom: null };
    if (media.kind === "object") {
      return { ...plain, media: "object", stripNulls: media.stripNulls, contentType: contentType(media) };
    }
    if (media.kind === "array-stripped") {
      return { ...plain, media: "json", stripNulls: true, contentType: contentType(media) };
    }
    const mime = toMime(media);
    const custom = own("*/*") ?? own(mime) ?? customHandlers.get(handlerKey("", mime));
    if (custom) {
      return { media: "custom", stripNulls: false, custom, contentType: contentType(decodeMediaType(custom.mime)) };
    }
    const builtIn = media.kind === "type" ? BUILT_IN[media.mime] : undefined;
    return builtIn ? { ...plain, media: builtIn.media, contentType: contentType(decodeMediaType(builtIn.mime)) } : null;
  };
  for (const media of accepted) {
    // While plans are off, PostgREST passes over the plan type as if it did not produce it.
    if (media.kind === "plan" && !planEnabled) continue;
    const answer = handled(media.kind === "plan" ? media.target : media);
    if (answer === null) continue;
    if (media.kind !== "plan") return { ...answer, plan: null };
    return { ...answer, plan: media.plan, contentType: contentType(media) };
  }
  throw restError(406, "PGRST107", `None of these media types are available: ${accepted.map(toMime).join(", ")}`);
}
