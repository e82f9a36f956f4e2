/**
 * Stands in for GoTrue's request parsing (retrieveRequestParams): the JSON body is decoded
 * into a typed parameter struct the way Go's encoding/json does it — unknown fields are
 * ignored, `null` leaves a field unset, a wrong type is a `bad_json` error naming the field.
 * Also caps bodies at 1 MiB. Not supported: form-encoded bodies.
 */

import type { ApiRequest } from "../local-stack.ts";
import { AuthHttpError, badRequest } from "./errors.ts";

export const MAX_BODY_BYTES = 1024 * 1024;

type FieldType = "string" | "boolean" | "object";
type FieldValue<T extends FieldType> = T extends "string" ? string : T extends "boolean" ? boolean : JsonObject;

export type JsonObject = Record<string, unknown>;
export type ParamsSpec = Record<string, FieldType>;
export type Params<S extends ParamsSpec> = { [K in keyof S]?: FieldValue<S[K]> };

const GO_TYPES: Record<FieldType, string> = {
  string: "string",
  boolean: "bool",
  object: "map[string]interface {}",
};

/**
 * Reads the body as the Go struct `structName` with the given fields. `emptyIsAllowed` mirrors
 * the endpoints (admin delete) where GoTrue only parses a non-empty body.
 */
export async function readParams<S extends ParamsSpec>(
  request: ApiRequest,
  structName: string,
  spec: S,
  emptyIsAllowed = false,
): Promise<Params<S>> {
  const text = await readBodyText(request);
  if (emptyIsAllowed && text.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw badJson(text.trim().length === 0 ? "unexpected end of JSON input" : "invalid character in JSON input");
  }
  if (parsed === null) return {};
  if (typeof parsed !== "object" || Array.isArray(parsed)) {
    throw badJson(`json: cannot unmarshal ${jsonKind(parsed)} into Go value of type api.${structName}`);
  }
  const params: Record<string, unknown> = {};
  for (const [field, type] of Object.entries(spec)) {
    const value = (parsed as JsonObject)[field];
    if (value === undefined || value === null) continue;
    if (jsonKind(value) !== (type === "boolean" ? "bool" : type)) {
      throw badJson(
        `json: cannot unmarshal ${jsonKind(value)} into Go struct field ${structName}.${field} of type ${GO_TYPES[type]}`,
      );
    }
    params[field] = value;
  }
  return params as Params<S>;
}

async function readBodyText(request: ApiRequest): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.byteLength > MAX_BODY_BYTES) throw tooLarge();
  return new TextDecoder().decode(bytes);
}

function tooLarge() {
  // GoTrue sits behind Supabase's gateway, which refuses oversized bodies before GoTrue
  // sees them; 413 with a GoTrue-shaped body keeps supabase-js's error handling uniform.
  return new AuthHttpError(413, "validation_failed", "Request body too large");
}

function badJson(detail: string) {
  return badRequest("bad_json", `Could not parse request body as JSON: ${detail}`);
}

function jsonKind(value: unknown): string {
  if (Array.isArray(value)) return "array";
  if (value === null) return "null";
  if (typeof value === "object") return "object";
  if (typeof value === "boolean") return "bool";
  return typeof value;
}
