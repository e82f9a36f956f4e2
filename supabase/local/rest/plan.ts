/**
 * Stands in for PostgREST's planner (src/PostgREST/Plan.hs): resolves a parsed select tree
 * against the schema cache, so every table, column and relationship is known before any SQL
 * is built. Embeds follow foreign keys in both directions (many-to-one and one-to-one give an
 * object, one-to-many an array), chosen by table name, constraint name or FK column, with
 * PostgREST's PGRST200/PGRST201/PGRST108 errors. Not supported: many-to-many through junction
 * tables, relationships through views, computed relationships.
 */
import { notSupported, restError } from "./errors.ts";
import type { Condition, JsonStep, NodeParams, OrderTerm, SelectItem } from "./parse.ts";
import type { Column, ForeignKey, SchemaCache } from "./schema-cache.ts";

/** Something rows are read from: a table or view, or the columns a function returns. */
export interface Source {
  schema: string;
  name: string;
  columns: Map<string, Column>;
}

export type PlannedItem =
  | { kind: "star" }
  | { kind: "column"; column: Column; path: JsonStep[]; outputName: string; cast: string | null }
  | { kind: "embed"; embed: PlannedEmbed };

export interface ReadNode {
  source: Source;
  /** The SQL alias of this node's table, unique within the statement (t0, t1, ...). */
  alias: string;
  items: PlannedItem[];
  conditions: Condition[];
  order: OrderTerm[];
  limit: number | null;
  offset: number | null;
  /** Embeds named in `embed=is.null` / `embed=not.is.null` filters: they keep parents without / with matches. */
  embedNullFilters: Array<{ embed: PlannedEmbed; negate: boolean }>;
}

export interface PlannedEmbed {
  node: ReadNode;
  outputName: string;
  toOne: boolean;
  inner: boolean;
  /** Pairs of (parent column, child column) the join compares. */
  join: Array<[string, string]>;
}

type Cardinality = "many-to-one" | "one-to-many" | "one-to-one";

interface Relationship {
  foreignKey: ForeignKey;
  cardinality: Cardinality;
  /** The table on the other side of the foreign key from the embedding table. */
  target: string;
  pairs: Array<[string, string]>;
}

export function columnNotFound(source: Source, column: string) {
  return restError(400, "42703", `column ${source.name}.${column} does not exist`);
}

export function requireColumn(source: Source, name: string): Column {
  const column = source.columns.get(name);
  if (!column) throw columnNotFound(source, name);
  return column;
}

export function planRead(
  cache: SchemaCache,
  source: Source,
  select: SelectItem[],
  nodes: Map<string, NodeParams>,
  allowEmbeds = true,
): ReadNode {
  let counter = 0;
  const used = new Set<string>();
  const build = (nodeSource: Source, items: SelectItem[], path: string): ReadNode => {
    used.add(path);
    const params = nodes.get(path) ?? { conditions: [], order: [], limit: null, offset: null };
    const node: ReadNode = {
      source: nodeSource,
      alias: `t${counter++}`,
      items: [],
      conditions: [],
      order: params.order,
      limit: params.limit,
      offset: params.offset,
      embedNullFilters: [],
    };
    for (const item of items) {
      if (item.kind === "star") node.items.push(item);
      else if (item.kind === "column") {
        const column = requireColumn(nodeSource, item.name);
        // PostgREST names a JSON path's value after its last key.
        const outputName = item.alias ?? item.path.at(-1)?.key ?? item.name;
        node.items.push({ kind: "column", column, path: item.path, outputName, cast: item.cast });
      } else {
        if (!allowEmbeds) throw notSupported("Embedding from a function's OUT or TABLE columns");
        const relationship = findRelationship(cache, nodeSource, item.name, item.hint);
        const outputName = item.alias ?? item.name;
        const target = cache.tables.get(`${nodeSource.schema}.${relationship.target}`);
        if (!target) throw restError(500, "PGRSTX00", `Relationship target ${relationship.target} is missing`);
        const child = build(target, item.select, path ? `${path}.${outputName}` : outputName);
        const embed: PlannedEmbed = {
          node: child,
          outputName,
          toOne: relationship.cardinality !== "one-to-many",
          inner: item.inner,
          join: relationship.pairs,
        };
        node.items.push({ kind: "embed", embed });
      }
    }
    for (const condition of params.conditions) {
      const embed = embedNamedBy(node, condition);
      if (embed) node.embedNullFilters.push(embed);
      else node.conditions.push(validateCondition(nodeSource, condition));
    }
    for (const term of node.order) requireColumn(nodeSource, term.column);
    return node;
  };
  const root = build(source, select, "");
  for (const path of nodes.keys()) {
    if (!used.has(path)) {
      throw restError(
        400,
        "PGRST108",
        `'${path}' is not an embedded resource in this request`,
        null,
        `Verify that '${path}' is included in the 'select' query parameter.`,
      );
    }
  }
  return root;
}

function embedNamedBy(node: ReadNode, condition: Condition): { embed: PlannedEmbed; negate: boolean } | null {
  if (condition.kind !== "filter" || condition.op !== "is" || condition.value !== "null" || condition.path.length) {
    return null;
  }
  if (node.source.columns.has(condition.column)) return null;
  for (const item of node.items) {
    if (item.kind === "embed" && item.embed.outputName === condition.column) {
      return { embed: item.embed, negate: condition.negate };
    }
  }
  return null;
}

export function validateCondition(source: Source, condition: Condition): Condition {
  if (condition.kind === "filter") requireColumn(source, condition.column);
  else for (const child of condition.children) validateCondition(source, child);
  return condition;
}

function relationshipsFrom(cache: SchemaCache, source: Source): Relationship[] {
  const found: Relationship[] = [];
  for (const fk of cache.foreignKeys) {
    if (fk.schema !== source.schema) continue;
    const zip = (a: string[], b: string[]) => a.map((col, i): [string, string] => [col, b[i] ?? ""]);
    if (fk.table === source.name) {
      found.push({
        foreignKey: fk,
        cardinality: fk.oneToOne ? "one-to-one" : "many-to-one",
        target: fk.foreignTable,
        pairs: zip(fk.columns, fk.foreignColumns),
      });
    }
    if (fk.foreignTable === source.name) {
      found.push({
        foreignKey: fk,
        cardinality: fk.oneToOne ? "one-to-one" : "one-to-many",
        target: fk.table,
        pairs: zip(fk.foreignColumns, fk.columns),
      });
    }
  }
  return found;
}

/** The referencing (FK-bearing) column when the key has exactly one column. */
function singleFkColumn(rel: Relationship): string | null {
  return rel.foreignKey.columns.length === 1 ? (rel.foreignKey.columns[0] ?? null) : null;
}

function findRelationship(cache: SchemaCache, source: Source, target: string, hint: string | null): Relationship {
  const all = relationshipsFrom(cache, source);
  const isManyToOne = (rel: Relationship) => rel.cardinality !== "one-to-many" && rel.foreignKey.table === source.name;
  const matches = all.filter((rel) => {
    if (hint === null) {
      return (
        rel.target === target ||
        (rel.foreignKey.name === target && isManyToOne(rel)) ||
        (isManyToOne(rel) && singleFkColumn(rel) === target)
      );
    }
    const byTarget =
      rel.target === target || (isManyToOne(rel) && (rel.foreignKey.name === target || singleFkColumn(rel) === target));
    return byTarget && (rel.foreignKey.name === hint || singleFkColumn(rel) === hint);
  });
  // A self-referencing key shows up in both directions; PostgREST then asks for a hint.
  if (matches.length === 1) return matches[0] as Relationship;
  if (matches.length === 0) {
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
      .map((rel) => `'${rel.target}!${rel.foreignKey.name}'`)
      .join(", ")}. Find the desired relationship in the 'details' key.`,
  );
}

function describeRelationship(source: Source) {
  return (rel: Relationship) => ({
    cardinality: rel.cardinality,
    embedding: `${source.name} with ${rel.target}`,
    relationship: `${rel.foreignKey.name} using ${source.name}(${rel.pairs.map((p) => p[0]).join(", ")}) and ${
      rel.target
    }(${rel.pairs.map((p) => p[1]).join(", ")})`,
  });
}
