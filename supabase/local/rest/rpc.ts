/**
 * Stands in for PostgREST's `/rpc/fn` endpoint: `POST` with a JSON object of named arguments
 * (or a form body's fields) or `GET`/`HEAD` with arguments in the query string (run
 * read-only, so a volatile function that writes fails with 25006 -> 405 as on PostgREST).
 * Scalar results come back bare, row
 * results as arrays that `select`, filters, `order`, `limit` and `offset` apply to, and void
 * functions answer 204; rows of a table's type can embed along its foreign keys (OUT/TABLE
 * columns have none: PGRST200). Arguments given as text (query string, form) are cast to their
 * parameters' types, JSON ones read by json_to_record, as PostgREST does, so Postgres answers
 * polymorphic parameters as there. Not supported: filters on set-returning scalar functions, and
 * the functions the schema cache marks with a refusal (results typed `record` or a
 * non-polymorphic pseudo-type). Overloads are chosen by argument names (a JSON body's `columns=`
 * if given) as PostgREST's findProc does; a function whose only parameter is json/jsonb (or text, xml, bytea for
 * text/plain, text/xml, application/octet-stream bodies) takes the whole body. OPTIONS answers
 * by volatility (options.ts).
 */
import { statementCounts } from "./count.ts";
import { notSupported, restError } from "./errors.ts";
import { explainResponse } from "./explain.ts";
import { contentHeaders, execute, negotiated, type RequestContext, type RestContext, responseBody } from "./handler.ts";
import { noRpcHint } from "./hints.ts";
import { allowResponse, routineAllow } from "./options.ts";
import { isDefaultSelect, parseQueryParams, type QueryParams } from "./parse.ts";
import {
  bodyMediaType,
  decodeUtf8,
  formFields,
  keysMismatch,
  readPayload,
  readRawBody,
  rowsText,
  uniformRows,
} from "./payload.ts";
import { checkComputedOnReturnedRows, planRead, type ReadNode } from "./plan.ts";
import { checkStrictPreferences, preferenceApplied } from "./request.ts";
import { qualifiedName, type RoutineInfo } from "./schema-cache.ts";
import { type CallArguments, callStatement } from "./sql.ts";
import { mutationCheck, readResponse, topLevelPage } from "./table.ts";

export async function handleRpc(request: RequestContext, name: string): Promise<Response> {
  const overloads = request.cache.routines.get(qualifiedName(request.schema, name)) ?? [];
  const isPost = request.method === "POST";
  const query = parseQueryParams(request.query, { rpcRead: !isPost });
  if (request.method === "OPTIONS") {
    // PostgREST resolves the overload as for GET: by the query string's argument names.
    const options = { isPost: false, jsonBody: false, bodyType: null };
    const { routine } = chooseOverload(request, name, overloads, [...query.rpcArgs.keys()].sort(), options);
    planCall(request, routine, query);
    return allowResponse(routineAllow(routine));
  }
  // Arguments given as text, a query string's or a form body's: their names choose the
  // overload, their values are read once it is known (textArguments).
  let textArgs: Map<string, string[]> | null = null;
  let argNames: string[] = [];
  let bodyText = "";
  const mediaType = isPost ? bodyMediaType(request.request) : null;
  const rawType = mediaType === null ? undefined : RAW_BODY_TYPES.get(mediaType);
  if (mediaType === "application/x-www-form-urlencoded") {
    textArgs = formArguments(await readRawBody(request.request));
  } else if (rawType) {
    const bytes = await readRawBody(request.request);
    // bytea travels as its hex text form (`\x0102`), which the parameter's cast reads back.
    bodyText =
      rawType === "bytea"
        ? `\\x${Buffer.from(bytes).toString("hex")}`
        : decodeUtf8(bytes, () => notSupported(`A ${mediaType} body that is not UTF-8`));
  } else if (isPost && query.columns && mediaType === "application/json") {
    // Payload.hs passes the JSON unread (RawJSON): `columns=` names the arguments, Postgres reads the body.
    argNames = query.columns;
    bodyText = decodeUtf8(await readRawBody(request.request), () => notSupported("A JSON body that is not UTF-8"));
  } else if (isPost) {
    // As for a table: an array's first row gives the arguments (the call reads that row), and
    // JSON with no row at all, a number say, is `[]`, also to a json parameter taking the body.
    const payload = await readPayload(request.request, true);
    const uniform = uniformRows(payload.value);
    if (!uniform) throw keysMismatch(payload.media);
    argNames = uniform.keys;
    bodyText = rowsText(payload, uniform.rows);
  } else if (request.method === "GET" || request.method === "HEAD") {
    textArgs = query.rpcArgs;
  } else {
    throw restError(405, "PGRST101", `Cannot use the ${request.method} method on RPC`);
  }
  const keys = (textArgs ? [...textArgs.keys()] : argNames).sort();
  const { routine, wholeBody } = chooseOverload(request, name, overloads, keys, {
    isPost,
    jsonBody: mediaType === "application/json",
    bodyType: rawType ?? null,
  });
  if (routine.refusal) throw notSupported(routine.refusal);
  const callArgs: CallArguments = wholeBody
    ? { kind: "whole-body", body: bodyText }
    : textArgs
      ? { kind: "text", values: textArguments(routine, textArgs) }
      : { kind: "json", body: bodyText };
  const callParams = wholeBody ? routine.params : routine.params.filter((p) => keys.includes(p.name));
  const { node, ctx } = planCall(request, routine, query);
  const page =
    routine.shape === "setof-composite" || routine.shape === "setof-scalar"
      ? topLevelPage(ctx, query.nodes.get(""))
      : { offset: 0, limit: null };
  const statement = callStatement(
    { routine, params: callParams, args: callArgs },
    node,
    page,
    statementCounts(ctx),
    ctx.accept,
  );
  const setReturning = routine.shape === "setof-composite" || routine.shape === "setof-scalar";
  if (ctx.prefs.handling === "strict" && ctx.prefs.maxAffected !== null && !setReturning) {
    throw restError(
      400,
      "PGRST128",
      "Function must return SETOF or TABLE when max-affected preference is used with handling=strict",
    );
  }
  // A function's changes roll back too when its result is not the one row asked for (SingularSpec).
  const check = mutationCheck(ctx);
  const callCtx = {
    ...ctx,
    // PostgREST runs a POST to a STABLE or IMMUTABLE function read-only too.
    readOnly: ctx.readOnly || routine.volatility !== "v",
    isolation: routine.isolation ?? ctx.isolation,
    functionSettings: routine.hoistedSettings,
  };
  if (ctx.accept.plan) return explainResponse(callCtx, ctx.accept.plan, statement);
  const row = await execute(callCtx, statement, check);
  if (routine.shape === "void") {
    return new Response(null, {
      status: 204,
      headers: { "Content-Range": "0-0/*", ...preferenceApplied(ctx.prefs, "rpc") },
    });
  }
  if (routine.shape === "scalar" || routine.shape === "composite") {
    const total = statementCounts(ctx) ? 1 : null;
    return new Response(responseBody(ctx, row), {
      status: 200,
      headers: {
        ...contentHeaders(ctx),
        "Content-Range": `0-0/${total ?? "*"}`,
        ...preferenceApplied(ctx.prefs, "rpc"),
      },
    });
  }
  return readResponse(ctx, row, page, "rpc", null);
}

/**
 * As PostgREST's callReadPlan (for OPTIONS too): the read plan of the result (null for a function
 * not returning rows), then the media type, then the strict preferences.
 */
function planCall(
  request: RequestContext,
  routine: RoutineInfo,
  query: QueryParams,
): { node: ReadNode | null; ctx: RestContext } {
  let node: ReadNode | null = null;
  if (routine.shape === "composite" || routine.shape === "setof-composite") {
    // Rows of a table's type embed along that table's foreign keys, as on PostgREST.
    const table = routine.returnsTable
      ? request.cache.tables.get(qualifiedName(routine.schema, routine.returnsTable))
      : null;
    const source = table ?? { schema: routine.schema, name: routine.name, columns: routine.columns };
    node = planRead(request.cache, source, query.select, query.nodes, { aggregates: true });
    checkComputedOnReturnedRows(node, "a function's result");
  } else if (query.nodes.size > 0 || request.query.has("select")) {
    throw notSupported("select, filters or order on a function that does not return rows");
  }
  // PostgREST names a function's target by the table it returns, so that table's handlers apply.
  const target = qualifiedName(routine.schema, routine.returnsTable ?? routine.name);
  const ctx = negotiated(request, { name: target, defaultSelect: isDefaultSelect(query.select) });
  checkStrictPreferences(ctx.prefs);
  return { node, ctx };
}

/** A form body's fields (`a=1&v=hi&v=there`), which PostgREST takes as it takes a query string's. */
function formArguments(body: Uint8Array): Map<string, string[]> {
  const fields = new Map<string, string[]>();
  for (const [name, value] of formFields(body)) {
    fields.set(name, [...(fields.get(name) ?? []), value]);
  }
  return fields;
}

/**
 * Text arguments (a query string's, a form body's) as PostgREST's mergeParams reads them: a
 * repeated VARIADIC one collects its values in order (`v=hi&v=there` is `{hi,there}`), any
 * other takes its last.
 */
function textArguments(routine: RoutineInfo, given: Map<string, string[]>): Record<string, string | string[]> {
  const variadic = new Set(routine.params.filter((p) => p.variadic).map((p) => p.name));
  return Object.fromEntries(
    [...given].map(([name, values]) => [name, variadic.has(name) ? values : (values.at(-1) ?? "")]),
  );
}

const SINGLE_BODY_TYPES = new Set(["json", "jsonb"]);

/** Bodies PostgREST passes whole to a function's one parameter of the matching type. */
const RAW_BODY_TYPES = new Map([
  ["text/plain", "text"],
  ["text/xml", "xml"],
  ["application/octet-stream", "bytea"],
]);

interface CallBody {
  isPost: boolean;
  /** A JSON body, which a function's one json/jsonb parameter may take whole. */
  jsonBody: boolean;
  /** text, xml or bytea for a raw (non-JSON) body. */
  bodyType: string | null;
}

/**
 * PostgREST's findProc: the overloads whose parameters the argument names fit (required ones
 * all given, the rest optional); failing that, on POST, a function whose one parameter is
 * json/jsonb takes the whole body. Two candidates either way are PGRST203.
 */
function chooseOverload(
  ctx: RequestContext,
  name: string,
  overloads: RoutineInfo[],
  keys: string[],
  { isPost, jsonBody, bodyType }: CallBody,
): { routine: RoutineInfo; wholeBody: boolean } {
  // A raw body names no arguments: only functions whose parameters are all optional fit it.
  const fitsNames = (routine: RoutineInfo) =>
    (bodyType === null || routine.params.length > 0) &&
    keys.every((key) => routine.params.some((p) => p.name === key)) &&
    routine.params.every((p) => p.hasDefault || keys.includes(p.name));
  const takesBody = (routine: RoutineInfo) => {
    const type = routine.params[0]?.type ?? "";
    return (
      isPost &&
      routine.params.length === 1 &&
      (bodyType === null ? jsonBody && SINGLE_BODY_TYPES.has(type) : type === bodyType)
    );
  };
  const named = overloads.filter(fitsNames);
  const single = overloads.filter((routine) => !fitsNames(routine) && takesBody(routine));
  const fn = `${ctx.schema}.${name}`;
  const candidates = named.length > 0 ? named : single;
  if (candidates.length === 1) return { routine: candidates[0] as RoutineInfo, wholeBody: named.length === 0 };
  if (candidates.length > 1) {
    throw restError(
      300,
      "PGRST203",
      `Could not choose the best candidate function between: ${candidates
        .map((r) => `${fn}(${r.params.map((p) => `${p.name} => ${p.type}`).join(", ")})`)
        .join(", ")}`,
      null,
      "Try renaming the parameters or the function itself in the database so function overloading can be resolved",
    );
  }
  if (bodyType !== null) {
    throw restError(
      404,
      "PGRST202",
      `Could not find the function ${fn} in the schema cache`,
      `Searched for the function ${fn} with a single unnamed ${bodyType} parameter, but no matches were found in the schema cache.`,
    );
  }
  const listed = keys.length === 0 ? " without parameters" : `(${keys.join(", ")})`;
  const searched =
    keys.length === 0 ? " without parameters" : ` with parameter${keys.length > 1 ? "s" : ""} ${keys.join(", ")}`;
  const functionsOfSchema = [...ctx.cache.routines.values()]
    .map((routines) => routines[0] as RoutineInfo)
    .filter((routine) => routine.schema === ctx.schema)
    .map((routine) => routine.name);
  const overloadParams = overloads.map((routine) => routine.params.map((p) => p.name));
  throw restError(
    404,
    "PGRST202",
    `Could not find the function ${fn}${listed} in the schema cache`,
    `Searched for the function ${fn}${searched}${
      jsonBody ? " or with a single unnamed json/jsonb parameter" : ""
    }, but no matches were found in the schema cache.`,
    noRpcHint(ctx.schema, name, keys, functionsOfSchema, overloadParams),
  );
}
