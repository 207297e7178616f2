/**
 * What a GraphQL request may ask for, decided from the document alone, before anything runs:
 * a cost budget over the expensive fields (aliases and fragments count every time they
 * appear), and caps on aliases and operations per document. The same cost decides which
 * requests the per-client rate limit counts (plugins/app/request-limits.ts).
 */
import {
  type DocumentNode,
  type FragmentDefinitionNode,
  GraphQLError,
  type GraphQLNamedType,
  type GraphQLSchema,
  type GraphQLType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationRule,
  type ValueNode,
} from 'graphql';

/**
 * A field's cost: `cost` per unit of work; `scale` names the argument that multiplies the work
 * (its value, or `default` when absent, or `max` when it comes from a variable, since the
 * document is judged without its variables) and, for lists, the cost of what is selected
 * inside each item.
 */
export interface FieldCost {
  cost: number;
  scale?: { arg: string; default: number; max: number };
}

/** Connections page the in-memory index: free themselves, but what each node asks for counts `first` times. */
const page = { cost: 0, scale: { arg: 'first', default: 50, max: 500 } } satisfies FieldCost;

/**
 * `Type.field` → cost. A field the schema does not have is never matched, so a coming field
 * can be listed before it lands.
 */
export const FIELD_COSTS: Record<string, FieldCost> = {
  'Query.routes': { cost: 3, scale: { arg: 'input.limit', default: 3, max: 10 } },
  'Query.gaps': { cost: 20 },
  // Counting evaluates (or reads the kept) whole answer, as listing it does.
  'Query.gapSummary': { cost: 20 },
  'Query.map': { cost: 10 },
  'Query.mapOverview': { cost: 10 },
  'Query.mapGroup': { cost: 0.05, scale: { arg: 'first', default: 100, max: 500 } },
  'Query.search': { cost: 0.25, scale: { arg: 'first', default: 20, max: 100 } },
  // A what-if asks every entry point of a region twice and the region's gaps twice; suggestions
  // run one what-if per candidate agreement (and the cost of each is independent of `limit`).
  'Query.whatIf': { cost: 30 },
  'Query.suggestions': { cost: 60 },
  'Query.routePathway': { cost: 10 },
  'Pathway.quality': { cost: 5 },
  'Query.regions': page,
  'Query.sectors': page,
  'Query.occupations': page,
  'Query.partners': page,
  'Query.credentials': page,
  'Query.programs': page,
  'Query.entryPoints': page,
  'Query.supports': page,
  'Query.pathways': page,
};

/** At most this many aliased fields in one document. */
export const MAX_ALIASES = 100;
/** At most this many operations in one document. */
export const MAX_OPERATIONS = 10;
/** At most this many fields of one response name in one selection set. */
export const MAX_REPEATS = 20;

export interface CostItem {
  field: string;
  count: number;
  total: number;
  each: number | undefined;
}
export interface OperationCost {
  total: number;
  items: CostItem[];
}

// Duck-typed on purpose: Mercurius (CommonJS) and this module may load different copies of
// graphql (a test runner's ESM build), and graphql's isObjectType refuses the other copy's types.
const fieldsOf = (type: GraphQLNamedType | undefined) =>
  type && 'getFields' in type ? (type.getFields() as Record<string, { type: GraphQLType } | undefined>) : undefined;
const namedType = (type: GraphQLType): GraphQLNamedType => ('ofType' in type ? namedType(type.ofType) : type);

function argValue(node: ValueNode | undefined, path: string[]): number | 'variable' | undefined {
  if (!node) return undefined;
  if (node.kind === Kind.VARIABLE) return 'variable';
  if (path.length === 0) return node.kind === Kind.INT || node.kind === Kind.FLOAT ? Number(node.value) : undefined;
  if (node.kind !== Kind.OBJECT) return undefined;
  const [head, ...rest] = path;
  return argValue(node.fields.find((f) => f.name.value === head)?.value, rest);
}

function scaleOf(spec: FieldCost['scale'], args: readonly { name: { value: string }; value: ValueNode }[]): number {
  if (!spec) return 1;
  const [head, ...rest] = spec.arg.split('.');
  const value = argValue(args.find((a) => a.name.value === head)?.value, rest);
  if (value === 'variable') return spec.max;
  if (value === undefined || !Number.isFinite(value)) return spec.default;
  // Out-of-range values are refused by the resolver; here they only must not make the cost small.
  return Math.max(1, Math.min(value, spec.max));
}

/**
 * The cost of one operation: every field in FIELD_COSTS, each time it is selected (fragments
 * expanded), times its scale, plus what it selects times that scale.
 */
export function operationCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
): OperationCost {
  const items = new Map<string, { count: number; total: number; costs: Set<number> }>();
  const root = schema.getRootType(operation.operation);
  const walk = (set: SelectionSetNode, type: GraphQLNamedType | undefined, seen: ReadonlySet<string>): number => {
    let sum = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const field = fieldsOf(type)?.[selection.name.value];
        const inner = field ? namedType(field.type) : undefined;
        const key = `${type?.name}.${selection.name.value}`;
        const spec = field ? FIELD_COSTS[key] : undefined;
        const scale = spec ? scaleOf(spec.scale, selection.arguments ?? []) : 1;
        const children = selection.selectionSet ? walk(selection.selectionSet, inner, seen) : 0;
        if (spec) {
          const own = spec.cost * scale;
          const entry = items.get(selection.name.value) ?? { count: 0, total: 0, costs: new Set() };
          entry.count += 1;
          entry.total += own;
          entry.costs.add(own);
          items.set(selection.name.value, entry);
          sum += own + children * scale;
        } else sum += children;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const narrowed = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : type;
        sum += walk(selection.selectionSet, narrowed ?? undefined, seen);
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        // A cycle is NoFragmentCyclesRule's to report; here it only must not loop.
        if (!fragment || seen.has(name)) continue;
        const narrowed = schema.getType(fragment.typeCondition.name.value) ?? undefined;
        sum += walk(fragment.selectionSet, narrowed, new Set([...seen, name]));
      }
      // Stop early on absurd documents: the answer is "over budget" either way.
      if (sum > Number.MAX_SAFE_INTEGER / 1024) break;
    }
    return sum;
  };
  const total = walk(operation.selectionSet, root ?? undefined, new Set());
  const list = [...items].map(([field, e]) => ({
    field,
    count: e.count,
    total: e.total,
    each: e.costs.size === 1 ? [...e.costs][0] : undefined,
  }));
  list.sort((a, b) => b.total - a.total);
  return { total: Math.ceil(total), items: list };
}

export function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  return fragments;
}

/** The cost of the operation a request runs (`operationName`, or the only one); 0 when there is none. */
export function requestCost(schema: GraphQLSchema, document: DocumentNode, operationName?: string | null): number {
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations[0];
  return operation ? operationCost(schema, operation, fragmentsOf(document)).total : 0;
}

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2).replace(/0+$/, ''));

export function describeCost(cost: OperationCost): string {
  const parts = cost.items
    .slice(0, 4)
    .map((i) => `${i.field} ×${i.count} ${i.each !== undefined ? `at ${fmt(i.each)} each` : `${fmt(i.total)} in all`}`);
  return parts.join(', ');
}

/** Refuses an operation whose cost is over `budget`, naming what costs and the limit (code COST_LIMIT). */
export function costLimitRule(budget: number): ValidationRule {
  return (context) => ({
    Document: {
      leave(document) {
        const fragments = fragmentsOf(document);
        for (const d of document.definitions) {
          if (d.kind !== Kind.OPERATION_DEFINITION) continue;
          const cost = operationCost(context.getSchema(), d, fragments);
          if (cost.total <= budget) continue;
          const name = d.name ? `operation ${d.name.value} ` : 'this request ';
          context.reportError(
            new GraphQLError(`${name}costs ${cost.total} (${describeCost(cost)}); the limit is ${budget}`, {
              nodes: d,
              extensions: { code: 'COST_LIMIT', cost: cost.total, limit: budget },
            }),
          );
        }
      },
    },
  });
}

/**
 * Caps on the document's shape (code DOCUMENT_LIMIT), checked before the standard validation
 * runs (a Mercurius preValidation hook): graphql-js compares every pair of same-named fields in
 * a selection set, so 700 copies of `x: about { version }` cost most of a second of CPU there.
 */
export function documentLimitErrors(document: DocumentNode): GraphQLError[] {
  let aliases = 0;
  let operations = 0;
  let repeated: { name: string; count: number } | undefined;
  const walk = (set: SelectionSetNode) => {
    const names = new Map<string, number>();
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.alias) aliases += 1;
        const name = (selection.alias ?? selection.name).value;
        const count = (names.get(name) ?? 0) + 1;
        names.set(name, count);
        if (count > MAX_REPEATS && (!repeated || count > repeated.count)) repeated = { name, count };
      }
      if (selection.kind !== Kind.FRAGMENT_SPREAD && selection.selectionSet) walk(selection.selectionSet);
    }
  };
  for (const d of document.definitions) {
    if (d.kind === Kind.OPERATION_DEFINITION) operations += 1;
    if (d.kind === Kind.OPERATION_DEFINITION || d.kind === Kind.FRAGMENT_DEFINITION) walk(d.selectionSet);
  }
  const problems: string[] = [];
  if (aliases > MAX_ALIASES) problems.push(`the document has ${aliases} aliases; the limit is ${MAX_ALIASES}`);
  if (operations > MAX_OPERATIONS)
    problems.push(`the document has ${operations} operations; the limit is ${MAX_OPERATIONS}`);
  if (repeated)
    problems.push(
      `"${repeated.name}" is selected ${repeated.count} times in one selection; the limit is ${MAX_REPEATS}`,
    );
  return problems.map((message) => new GraphQLError(message, { extensions: { code: 'DOCUMENT_LIMIT' } }));
}
