/**
 * Stands in for PostgREST's content negotiation (MediaType.hs `decodeMediaType`, wai's
 * `parseHttpAccept`, Plan/Negotiate.hs): `Accept` entries are tried by quality, then by
 * specificity (more parameters first), and the first one PostgREST produces answers; names
 * compare in any case (PostgREST 12.2, its #3478). Produced, as PostgREST's built-in handlers:
 * `application/json` (also for the wildcard or no `Accept`), `vnd.pgrst.array+json[;nulls=stripped]`,
 * `vnd.pgrst.object+json[;nulls=stripped]`, `text/csv`, `application/geo+json` (PostGIS's
 * ST_AsGeoJSON, so without PostGIS Postgres's 42883 as there), and `application/vnd.pgrst.plan`
 * (`+text` or `+json`, `for=` one of those, `options=analyze|verbose|settings|buffers|wal`)
 * while `pgrst.db_plan_enabled` is on. Any other type is PGRST107 406, as PostgREST answers
 * without a handler for it. Not supported (refused): a type some custom handler produces (an
 * aggregate or function returning a domain named like it, `text/plain` say), which may apply.
 */
import { notSupported, restError } from "./errors.ts";

/** The body a statement builds: a JSON array, one JSON object, CSV, or a GeoJSON FeatureCollection. */
export type BodyFormat = "json" | "object" | "csv" | "geojson";

export type PlanOption = "analyze" | "verbose" | "settings" | "buffers" | "wal";

export interface PlanRequest {
  format: "text" | "json";
  options: PlanOption[];
}

export interface Negotiated {
  media: BodyFormat;
  stripNulls: boolean;
  /** Set for `vnd.pgrst.plan`: EXPLAIN the statement that would answer in `media` instead. */
  plan: PlanRequest | null;
  /** The media type as PostgREST names it in `Content-Type`. */
  mime: string;
}

/** `mime` is PostgREST's name for the accepted type, which its error messages and `for=` repeat. */
type Decoded =
  | { kind: "produced"; media: BodyFormat; stripNulls: boolean; mime: string }
  | { kind: "plan"; target: Decoded; plan: PlanRequest }
  | { kind: "other"; mime: string };

const JSON_MEDIA: Extract<Decoded, { kind: "produced" }> = {
  kind: "produced",
  media: "json",
  stripNulls: false,
  mime: "application/json",
};

const PLAN_FORMATS: Record<string, PlanRequest["format"]> = {
  "application/vnd.pgrst.plan": "text",
  "application/vnd.pgrst.plan+text": "text",
  "application/vnd.pgrst.plan+json": "json",
};

/** In EXPLAIN's order, which is also the order PostgREST names them in. */
const PLAN_OPTIONS: PlanOption[] = ["analyze", "verbose", "settings", "buffers", "wal"];

function decode(entry: string): Decoded {
  const [type = "", ...parameters] = entry.split(";");
  const stripped = parameters.length === 1 && parameters[0] === "nulls=stripped";
  if (type === "*/*" || type === "") return { ...JSON_MEDIA, mime: "*/*" };
  if (type === "application/json") return JSON_MEDIA;
  if (type === "application/vnd.pgrst.array+json" || type === "application/vnd.pgrst.array") {
    if (!stripped) return JSON_MEDIA;
    return {
      kind: "produced",
      media: "json",
      stripNulls: true,
      mime: "application/vnd.pgrst.array+json;nulls=stripped",
    };
  }
  if (type === "application/vnd.pgrst.object+json" || type === "application/vnd.pgrst.object") {
    const mime = `application/vnd.pgrst.object+json${stripped ? ";nulls=stripped" : ""}`;
    return { kind: "produced", media: "object", stripNulls: stripped, mime };
  }
  if (type === "text/csv") return { kind: "produced", media: "csv", stripNulls: false, mime: "text/csv" };
  if (type === "application/geo+json") {
    return { kind: "produced", media: "geojson", stripNulls: false, mime: "application/geo+json" };
  }
  const planFormat = PLAN_FORMATS[type];
  if (planFormat) {
    const target = parameters.find((p) => p.startsWith("for="))?.slice("for=".length);
    const options =
      parameters
        .find((p) => p.startsWith("options="))
        ?.slice("options=".length)
        .split("|") ?? [];
    return {
      kind: "plan",
      target: target === undefined ? JSON_MEDIA : decode(target.replace(/^"+|"+$/g, "")),
      plan: { format: planFormat, options: PLAN_OPTIONS.filter((o) => options.includes(o)) },
    };
  }
  return { kind: "other", mime: type };
}

/** The vendored types (object, stripped array) are PostgREST's own; any other a custom handler may override. */
function overridable(decoded: Decoded): boolean {
  return decoded.kind === "other" || (decoded.kind === "produced" && decoded.media !== "object" && !decoded.stripNulls);
}

function mimeOf(decoded: Decoded): string {
  if (decoded.kind !== "plan") return decoded.mime;
  const { format, options } = decoded.plan;
  const listed = options.length ? `; options=${options.join("|")}` : "";
  return `application/vnd.pgrst.plan+${format}; for="${mimeOf(decoded.target)}"${listed}`;
}

/**
 * wai's parseHttpAccept: spaces removed, `;q=` and what follows it dropped, then a stable sort
 * by quality and by specificity (parameters counted by `;`, less one for each `*`).
 */
function acceptedEntries(accept: string): string[] {
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

export function negotiate(accept: string | null, planEnabled: boolean, customTypes: Set<string>): Negotiated {
  const decoded = accept === null ? [decode("*/*")] : acceptedEntries(accept.toLowerCase()).map(decode);
  // PostgREST would answer through the custom handler, with its own output: not reproduced here.
  const refuseCustom = (entry: Decoded) => {
    if (entry.kind !== "plan" && overridable(entry) && customTypes.has(entry.mime)) {
      throw notSupported(`The media type ${entry.mime}, which a custom media type handler produces`);
    }
  };
  for (const entry of decoded) {
    refuseCustom(entry);
    if (entry.kind === "produced") {
      // The wildcard answers with the JSON handler, named as such.
      const mime = entry.mime === "*/*" ? JSON_MEDIA.mime : entry.mime;
      return { media: entry.media, stripNulls: entry.stripNulls, plan: null, mime };
    }
    // While plans are off, PostgREST passes over the plan type as if it did not produce it.
    if (entry.kind !== "plan" || !planEnabled) continue;
    const target = entry.target;
    refuseCustom(target);
    if (target.kind !== "produced") continue;
    return { media: target.media, stripNulls: target.stripNulls, plan: entry.plan, mime: mimeOf(entry) };
  }
  throw restError(406, "PGRST107", `None of these media types are available: ${decoded.map(mimeOf).join(", ")}`);
}
