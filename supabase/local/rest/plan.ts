/**
 * Stands in for PostgREST's planner (src/PostgREST/Plan.hs): resolves a parsed select tree
 * against the schema cache, so every table, column and relationship is known before any SQL
 * is built. Embeds follow foreign keys in both directions (many-to-one and one-to-one give an
 * object, one-to-many an array), junction tables (many-to-many) and computed relationships,
 * also through views, chosen as PostgREST's findRel does (relationships.ts); computed fields
 * read like columns; spreads merge into the parent (to-many ones as an array per key, which
 * needs aggregates on). Errors are PostgREST's PGRST200/201/108/120/123 and 42712. Not supported
 * (refused with PGRST127): once `pgrst.db_aggregates_enabled` is on, aggregates beside
 * embeds, on functions and mutations, and inside to-many spreads; a to-many spread inside one.
 */
import { notSupported, restError } from "./errors.ts";
import type { AggregateFunction, Condition, JsonStep, NodeParams, OrderTerm, SelectItem } from "./parse.ts";
import { computedOn, findRelationship, junctionInOtherSchema, zip } from "./relationships.ts";
import { type Column, qualifiedName, type SchemaCache } from "./schema-cache.ts";
import { pathNeedsJson } from "./sql.ts";

/** Something rows are read from: a table or view, or the columns a function returns. */
export interface Source {
  schema: string;
  name: string;
  columns: Map<string, Column>;
}

export type PlannedItem =
  | { kind: "star" }
  | {
      kind: "column";
      column: Column;
      path: JsonStep[];
      outputName: string;
      cast: string | null;
      aggregate: { fn: AggregateFunction; cast: string | null } | null;
    }
  | { kind: "embed"; embed: PlannedEmbed };

/** An order term; a related one (`order=authors(name)`) carries the to-one embed it reads. */
export type PlannedOrderTerm = OrderTerm & { embed: PlannedEmbed | null; toJson: boolean };

type FilterCondition = Extract<Condition, { kind: "filter" }>;

/**
 * A filter or logic tree, where `embed=is.null` / `embed=not.is.null` (also inside a tree)
 * tests an embed's row: it keeps parents without / with a match.
 */
export type PlannedCondition =
  | FilterCondition
  | { kind: "logic"; op: "and" | "or"; negate: boolean; children: PlannedCondition[] }
  | { kind: "embed-null"; embed: PlannedEmbed; negate: boolean };

export interface ReadNode {
  source: Source;
  /** The SQL alias of this node's table, unique within the statement (t0, t1, ...). */
  alias: string;
  items: PlannedItem[];
  conditions: PlannedCondition[];
  order: PlannedOrderTerm[];
  limit: number | null;
  offset: number | null;
}

export interface PlannedEmbed {
  node: ReadNode;
  outputName: string;
  toOne: boolean;
  inner: boolean;
  /** An empty embed (`authors()`) filters like any other but is left out of the response. */
  hidden: boolean;
  /** A to-one spread (`...authors(name)`): these keys of the child join the parent's object. */
  spread: string[] | null;
  /** Pairs of (parent column, child column) the join compares; empty for many-to-many. */
  join: Array<[string, string]>;
  /** Many-to-many: the junction row linking parent and child must exist. */
  junction: Junction | null;
  /** A computed relationship: the child's rows come from this function of the parent's row. */
  computed: { schema: string; name: string } | null;
}

export interface Junction {
  source: Source;
  alias: string;
  /** (parent column, junction column) and (child column, junction column) pairs. */
  toParent: Array<[string, string]>;
  toChild: Array<[string, string]>;
}

export function columnNotFound(source: Source, column: string) {
  return restError(400, "42703", `column ${source.name}.${column} does not exist`);
}

export function requireColumn(source: Source, name: string): Column {
  const column = source.columns.get(name);
  if (!column) throw columnNotFound(source, name);
  return column;
}

/** A well-formed (possibly negative) integer is an index; `0xy1` or `23-xy-45` is a key. */
const ARRAY_INDEX = /^-?\d+$/;

/**
 * A column, or a computed field: a one-parameter scalar function of the source's row type.
 * Attribute notation finds it through the search path, which holds only `public` here.
 */
function resolveColumn(cache: SchemaCache, source: Source, name: string): Column {
  const column = source.columns.get(name);
  if (column) return column;
  if (computedOn(cache, source, name)) {
    const overloads = cache.routines.get(`${source.schema}.${name}`) ?? [];
    const field = overloads.find(
      (routine) => routine.firstParamTable === source.name && routine.params.length === 1 && routine.shape === "scalar",
    );
    if (!field || source.schema !== "public") {
      throw notSupported(`Computed fields (\`${name}\`, a function taking a row of ${source.name})`);
    }
    return { name, type: field.returnType, computed: true };
  }
  throw columnNotFound(source, name);
}

/**
 * Checks the computed fields a read over returned rows (a mutation's, a function's) may use.
 * PostgREST evaluates them in its RETURNING or the call's select list, which `*` or a computed
 * relationship turns into `*`, so that they are not found (its #3145, #2688); those are refused,
 * as is ordering by them, which its representation does not plan.
 */
export function checkComputedOnReturnedRows(node: ReadNode, rows: string): void {
  const isComputed = (name: string) => !node.source.columns.has(name);
  const fields = node.items.some((item) => item.kind === "column" && item.column.computed === true);
  if (fields && node.items.some((item) => item.kind === "star")) {
    throw notSupported(`\`*\` beside computed fields on ${rows}`);
  }
  if (fields && node.items.some((item) => item.kind === "embed" && item.embed.computed)) {
    throw notSupported(`Computed fields beside computed relationships on ${rows}`);
  }
  if (node.order.some((term) => term.embed === null && isComputed(term.column))) {
    throw notSupported(`Ordering ${rows} by a computed field`);
  }
}

function hasAggregate(items: SelectItem[]): boolean {
  return items.some(
    (item) =>
      (item.kind === "column" && item.aggregate !== null) || (item.kind === "embed" && hasAggregate(item.select)),
  );
}

/**
 * Plans a read of `source`. Aggregates are planned for table and view reads only (grouped by
 * the other columns). A function's OUT/TABLE columns have no foreign keys, so their embeds are
 * PGRST200, as on PostgREST.
 */
export function planRead(
  cache: SchemaCache,
  source: Source,
  select: SelectItem[],
  nodes: Map<string, NodeParams>,
  { aggregates: allowAggregates } = { aggregates: false },
): ReadNode {
  if (hasAggregate(select)) {
    // PostgREST's validateAggFunctions: off unless `pgrst.db_aggregates_enabled` is set.
    if (!cache.config.aggregatesEnabled) throw aggregatesNotAllowed();
    if (!allowAggregates) throw notSupported("Aggregate functions on a mutation's representation");
  }
  let counter = 0;
  const used = new Set<string>();
  // Junctions in another schema than the embed's origin: PostgREST plans them, then its query fails.
  const junctionsElsewhere: string[] = [];
  const build = (nodeSource: Source, items: SelectItem[], path: string, depth: number): ReadNode => {
    used.add(path);
    const params = nodes.get(path) ?? { conditions: [], order: [], limit: null, offset: null };
    const node: ReadNode = {
      source: nodeSource,
      alias: `t${counter++}`,
      items: [],
      conditions: [],
      order: [],
      limit: params.limit,
      offset: params.offset,
    };
    // PostgREST names each embed's lateral join `<table>_<name>_<depth>`; Postgres refuses a repeat.
    const joinNames = new Set<string>();
    const grouped = items.some((item) => item.kind === "column" && item.aggregate !== null);
    if (grouped && items.some((item) => item.kind === "embed")) {
      // PostgREST would group by the embedded resources too.
      throw notSupported("Aggregate functions beside embedded resources");
    }
    for (const item of items) {
      if (item.kind === "star" && grouped) {
        // PostgREST's expandStars: grouping needs every column named.
        for (const column of nodeSource.columns.values()) {
          node.items.push({ kind: "column", column, path: [], outputName: column.name, cast: null, aggregate: null });
        }
      } else if (item.kind === "star") node.items.push(item);
      else if (item.kind === "column" && item.name === "*") {
        const column = { name: "*", type: "" };
        node.items.push({
          kind: "column",
          column,
          path: [],
          outputName: item.alias ?? "count",
          cast: null,
          aggregate: item.aggregate,
        });
      } else if (item.kind === "column" && isLegacyCount(cache, nodeSource, item)) {
        // PostgREST still counts with a bare `count` (no parentheses), aggregates enabled or not.
        if (items.length > 1) throw notSupported("The legacy `count` beside other selected items");
        const column = { name: "*", type: "" };
        const aggregate = { fn: "count" as const, cast: null };
        node.items.push({ kind: "column", column, path: [], outputName: item.alias ?? "count", cast: null, aggregate });
      } else if (item.kind === "column") {
        const column = resolveColumn(cache, nodeSource, item.name);
        // PostgREST names a JSON path's value after its last key that is not an array index
        // (`data->0->>1` is `data`), and an aggregate after its function.
        const lastKey = item.path.findLast((step) => !ARRAY_INDEX.test(step.key))?.key;
        const outputName = item.alias ?? item.aggregate?.fn ?? lastKey ?? item.name;
        const aggregate = item.aggregate;
        node.items.push({ kind: "column", column, path: item.path, outputName, cast: item.cast, aggregate });
      } else {
        const relationship = findRelationship(cache, nodeSource, item.name, item.hint);
        const toOne = relationship.cardinality === "many-to-one" || relationship.cardinality === "one-to-one";
        const toManySpread = item.spread && !toOne;
        if (toManySpread) {
          // PostgREST aggregates a to-many spread's columns into arrays: an aggregate.
          if (!cache.config.aggregatesEnabled) throw aggregatesNotAllowed();
          if (hasAggregate(item.select)) throw notSupported("Aggregate functions inside a to-many spread");
        }
        const outputName = item.alias ?? item.name;
        const joinName = `${nodeSource.name}_${outputName}_${depth + 1}`;
        if (joinNames.has(joinName)) {
          throw restError(400, "42712", `table name "${joinName}" specified more than once`);
        }
        joinNames.add(joinName);
        const target = cache.tables.get(`${nodeSource.schema}.${relationship.target}`);
        if (!target) throw restError(500, "PGRSTX00", `Relationship target ${relationship.target} is missing`);
        const child = build(target, item.select, path ? `${path}.${outputName}` : outputName, depth + 1);
        if (
          toManySpread &&
          child.items.some((inner) => inner.kind === "embed" && inner.embed.spread && !inner.embed.toOne)
        ) {
          // PostgREST joins the inner one, repeating the outer values for each of its rows.
          throw notSupported("A to-many spread inside a to-many spread");
        }
        const junction = relationship.junction;
        if (junction && junction.schema !== nodeSource.schema) junctionsElsewhere.push(junction.table);
        const embed: PlannedEmbed = {
          node: child,
          outputName,
          toOne,
          inner: item.inner,
          hidden: isEmptyEmbed(item.select),
          spread: item.spread ? outputKeys(child) : null,
          computed: relationship.computed,
          join: relationship.pairs,
          junction: junction && {
            source: cache.tables.get(qualifiedName(junction.schema, junction.table)) as Source,
            alias: `t${counter++}`,
            toParent: zip(junction.toOrigin.foreignColumns, junction.toOrigin.columns),
            toChild: zip(junction.toTarget.foreignColumns, junction.toTarget.columns),
          },
        };
        node.items.push({ kind: "embed", embed });
      }
    }
    for (const condition of params.conditions) node.conditions.push(planCondition(node, condition, cache, true));
    node.order = params.order.map((term) => planOrderTerm(cache, node, term));
    return node;
  };
  const root = build(source, select, "", 0);
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
  const [elsewhere] = junctionsElsewhere;
  if (elsewhere) throw junctionInOtherSchema(elsewhere);
  return root;
}

/** `select=count` / `embed(count)`: PostgREST's legacy count, when no column is named count. */
function isLegacyCount(cache: SchemaCache, source: Source, item: Extract<SelectItem, { kind: "column" }>): boolean {
  const plain = item.name === "count" && item.path.length === 0 && item.cast === null && item.aggregate === null;
  return plain && !source.columns.has("count") && !computedOn(cache, source, "count");
}

function aggregatesNotAllowed() {
  return restError(400, "PGRST123", "Use of aggregate functions is not allowed");
}

/** PostgREST's addRelatedOrders: a related order must name a to-one embed of this node. */
function planOrderTerm(cache: SchemaCache, node: ReadNode, term: OrderTerm): PlannedOrderTerm {
  if (term.relation === null) {
    const column = resolveColumn(cache, node.source, term.column);
    return { ...term, embed: null, toJson: pathNeedsJson(column, term.path) };
  }
  const found = node.items.find((item) => item.kind === "embed" && item.embed.outputName === term.relation);
  if (found?.kind !== "embed") {
    throw restError(
      400,
      "PGRST108",
      `'${term.relation}' is not an embedded resource in this request`,
      null,
      `Verify that '${term.relation}' is included in the 'select' query parameter.`,
    );
  }
  if (!found.embed.toOne) {
    throw restError(
      400,
      "PGRST118",
      `A related order on '${term.relation}' is not possible`,
      `'${node.source.name}' and '${term.relation}' do not form a many-to-one or one-to-one relationship`,
    );
  }
  const column = resolveColumn(cache, found.embed.node.source, term.column);
  return { ...term, embed: found.embed, toJson: pathNeedsJson(column, term.path) };
}

/** The keys a node's rows carry, in order; what a spread of it adds to its parent. */
function outputKeys(node: ReadNode): string[] {
  return node.items.flatMap((item) => {
    if (item.kind === "star") return [...node.source.columns.keys()];
    if (item.kind === "column") return [item.outputName];
    if (item.embed.spread) return item.embed.spread;
    return item.embed.hidden ? [] : [item.embed.outputName];
  });
}

/** PostgREST's hasOnlyNullEmbed: nothing selected here nor in any embed below. */
function isEmptyEmbed(items: SelectItem[]): boolean {
  return items.every((item) => item.kind === "embed" && isEmptyEmbed(item.select));
}

/** The embed a filter names instead of a column (`embed=is.null`), if any. */
function embedNamedBy(node: ReadNode, condition: FilterCondition): PlannedEmbed | null {
  if (condition.path.length || node.source.columns.has(condition.column)) return null;
  const item = node.items.find((item) => item.kind === "embed" && item.embed.outputName === condition.column);
  return item?.kind === "embed" ? item.embed : null;
}

/**
 * As PostgREST's addNullEmbedFilters, inside logic trees too (`or=(id.eq.1,embed.not.is.null)`).
 * A top-level filter on an embed with any other operator is PGRST120; in a tree, a column error.
 */
function planCondition(node: ReadNode, condition: Condition, cache: SchemaCache, topLevel: boolean): PlannedCondition {
  if (condition.kind === "logic") {
    return { ...condition, children: condition.children.map((child) => planCondition(node, child, cache, false)) };
  }
  const embed = embedNamedBy(node, condition);
  const isNull = condition.op === "is" && String(condition.value).toLowerCase() === "null";
  if (embed && topLevel && !(condition.op === "is" && condition.value === "null")) {
    throw restError(
      400,
      "PGRST120",
      `Bad operator on the '${condition.column}' embedded resource`,
      "Only is null or not is null filters are allowed on embedded resources",
    );
  }
  if (embed && isNull) return { kind: "embed-null", embed, negate: condition.negate };
  return validateFilter(node.source, condition, cache);
}

export function validateCondition(source: Source, condition: Condition, cache?: SchemaCache): Condition {
  if (condition.kind === "logic") {
    return { ...condition, children: condition.children.map((child) => validateCondition(source, child, cache)) };
  }
  return validateFilter(source, condition, cache);
}

function validateFilter(source: Source, filter: FilterCondition, cache?: SchemaCache): FilterCondition {
  const column = cache ? resolveColumn(cache, source, filter.column) : requireColumn(source, filter.column);
  // PostgREST searches `to_tsvector([config,] col)` unless the column is a tsvector already.
  return {
    ...filter,
    toTsVector: column.type !== "tsvector" || filter.path.length > 0,
    toJson: pathNeedsJson(column, filter.path),
  };
}
