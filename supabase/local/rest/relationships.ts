/**
 * Stands in for PostgREST's relationships (SchemaCache.hs: allM2OandO2ORels, addM2MRels,
 * allComputedRels, getOverrideRelationshipsMap) and its findRel (Plan.hs): which foreign key,
 * junction table or function an embed follows, with PGRST200 and PGRST201 worded as PostgREST
 * words them. Views take part through the keys inferred for them (view-keys.ts), so a view
 * can be origin, target or junction. As on PostgREST, only a function of exactly one
 * parameter, the row, is a computed relationship: any other relates nothing (PGRST200).
 */
import { type RestError, restError } from "./errors.ts";
import { noRelBetweenHint } from "./hints.ts";
import type { Source } from "./plan.ts";
import { type ForeignKey, qualifiedName, type SchemaCache, type Table } from "./schema-cache.ts";

type Cardinality = "many-to-one" | "one-to-many" | "one-to-one" | "many-to-many";

/** One of PostgREST's relationships, seen from the embedding table (`origin`). */
export interface Relationship {
  cardinality: Cardinality;
  /** The constraint name, or for many-to-many the junction table's name. */
  name: string;
  origin: string;
  target: string;
  isSelf: boolean;
  /** (origin column, target column) pairs; empty for many-to-many. */
  pairs: Array<[string, string]>;
  junction: { schema: string; table: string; toOrigin: ForeignKey; toTarget: ForeignKey } | null;
  computed: { schema: string; name: string } | null;
}

/** A function of the source's row type by that name: a computed field or relationship on PostgREST. */
export function computedOn(cache: SchemaCache, source: Source, name: string): boolean {
  const overloads = cache.routines.get(`${source.schema}.${name}`) ?? [];
  return overloads.some((routine) => routine.firstParamTable === source.name);
}
export function zip(a: string[], b: string[]): Array<[string, string]> {
  return a.map((col, i): [string, string] => [col, b[i] ?? ""]);
}
/** PostgREST's relationships of one table or view: both directions of each key, many-to-many, computed. */
function relationshipsFrom(cache: SchemaCache, source: Source): Relationship[] {
  const found: Array<{ rel: Relationship; order: SortKey }> = [];
  const add = (rel: Relationship, detail: SortKey) =>
    found.push({ rel, order: [0, rel.target, rel.isSelf ? 1 : 0, CARDINALITY_ORDER[rel.cardinality], ...detail] });
  // PostgREST only relates two objects of the schema the request names.
  const keys = cache.foreignKeys.filter((fk) => fk.schema === source.schema && fk.foreignSchema === source.schema);
  for (const fk of keys) {
    const isSelf = fk.table === fk.foreignTable;
    const base = { name: fk.name, isSelf, junction: null, computed: null };
    if (fk.table === source.name) {
      const pairs = zip(fk.columns, fk.foreignColumns);
      const cardinality = fk.oneToOne ? "one-to-one" : "many-to-one";
      add({ ...base, cardinality, origin: fk.table, target: fk.foreignTable, pairs }, [fk.name, pairs, 0]);
    }
    if (fk.foreignTable === source.name) {
      const pairs = zip(fk.foreignColumns, fk.columns);
      const cardinality = fk.oneToOne ? "one-to-one" : "one-to-many";
      add({ ...base, cardinality, origin: fk.foreignTable, target: fk.table, pairs }, [fk.name, pairs, 1]);
    }
  }
  // A junction: many-to-one keys to both sides, distinct constraints, all columns in its primary
  // key. It may be in any exposed schema (the cache holds only theirs), unlike the two sides.
  const junctionKeys = cache.foreignKeys.filter(
    (fk) => fk.foreignSchema === source.schema && !fk.oneToOne && cache.tables.has(qualifiedName(fk.schema, fk.table)),
  );
  for (const toOrigin of junctionKeys) {
    if (toOrigin.foreignTable !== source.name) continue;
    const junction = cache.tables.get(qualifiedName(toOrigin.schema, toOrigin.table)) as Table;
    for (const toTarget of junctionKeys) {
      const sameJunction = toTarget.schema === toOrigin.schema && toTarget.table === toOrigin.table;
      if (!sameJunction || toTarget.name === toOrigin.name) continue;
      const inKey = [...toOrigin.columns, ...toTarget.columns].every((col) => junction.primaryKey.includes(col));
      if (!inKey) continue;
      const rel: Relationship = {
        name: junction.name,
        cardinality: "many-to-many",
        origin: source.name,
        target: toTarget.foreignTable,
        isSelf: source.name === toTarget.foreignTable,
        pairs: [],
        junction: { schema: junction.schema, table: junction.name, toOrigin, toTarget },
        computed: null,
      };
      const fromSource = zip(toOrigin.foreignColumns, toOrigin.columns);
      const toDestination = zip(toTarget.foreignColumns, toTarget.columns);
      add(rel, [junction.schema, junction.name, toOrigin.name, toTarget.name, fromSource, toDestination]);
    }
  }
  // Computed relationships: one-parameter functions of this row type returning a table's rows.
  for (const overloads of cache.routines.values()) {
    for (const fn of overloads) {
      const returnsRows = fn.shape === "composite" || fn.shape === "setof-composite";
      if (fn.schema !== source.schema || fn.firstParamTable !== source.name || fn.params.length !== 1) continue;
      if (!returnsRows || !fn.returnsTable) continue;
      const rel: Relationship = {
        name: fn.name,
        cardinality: fn.singleRow ? "many-to-one" : "one-to-many",
        origin: source.name,
        target: fn.returnsTable,
        isSelf: false,
        pairs: [],
        junction: null,
        computed: { schema: fn.schema, name: fn.name },
      };
      found.push({ rel, order: [1, fn.name] });
    }
  }
  // A computed relationship named like a table replaces every key and junction to that table
  // (getOverrideRelationshipsMap), so it can settle an ambiguity.
  const overridden = new Set(found.filter(({ rel }) => rel.computed).map(({ rel }) => rel.name));
  return found
    .filter(({ rel }) => rel.computed || !overridden.has(rel.target))
    .sort((a, b) => compareSortKeys(a.order, b.order))
    .map(({ rel }) => rel);
}

/**
 * PostgREST keeps each table's relationships sorted (its derived `Ord Relationship`), which is
 * the order PGRST201 lists them in: by target, self-references last, then one-to-many,
 * many-to-one, one-to-one, many-to-many, then by constraint (or junction) and columns, the
 * referencing direction of a one-to-one first; computed relationships after all keys.
 */
type SortKey = Array<string | number | SortKey>;

const CARDINALITY_ORDER: Record<Cardinality, number> = {
  "one-to-many": 0,
  "many-to-one": 1,
  "one-to-one": 2,
  "many-to-many": 3,
};

function compareSortKeys(a: SortKey, b: SortKey): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const [x, y] = [a[i], b[i]] as [SortKey[number], SortKey[number]];
    const order = Array.isArray(x) && Array.isArray(y) ? compareSortKeys(x, y) : x < y ? -1 : x > y ? 1 : 0;
    if (order !== 0) return order;
  }
  return a.length - b.length;
}

/** The origin-side column of a single-column key (matchFKSingleCol). */
function originColumn(rel: Relationship): string | null {
  return rel.pairs.length === 1 ? (rel.pairs[0]?.[0] ?? null) : null;
}

/** The target-side column of a single-column key (matchFKRefSingleCol). */
function targetColumn(rel: Relationship): string | null {
  return rel.pairs.length === 1 ? (rel.pairs[0]?.[1] ?? null) : null;
}

/** PostgREST's findRel (Plan.hs), rule for rule, including its self-reference conventions. */
export function findRelationship(
  cache: SchemaCache,
  source: Source,
  target: string,
  hint: string | null,
): Relationship {
  const targetIsView = (rel: Relationship) => cache.tables.get(`${source.schema}.${rel.target}`)?.isView === true;
  const isKey = (rel: Relationship) => rel.cardinality !== "many-to-many";
  const matches = relationshipsFrom(cache, source).filter((rel) => {
    if (rel.computed) return rel.name === target;
    if (rel.isSelf) {
      if (hint === null) {
        return (
          (rel.target === target && rel.cardinality === "one-to-many") ||
          (rel.cardinality === "many-to-one" && originColumn(rel) === target)
        );
      }
      return rel.target === target && rel.cardinality === "one-to-many" && targetColumn(rel) === hint;
    }
    if (hint === null) {
      return (
        rel.target === target ||
        (isKey(rel) && rel.name === target && !targetIsView(rel)) ||
        (isKey(rel) && originColumn(rel) === target && !targetIsView(rel))
      );
    }
    return (
      rel.target === target &&
      ((isKey(rel) && (rel.name === hint || originColumn(rel) === hint || targetColumn(rel) === hint)) ||
        (!isKey(rel) && rel.name === hint))
    );
  });
  if (matches.length === 1) return matches[0] as Relationship;
  if (matches.length === 0) {
    const own = relationshipsFrom(cache, source);
    throw restError(
      400,
      "PGRST200",
      `Could not find a relationship between '${source.name}' and '${target}' in the schema cache`,
      `Searched for a foreign key relationship between '${source.name}' and '${target}'${
        hint ? ` using the hint '${hint}'` : ""
      } in the schema '${source.schema}', but no matches were found.`,
      noRelBetweenHint(
        source.name,
        target,
        relationshipOrigins(cache, source.schema),
        own.length > 0 ? own.map((rel) => rel.target) : null,
      ),
    );
  }
  throw restError(
    300,
    "PGRST201",
    `Could not embed because more than one relationship was found for '${source.name}' and '${target}'`,
    matches.map(describeRelationship(source)),
    `Try changing '${target}' to one of the following: ${matches
      .map((rel) => `'${rel.target}!${rel.name}'`)
      .join(", ")}. Find the desired relationship in the 'details' key.`,
  );
}

/**
 * The names PostgREST's relationships map has keys for with this schema on the target side:
 * the origins of the schema's own relationships, and tables of other exposed schemas with a key
 * to or from one of its tables.
 */
function relationshipOrigins(cache: SchemaCache, schema: string): string[] {
  const origins = new Set<string>();
  for (const table of cache.tables.values()) {
    if (table.schema === schema && relationshipsFrom(cache, table).length > 0) origins.add(table.name);
  }
  for (const fk of cache.foreignKeys) {
    const exposed =
      cache.tables.has(qualifiedName(fk.schema, fk.table)) &&
      cache.tables.has(qualifiedName(fk.foreignSchema, fk.foreignTable));
    if (!exposed || fk.schema === fk.foreignSchema) continue;
    if (fk.foreignSchema === schema) origins.add(fk.table);
    if (fk.schema === schema) origins.add(fk.foreignTable);
  }
  return [...origins];
}

/**
 * IMPORTANT: PostgREST finds a many-to-many through a junction in another exposed schema, but
 * its query names the junction's columns with the origin's schema (Plan.hs getJoinConditions),
 * and Postgres refuses that reference: 404 42P01, the answer given here too.
 */
export function junctionInOtherSchema(junction: string): RestError {
  return restError(
    404,
    "42P01",
    `invalid reference to FROM-clause entry for table "${junction}"`,
    `There is an entry for table "${junction}", but it cannot be referenced from this part of the query.`,
  );
}

function describeRelationship(source: Source) {
  return (rel: Relationship) => {
    let relationship: string;
    if (rel.junction) {
      const { table, toOrigin, toTarget } = rel.junction;
      relationship = `${table} using ${toOrigin.name}(${toOrigin.columns.join(", ")}) and ${toTarget.name}(${toTarget.columns.join(", ")})`;
    } else {
      relationship = `${rel.name} using ${source.name}(${rel.pairs.map((p) => p[0]).join(", ")}) and ${
        rel.target
      }(${rel.pairs.map((p) => p[1]).join(", ")})`;
    }
    return { cardinality: rel.cardinality, embedding: `${source.name} with ${rel.target}`, relationship };
  };
}
