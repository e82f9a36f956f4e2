/**
 * Stands in for PostgREST's "Perhaps you meant ..." hints (Error.hs: noRelBetweenHint,
 * noRpcHint, tableNotFoundHint), over the fuzzy set of fuzzy.ts. Table and function names
 * need a score of 0.75 (so a hint does not enumerate a schema's objects), parameter lists the
 * library's 0.33; relationship names use the library's default too.
 */
import { fuzzyGet, fuzzyGetOne, fuzzySetFrom } from "./fuzzy.ts";

const NAME_MIN_SCORE = 0.75;

/** SchemaCache.hs' maxDbTablesForFuzzySearch: a schema this large gets no table hint. */
const MAX_TABLES_FOR_FUZZY_SEARCH = 500;

/** PGRST205's hint: the closest table or view of the request's schema. */
export function tableNotFoundHint(schema: string, name: string, tablesOfSchema: string[]): string | null {
  if (tablesOfSchema.length === 0 || tablesOfSchema.length >= MAX_TABLES_FOR_FUZZY_SEARCH) return null;
  const table = fuzzyGetOne(fuzzySetFrom(tablesOfSchema), name, NAME_MIN_SCORE);
  return table === null ? null : `Perhaps you meant the table '${schema}.${table}'`;
}

/**
 * PGRST202's hint. No function of that name: the closest function name of the schema. Some:
 * the overload whose parameter names, sorted and written "(a, b)", are closest to the
 * arguments written the same way.
 */
export function noRpcHint(
  schema: string,
  name: string,
  argumentKeys: string[],
  functionsOfSchema: string[],
  overloadParams: string[][],
): string | null {
  const listed = (names: string[]) => `(${[...names].sort().join(", ")})`;
  const suggestion =
    overloadParams.length === 0
      ? fuzzyGetOne(fuzzySetFrom(functionsOfSchema), name, NAME_MIN_SCORE)
      : withName(name, fuzzyGetOne(fuzzySetFrom(overloadParams.map(listed)), listed(argumentKeys)));
  return suggestion === null ? null : `Perhaps you meant to call the function ${schema}.${suggestion}`;
}

const withName = (name: string, params: string | null) => (params === null ? null : `${name}${params}`);

/**
 * PGRST200's hint. An origin with no relationships in the schema: the closest origin that has
 * some. Otherwise the closest target of its relationships, never the requested one itself
 * (which means the embed hint, not the name, found nothing).
 */
export function noRelBetweenHint(
  parent: string,
  child: string,
  origins: string[],
  targetsOfParent: string[] | null,
): string | null {
  if (targetsOfParent === null) {
    const origin = fuzzyGetOne(fuzzySetFrom(origins), parent);
    return origin === null ? null : `Perhaps you meant '${origin}' instead of '${parent}'.`;
  }
  const target = fuzzyGet(fuzzySetFrom(targetsOfParent), child).find(([score]) => score < 1)?.[1];
  return target === undefined ? null : `Perhaps you meant '${target}' instead of '${child}'.`;
}
