import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  GraphQLError,
  type GraphQLSchema,
  getArgumentValues,
  getVariableValues,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

/** The one root field of a subscription operation, with its arguments coerced. */
export interface RootField {
  operation: OperationDefinitionNode;
  field: FieldNode;
  /** Alias, or the field name: the key the client expects in `data`. */
  responseKey: string;
  args: Record<string, unknown>;
  variables: Record<string, unknown>;
}

const fragmentsOf = (document: DocumentNode) =>
  new Map(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );

/** Root field nodes, looking through inline fragments and fragment spreads on the root type. */
function rootFields(
  selectionSet: SelectionSetNode,
  fragments: Map<string, FragmentDefinitionNode>,
): FieldNode[] {
  const out: FieldNode[] = [];
  for (const s of selectionSet.selections) {
    if (s.kind === Kind.FIELD) out.push(s);
    else if (s.kind === Kind.INLINE_FRAGMENT) out.push(...rootFields(s.selectionSet, fragments));
    else {
      const fragment = fragments.get(s.name.value);
      if (fragment) out.push(...rootFields(fragment.selectionSet, fragments));
    }
  }
  return out;
}

/**
 * Finds the subscription's single root field (validation already enforced "exactly one") and
 * coerces its arguments with the client's variables, as graphql-js would before `subscribe`.
 */
export function subscriptionRoot(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  document: DocumentNode,
  rawVariables: Record<string, unknown> | null | undefined,
): RootField {
  const subscriptionType = schema.getSubscriptionType();
  const field = rootFields(operation.selectionSet, fragmentsOf(document)).find(
    (f) => f.name.value !== '__typename',
  );
  const def = field && subscriptionType?.getFields()[field.name.value];
  if (!field || !def) throw new GraphQLError('The subscription must select one subscription field');
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], rawVariables ?? {});
  if (coerced.errors) throw coerced.errors[0];
  return {
    operation,
    field,
    responseKey: field.alias?.value ?? field.name.value,
    args: getArgumentValues(def, field, coerced.coerced),
    variables: coerced.coerced,
  };
}

/**
 * Rewrites `subscription { analyticsUpdated(scope: …) { … } }` into
 * `query { analyticsUpdated: analyticsSnapshot(scope: …) { … } }`: same arguments, same selection,
 * same response key, so the gateway's normal query planner resolves every field of the selection —
 * including those owned by other subgraphs — and the result drops into the subscription payload as is.
 */
export function toTwinQuery(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  subscriptionField: string,
  twinField: string,
): DocumentNode {
  const queryType = 'Query';
  const rewriteSet = (set: SelectionSetNode): SelectionSetNode => ({
    ...set,
    selections: set.selections.map((s) => {
      if (s.kind === Kind.FIELD && s.name.value === subscriptionField) {
        return {
          ...s,
          alias: s.alias ?? { kind: Kind.NAME, value: subscriptionField },
          name: { kind: Kind.NAME, value: twinField },
        };
      }
      if (s.kind === Kind.INLINE_FRAGMENT) {
        return {
          ...s,
          ...(s.typeCondition && {
            typeCondition: { ...s.typeCondition, name: { kind: Kind.NAME, value: queryType } },
          }),
          selectionSet: rewriteSet(s.selectionSet),
        };
      }
      return s;
    }),
  });
  return {
    ...document,
    definitions: document.definitions
      // Only the operation being run: a document may carry others that make no sense as a query.
      .filter((d) => d.kind !== Kind.OPERATION_DEFINITION || d === operation)
      .map((d) => {
        if (d === operation) {
          return {
            ...operation,
            operation: 'query' as OperationDefinitionNode['operation'],
            selectionSet: rewriteSet(operation.selectionSet),
          };
        }
        if (d.kind === Kind.FRAGMENT_DEFINITION && d.typeCondition.name.value === 'Subscription') {
          return {
            ...d,
            typeCondition: { ...d.typeCondition, name: { kind: Kind.NAME, value: queryType } },
            selectionSet: rewriteSet(d.selectionSet),
          };
        }
        return d;
      }),
  } as DocumentNode;
}
