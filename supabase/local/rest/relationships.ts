/**
 * Stands in for PostgREST's relationships (SchemaCache.hs: allM2OandO2ORels, addM2MRels,
 * allComputedRels) and its findRel (Plan.hs): which foreign key, junction table or function
 * an embed follows, with PGRST200 and PGRST201 worded as PostgREST words them. Not supported
 * (refused with PGRST127 where PostgREST could have found one): relationships inferred through
 * views, and computed relationships with more than one parameter.
 */
import { notSupported, restError } from "./errors.ts";
import type { Source } from "./plan.ts";
import type { ForeignKey, SchemaCache } from "./schema-cache.ts";

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
  junction: { table: string; toOrigin: ForeignKey; toTarget: ForeignKey } | null;
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
/** PostgREST's relationships of one table: both directions of each key, then many-to-many. */
function relationshipsFrom(cache: SchemaCache, source: Source): Relationship[] {
  const found: Relationship[] = [];
  const keys = cache.foreignKeys.filter((fk) => fk.schema === source.schema);
  for (const fk of keys) {
    const isSelf = fk.table === fk.foreignTable;
    const base = { name: fk.name, isSelf, junction: null, computed: null };
    if (fk.table === source.name) {
      found.push({
        ...base,
        cardinality: fk.oneToOne ? "one-to-one" : "many-to-one",
        origin: fk.table,
        target: fk.foreignTable,
        pairs: zip(fk.columns, fk.foreignColumns),
      });
    }
    if (fk.foreignTable === source.name) {
      found.push({
        ...base,
        cardinality: fk.oneToOne ? "one-to-one" : "one-to-many",
        origin: fk.foreignTable,
        target: fk.table,
        pairs: zip(fk.foreignColumns, fk.columns),
      });
    }
  }
  // A junction: two distinct many-to-one keys whose columns all belong to its primary key.
  for (const toOrigin of keys) {
    if (toOrigin.foreignTable !== source.name || toOrigin.oneToOne) continue;
    const junction = cache.tables.get(`${source.schema}.${toOrigin.table}`);
    if (!junction) continue;
    for (const toTarget of keys) {
      if (toTarget === toOrigin || toTarget.table !== toOrigin.table || toTarget.oneToOne) continue;
      const inKey = [...toOrigin.columns, ...toTarget.columns].every((col) => junction.primaryKey.includes(col));
      if (!inKey) continue;
      found.push({
        name: junction.name,
        cardinality: "many-to-many",
        origin: source.name,
        target: toTarget.foreignTable,
        isSelf: source.name === toTarget.foreignTable,
        pairs: [],
        junction: { table: junction.name, toOrigin, toTarget },
        computed: null,
      });
    }
  }
  // Computed relationships: one-parameter functions of this row type returning a table's rows.
  for (const overloads of cache.routines.values()) {
    for (const fn of overloads) {
      const returnsRows = fn.shape === "composite" || fn.shape === "setof-composite";
      if (fn.schema !== source.schema || fn.firstParamTable !== source.name || fn.params.length !== 1) continue;
      if (!returnsRows || !fn.returnsTable) continue;
      found.push({
        name: fn.name,
        cardinality: fn.singleRow ? "many-to-one" : "one-to-many",
        origin: source.name,
        target: fn.returnsTable,
        isSelf: false,
        pairs: [],
        junction: null,
        computed: { schema: fn.schema, name: fn.name },
      });
    }
  }
  return found;
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
    refuseUnsupportedRelationship(cache, source, target);
    throw restError(
      400,
      "PGRST200",
      `Could not find a relationship between '${source.name}' and '${target}' in the schema cache`,
      `Searched for a foreign key relationship between '${source.name}' and '${target}'${
        hint ? ` using the hint '${hint}'` : ""
      } in the schema '${source.schema}', but no matches were found.`,
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
 * What PostgREST could still have found where this planner finds nothing: keys inferred
 * through views, computed relationships, and junctions PostgREST accepts that this one does
 * not. Refused by name, so they never look like a missing relationship.
 */
function refuseUnsupportedRelationship(cache: SchemaCache, source: Source, target: string): void {
  const targetTable = cache.tables.get(`${source.schema}.${target}`);
  if (cache.tables.get(`${source.schema}.${source.name}`)?.isView) {
    throw notSupported(`Embedding from a view (\`${source.name}\`): relationships inferred through views`);
  }
  if (targetTable?.isView) {
    throw notSupported(`Embedding a view (\`${target}\`): relationships inferred through views`);
  }
  if (computedOn(cache, source, target)) {
    throw notSupported(
      `Computed relationships (\`${target}\`) that are not one-parameter functions returning a table's rows`,
    );
  }
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
