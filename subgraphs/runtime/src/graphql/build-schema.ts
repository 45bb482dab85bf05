import { buildSubgraphSchema as apolloBuildSubgraphSchema, type GraphQLResolverMap } from '@apollo/subgraph';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { type DocumentNode, type GraphQLSchema, Kind, parse } from 'graphql';
import { type BuildSchemaOptions, buildSchema, createResolversMap } from 'type-graphql';

const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible", "@tag"])';

/**
 * type-graphql cannot describe the root types, and every subgraph must describe them alike or
 * composition keeps one at random: the same words for all, added here.
 */
const ROOT_DESCRIPTIONS: Record<string, string> = {
  Query: 'Read entry points of the Workforce Graph. Every field answers for the caller’s tenant only.',
  Mutation:
    'Write entry points. Each mutation is one transaction: on any error (`BAD_USER_INPUT`, `NOT_FOUND`, `FORBIDDEN`, `CONFLICT`) nothing is written.',
  Subscription:
    'Live updates over graphql-ws on the same `/graphql` URL, pushed by the gateway when the data changes.',
};

function describeRoots(doc: DocumentNode): DocumentNode {
  return {
    ...doc,
    definitions: doc.definitions.map((def) => {
      if (def.kind !== Kind.OBJECT_TYPE_DEFINITION || def.description) return def;
      const text = ROOT_DESCRIPTIONS[def.name.value];
      return text ? { ...def, description: { kind: Kind.STRING, value: text, block: true } } : def;
    }),
  };
}

export interface SubgraphSchemaOptions {
  resolvers: NonNullable<BuildSchemaOptions['resolvers']>;
  /** Entity stubs and other types not reachable from a root field. */
  orphanedTypes?: BuildSchemaOptions['orphanedTypes'];
  /** `{ Employee: { __resolveReference } }` — plain functions, merged into the resolver map. */
  references?: Record<string, { __resolveReference: (...args: never[]) => unknown }>;
  /** Needed by type-graphql as soon as a resolver declares `@Subscription` (insights). */
  pubSub?: BuildSchemaOptions['pubSub'];
}

/**
 * type-graphql classes -> Federation 2 subgraph schema, the way type-graphql's own federation
 * example does it: build without validation (entity stubs and subgraphs without a Query root
 * would fail it), print with directives, then let @apollo/subgraph add `_entities`/`_service`.
 */
export async function buildSubgraphSchema(options: SubgraphSchemaOptions): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: options.resolvers,
    orphanedTypes: options.orphanedTypes ?? [],
    skipCheck: true,
    validate: false,
    ...(options.pubSub ? { pubSub: options.pubSub } : {}),
  });
  const typeDefs = describeRoots(parse(`${FEDERATION_LINK}\n${printSchemaWithDirectives(schema)}`));
  const resolvers = createResolversMap(schema) as GraphQLResolverMap<unknown>;
  for (const [typeName, ref] of Object.entries(options.references ?? {})) {
    resolvers[typeName] = {
      ...(resolvers[typeName] as object),
      ...ref,
    } as GraphQLResolverMap<unknown>[string];
  }
  return apolloBuildSubgraphSchema([{ typeDefs, resolvers }]);
}
