import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import type { RequestHandler } from 'express';
import {
  type DocumentNode,
  GraphQLError,
  GraphQLList,
  Lexer,
  Source,
  TokenKind,
  type GraphQLSchema,
  getNamedType,
  getNullableType,
  Kind,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { type ComplexityEstimator, getComplexity } from 'graphql-query-complexity';
import type { OperationLimits } from './config';
import { operationLimitError } from './errors';

/**
 * Static limits, as graphql-js validation rules: they run in Apollo's validation pass, before the
 * gateway plans anything or calls a subgraph. Each one reports an OPERATION_LIMIT error naming the
 * limit (the found count is only a number; nothing from the query is echoed).
 *
 * The token limit is not here: it is graphql-js' own `maxTokens` parse option, so an oversized
 * document is refused while it is being parsed. The cost limit needs the request's variables
 * (`first: $n`) and runs in the plugin (`operationCost`).
 */
export function limitRules(limits: OperationLimits): ValidationRule[] {
  // graphql-armor's rules count fragments once per use and survive fragment cycles; we keep them
  // from throwing (which would abort validation) and report our own error instead.
  const reject =
    (limit: keyof OperationLimits) => (context: ValidationContext | null, error: GraphQLError) => {
      const found = /found (\d+)/.exec(error.message)?.[1];
      context?.reportError(operationLimitError(limit, limits[limit], found ? Number(found) : undefined));
    };
  return [
    // Depth counts field levels, the leaf included; a fragment spread is not a level of its own.
    maxDepthRule({
      n: limits.depth,
      flattenFragments: true,
      propagateOnRejection: false,
      onReject: [reject('depth')],
    }),
    // Every alias counts, `__typename` ones included (armor's default allow-list exempts them, so
    // 101 aliased `__typename`s would pass).
    maxAliasesRule({
      n: limits.aliases,
      allowList: [],
      propagateOnRejection: false,
      onReject: [reject('aliases')],
    }),
    maxDirectivesRule({
      n: limits.directives,
      propagateOnRejection: false,
      onReject: [reject('directives')],
    }),
    rootFieldsRule(limits.rootFields),
    fieldsRule(limits.fields),
  ];
}

/** Fields selected on the root type of each operation (fragments at the root expanded). */
export function rootFieldsRule(max: number): ValidationRule {
  return (context) => {
    const count = (set: SelectionSetNode, seen: Set<string>): number => {
      let n = 0;
      for (const s of set.selections) {
        if (s.kind === Kind.FIELD) n += s.name.value === '__typename' ? 0 : 1;
        else if (s.kind === Kind.INLINE_FRAGMENT) n += count(s.selectionSet, seen);
        else if (!seen.has(s.name.value)) {
          seen.add(s.name.value);
          const fragment = context.getFragment(s.name.value);
          if (fragment) n += count(fragment.selectionSet, seen);
        }
      }
      return n;
    };
    return {
      OperationDefinition(node) {
        const found = count(node.selectionSet, new Set());
        if (found > max) context.reportError(operationLimitError('rootFields', max, found));
      },
    };
  };
}

/**
 * Every field selection written in the document. A field repeated 500 times costs the server
 * validation and merge work though it adds nothing to the response; legitimate operations stay
 * far below this.
 */
export function fieldsRule(max: number): ValidationRule {
  return (context) => {
    let found = 0;
    return {
      Field() {
        found++;
      },
      Document: {
        leave() {
          if (found > max) context.reportError(operationLimitError('fields', max, found));
        },
      },
    };
  };
}

const LIST_SIZE_ARGS = ['first', 'last'] as const;

/**
 * Cost estimator: 1 per field, and a field returning many things multiplies its children by how
 * many: `first`/`last` when given, otherwise `defaultListSize` for a list or a `…Connection`. The
 * lists inside a connection (`edges`, `nodes`) are already counted by the connection's size.
 */
export function listSizeEstimator(defaultListSize: number): ComplexityEstimator {
  return ({ type, field, args, childComplexity }) => {
    // Introspection is answered by the gateway itself and gated by permission, not by cost.
    if (field.name.startsWith('__')) return 0;
    let size = 1;
    const explicit = LIST_SIZE_ARGS.map((a) => args[a]).find((v) => typeof v === 'number');
    const returns = getNullableType(field.type);
    const isConnection = getNamedType(field.type).name.endsWith('Connection');
    const insideConnection = type.name.endsWith('Connection');
    if (typeof explicit === 'number') size = Math.max(0, explicit);
    else if (isConnection || (returns instanceof GraphQLList && !insideConnection)) size = defaultListSize;
    return 1 + size * childComplexity;
  };
}

/**
 * The estimated cost of the operation that will run. Variables feed `first: $n`; if they do not
 * coerce, execution will refuse the request anyway, so the cost falls back to defaults.
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined,
  variables: Record<string, unknown> | undefined,
  defaultListSize: number,
): number {
  // graphql-query-complexity types operationName as `?: string`: absent, not undefined.
  const options = {
    schema,
    estimators: [listSizeEstimator(defaultListSize)],
    ...(operationName && { operationName }),
  };
  try {
    return getComplexity({ ...options, query: document, variables: variables ?? {} });
  } catch {
    try {
      return getComplexity({ ...options, query: stripVariableDefaults(document) });
    } catch {
      return 1;
    }
  }
}

/** Fallback document for the cost estimate: variables become absent (defaults then apply). */
function stripVariableDefaults(document: DocumentNode): DocumentNode {
  return {
    ...document,
    definitions: document.definitions.map((d) =>
      d.kind === Kind.OPERATION_DEFINITION && d.variableDefinitions
        ? {
            ...d,
            variableDefinitions: d.variableDefinitions.map((v) => ({
              ...v,
              type: v.type.kind === Kind.NON_NULL_TYPE ? v.type.type : v.type,
            })),
          }
        : d,
    ),
  };
}

/** Directives written in a document (`@name` tokens) and their distinct names, by lexing only. */
export function scanDirectives(
  query: string,
  maxTokens: number,
): { count: number; names: Set<string> } | null {
  const lexer = new Lexer(new Source(query));
  const names = new Set<string>();
  let count = 0;
  try {
    let tokens = 0;
    for (let t = lexer.advance(); t.kind !== TokenKind.EOF; t = lexer.advance()) {
      if (++tokens > maxTokens) break;
      if (t.kind !== TokenKind.AT) continue;
      count++;
      const next = lexer.lookahead();
      if (next.kind === TokenKind.NAME) names.add(next.value);
    }
  } catch {
    return null; // a syntax error: the parser reports it
  }
  return { count, names };
}

/**
 * The directive checks, before Apollo parses or validates: more than `max` directives is one
 * OPERATION_LIMIT, and directives the schema does not define are one validation error (graphql-js
 * would report each of them, so a scanner's ten made-up directives got ten errors back). Names
 * are not echoed. Directives reached through fragment spreads are still counted by the
 * validation rule above.
 */
export function directivePrecheck(
  query: string,
  limits: Pick<OperationLimits, 'directives' | 'tokens'>,
  known: ReadonlySet<string> | undefined,
): GraphQLError | undefined {
  const scan = scanDirectives(query, limits.tokens);
  if (!scan || scan.count === 0) return undefined;
  if (scan.count > limits.directives) return operationLimitError('directives', limits.directives, scan.count);
  const unknown = known ? [...scan.names].filter((n) => !known.has(n)).length : 0;
  if (unknown > 0) {
    return new GraphQLError(
      `The operation uses ${unknown} ${unknown === 1 ? 'directive' : 'directives'} this schema does not define`,
      { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } },
    );
  }
  return undefined;
}

/** Express middleware running `directivePrecheck` on every operation of a POST body or GET query. */
export function directiveLimit(
  limits: Pick<OperationLimits, 'directives' | 'tokens'>,
  known: () => ReadonlySet<string> | undefined,
): RequestHandler {
  return (req, res, next) => {
    const bodies: unknown[] = Array.isArray(req.body) ? req.body : [req.body ?? req.query];
    for (const body of bodies) {
      const query = (body as { query?: unknown } | undefined)?.query;
      if (typeof query !== 'string') continue;
      const error = directivePrecheck(query, limits, known());
      if (error) {
        const { http: _http, ...extensions } = error.extensions as Record<string, unknown>;
        res.status(400).json({ errors: [{ message: error.message, extensions }] });
        return;
      }
    }
    next();
  };
}
