import type { FieldError } from '@wg/runtime/errors';
import { isUuid } from '@wg/runtime/ids';
import { customScalars } from '@wg/runtime/scalars';
import {
  type GraphQLInputType,
  GraphQLError,
  type GraphQLSchema,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  Kind,
  type OperationDefinitionNode,
  typeFromAST,
  type ValidationRule,
  type ValueNode,
} from 'graphql';
import { HeaderMap } from '@apollo/server';

/**
 * Client input checked at the edge, before planning, for every argument of every operation:
 * literals in a validation rule, variables once they are known (the guard plugin). One mechanism
 * instead of a check per resolver, and nothing bad reaches a subgraph's SQL:
 *
 * - custom scalars (Date, DateTime, Decimal, JSONObject) are parsed with the subgraphs' own
 *   functions (the gateway's schema only knows their names, so it would pass anything);
 * - `ID` values must be UUIDs (every id in the graph is one), so `employeeAnalytics(id: "x")` is
 *   BAD_USER_INPUT instead of a failed SQL cast;
 * - no text (String, ID, strings inside a JSONObject) may contain a NUL character, which
 *   PostgreSQL cannot store in text or jsonb.
 *
 * Each problem names the field as the client wrote it: `input.hours` for an argument's literal,
 * `input.entries.2.date` inside lists, the variable's path for variables (`$input` → `input.hours`).
 */

const NUL_MESSAGE = 'Must not contain a NUL (\\u0000) character';
const ID_MESSAGE = 'Must be a valid id (a UUID)';

function hasNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (depth > 50 || value === null || typeof value !== 'object') return false;
  return Object.entries(value).some(([k, v]) => k.includes('\u0000') || hasNul(v, depth + 1));
}

function scalarMessage(error: unknown): string {
  return error instanceof Error ? error.message : 'Invalid value';
}

/** Problems in a literal value of `type` (variables inside it are checked with the variables). */
export function literalProblems(
  node: ValueNode,
  type: GraphQLInputType,
  path: string,
  out: FieldError[] = [],
): FieldError[] {
  if (node.kind === Kind.VARIABLE || node.kind === Kind.NULL) return out;
  if (isNonNullType(type)) return literalProblems(node, type.ofType, path, out);
  if (isListType(type)) {
    if (node.kind === Kind.LIST) {
      node.values.forEach((v, i) => {
        literalProblems(v, type.ofType, `${path}.${i}`, out);
      });
    } else literalProblems(node, type.ofType, path, out);
    return out;
  }
  if (isInputObjectType(type)) {
    if (node.kind !== Kind.OBJECT) return out;
    const fields = type.getFields();
    for (const f of node.fields) {
      const def = fields[f.name.value];
      if (def) literalProblems(f.value, def.type, `${path}.${f.name.value}`, out);
    }
    return out;
  }
  if (!isScalarType(type)) return out;
  const custom = customScalars[type.name];
  if (custom) {
    let parsed: unknown;
    try {
      parsed = custom.parseLiteral(node, undefined);
    } catch (error) {
      out.push({ field: path, message: scalarMessage(error) });
      return out;
    }
    if (hasNul(parsed)) out.push({ field: path, message: NUL_MESSAGE });
    return out;
  }
  if (node.kind === Kind.STRING && (type.name === 'String' || type.name === 'ID') && hasNul(node.value)) {
    out.push({ field: path, message: NUL_MESSAGE });
  } else if (
    type.name === 'ID' &&
    (node.kind === Kind.STRING || node.kind === Kind.INT) &&
    !isUuid(node.value)
  ) {
    out.push({ field: path, message: ID_MESSAGE });
  }
  return out;
}

/** Problems in a JSON value (a variable) of `type`. Type mismatches are graphql-js' business. */
export function valueProblems(
  value: unknown,
  type: GraphQLInputType,
  path: string,
  out: FieldError[] = [],
): FieldError[] {
  if (value === null || value === undefined) return out;
  if (isNonNullType(type)) return valueProblems(value, type.ofType, path, out);
  if (isListType(type)) {
    if (Array.isArray(value)) {
      value.forEach((v, i) => {
        valueProblems(v, type.ofType, `${path}.${i}`, out);
      });
    } else valueProblems(value, type.ofType, path, out);
    return out;
  }
  if (isInputObjectType(type)) {
    if (typeof value !== 'object' || Array.isArray(value)) return out;
    const fields = type.getFields();
    for (const [name, v] of Object.entries(value)) {
      const def = fields[name];
      if (def) valueProblems(v, def.type, `${path}.${name}`, out);
    }
    return out;
  }
  if (!isScalarType(type)) return out;
  const custom = customScalars[type.name];
  if (custom) {
    try {
      custom.parseValue(value);
    } catch (error) {
      out.push({ field: path, message: scalarMessage(error) });
      return out;
    }
    if (hasNul(value)) out.push({ field: path, message: NUL_MESSAGE });
    return out;
  }
  if ((type.name === 'String' || type.name === 'ID') && hasNul(value)) {
    out.push({ field: path, message: NUL_MESSAGE });
  } else if (
    type.name === 'ID' &&
    (typeof value === 'string' || typeof value === 'number') &&
    !isUuid(value)
  ) {
    out.push({ field: path, message: ID_MESSAGE });
  }
  return out;
}

/** One BAD_USER_INPUT naming every bad field (as the subgraphs' `InvalidInputError` does). */
export function inputError(fields: FieldError[]): GraphQLError {
  return new GraphQLError(`Invalid input: ${fields.map((f) => f.field).join(', ')}`, {
    extensions: { code: 'BAD_USER_INPUT', fields, http: { status: 400, headers: new HeaderMap() } },
  });
}

/** The literal half, as a validation rule: one error for the whole document. */
export function inputValuesRule(): ValidationRule {
  return (context) => {
    const problems: FieldError[] = [];
    return {
      Argument(node) {
        const def = context.getArgument();
        // Directive arguments (`@include(if:)`) are built-in types; unknown arguments are
        // reported by graphql-js' own rules.
        if (!def || context.getDirective()) return;
        literalProblems(node.value, def.type, node.name.value, problems);
      },
      Document: {
        leave() {
          if (problems.length > 0) context.reportError(inputError(problems.slice(0, 50)));
        },
      },
    };
  };
}

/** The variable half: every variable checked against its declared type. */
export function variableProblems(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
): FieldError[] {
  const out: FieldError[] = [];
  for (const def of operation.variableDefinitions ?? []) {
    const name = def.variable.name.value;
    const type = typeFromAST(schema, def.type);
    if (!type || !variables || !(name in variables)) continue;
    valueProblems(variables[name], type as GraphQLInputType, name, out);
  }
  return out.slice(0, 50);
}
