import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { GraphQLSchema, parse } from 'graphql';
import { buildSchemaSync, createResolversMap, NonEmptyArray } from 'type-graphql';

/** Federation 2 directives a subgraph may use; the schema extension that makes an SDL a Federation 2 subgraph. */
const FEDERATION_LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible", "@tag"])`;

/** Resolves an entity from its key fields (`{ id }`, `{ code }`); called once per representation. */
export type ReferenceResolver<C> = (reference: Record<string, unknown>, context: C) => unknown;

export interface FederatedSchemaOptions<C> {
  resolvers: NonEmptyArray<Function>;
  /** Types no resolver returns directly but the schema must hold (entities only extended here). */
  orphanedTypes?: Function[];
  /** `__resolveReference` per entity type name; use a per-request DataLoader so representations batch. */
  references: Record<string, ReferenceResolver<C>>;
}

/**
 * Builds a Federation 2 subgraph schema from type-graphql classes: type-graphql builds and checks the types,
 * the printed SDL (keeping `@key` & co.) gets the federation `@link`, and @apollo/subgraph adds `_entities`.
 */
export function buildFederatedSchema<C>(options: FederatedSchemaOptions<C>): GraphQLSchema {
  const typeGraphqlSchema = buildSchemaSync({
    resolvers: options.resolvers,
    orphanedTypes: options.orphanedTypes,
    skipCheck: true,
    validate: false,
  });
  const sdl = `${FEDERATION_LINK}\n${printSchemaWithDirectives(typeGraphqlSchema)}`;
  const resolvers = createResolversMap(typeGraphqlSchema) as GraphQLResolverMap<unknown>;
  for (const [typeName, resolveReference] of Object.entries(options.references)) {
    const typeResolvers = (resolvers[typeName] ?? {}) as Record<string, unknown>;
    typeResolvers.__resolveReference = resolveReference;
    resolvers[typeName] = typeResolvers as GraphQLResolverMap<unknown>[string];
  }
  return buildSubgraphSchema({ typeDefs: parse(sdl), resolvers });
}
