import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { GraphQLSchema, isObjectType, parse } from 'graphql';
import { buildSchemaSync, createResolversMap, getMetadataStorage, MiddlewareFn, NonEmptyArray } from 'type-graphql';
import { AccessContext, authorizeReference, denyUngranted, grantChecker, PUBLIC_STRUCTURE } from './auth/access';
import { attachFilterReads, collectFilterReads } from './auth/filter-reads';
import type { Grant } from './auth/grant';
import { accessLogTypes } from './auth/access-log';
import { noteResidenceStatement } from './auth/residence-statement';
import { AuditContext, auditedWrites } from './auth/audit';
import type { Bureau, EntityReference } from './bureau';
import { idempotentMutations } from './idempotency';

/** Federation 2 directives a subgraph may use; the schema extension that makes an SDL a Federation 2 subgraph. */
const FEDERATION_LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible", "@tag"])`;

/**
 * The kit's middleware of every field, in order: default deny (and the read noted for the audit), a mutation's
 * idempotency key, its write record. One function, not three: type-graphql runs each middleware of the list through
 * two async steps on every field, and a read of the figures resolves tens of thousands of fields; each of these returns
 * `next()` itself where it has nothing to do (a query's field, a public one).
 */
const kitMiddleware: MiddlewareFn<AccessContext & AuditContext> = (action, next) =>
  denyUngranted(action, () => idempotentMutations(action, () => auditedWrites(action, next)) as Promise<unknown>);

/**
 * The fields of each object type that are a property granted to everyone, with no arguments and no middleware of
 * their own: what type-graphql's chain would do for them (grant approved, nothing noted, value read) the default
 * resolver does, without a promise per field — most of a figure record's fields. A connection's `edges` keep the
 * chain (the persons of a page are noted when they are sent), as does any field the metadata leaves in doubt.
 */
function publicProperties(schema: GraphQLSchema): Map<string, string[]> {
  const storage = getMetadataStorage();
  const properties = new Map<string, string[]>();
  for (const objectType of storage.objectTypes) {
    const type = schema.getType(objectType.name);
    // Two classes of one name (each bureau's, all loaded in one process): which one built the type is in doubt.
    if (!isObjectType(type) || storage.objectTypes.filter((other) => other.name === objectType.name).length > 1) continue;
    const ancestry = (target: Function) => target === objectType.target || objectType.target.prototype instanceof target;
    const resolved = new Set(storage.fieldResolvers.filter((resolver) => ancestry(resolver.getObjectType!())).map((resolver) => resolver.methodName));
    const byName = new Map<string, (typeof storage.fields)[number]>();
    // The nearest declaration wins: a subclass's field over its parent's.
    for (const field of storage.fields.filter((field) => ancestry(field.target))) {
      const before = byName.get(field.schemaName);
      if (!before || field.target.prototype instanceof before.target) byName.set(field.schemaName, field);
    }
    const fields = [...byName.values()].filter(
      (field) =>
        type.getFields()[field.schemaName] !== undefined &&
        field.name === field.schemaName &&
        field.schemaName !== 'edges' &&
        !resolved.has(field.name) &&
        field.params?.length === 0 &&
        field.middlewares?.length === 0 &&
        field.roles?.length === 1 &&
        (field.roles[0] as unknown as Grant).public === true,
    );
    if (fields.length > 0)
      properties.set(
        objectType.name,
        fields.map((field) => field.schemaName),
      );
  }
  return properties;
}

/** The classes type-graphql builds a bureau's schema from: the bureau's own and the kit's AccessLog. */
export function schemaClasses(bureau: Pick<Bureau<any>, 'name' | 'resolvers' | 'orphanedTypes'>): {
  resolvers: NonEmptyArray<Function>;
  orphanedTypes: Function[];
} {
  const accessLog = accessLogTypes(bureau.name);
  return { resolvers: [...bureau.resolvers, accessLog.AccessLogResolver], orphanedTypes: [...(bureau.orphanedTypes ?? []), accessLog.AccessLog] };
}

/**
 * Builds a bureau's Federation 2 subgraph schema from its type-graphql classes, plus what the kit gives every
 * subgraph (the AccessLog entity). type-graphql builds the types with the kit's auth checker and default-deny
 * middleware; the printed SDL (keeping `@key` & co.) gets the federation `@link`; @apollo/subgraph adds `_entities`,
 * whose reference resolvers check their grant before resolving. What filter arguments read (filter-reads.ts) is
 * declared on the type-graphql schema and carried over to the one that serves.
 */
export function buildFederatedSchema(bureau: Pick<Bureau<any>, 'name' | 'resolvers' | 'orphanedTypes' | 'references'>): GraphQLSchema {
  const typeGraphqlSchema = buildSchemaSync({
    ...schemaClasses(bureau),
    authChecker: grantChecker,
    globalMiddlewares: [kitMiddleware],
    skipCheck: true,
    validate: false,
  });
  const sdl = `${FEDERATION_LINK}\n${printSchemaWithDirectives(typeGraphqlSchema)}`;
  const resolvers = createResolversMap(typeGraphqlSchema) as GraphQLResolverMap<unknown>;
  for (const [typeName, fields] of publicProperties(typeGraphqlSchema)) {
    for (const field of fields) delete (resolvers[typeName] as Record<string, unknown>)[field];
  }
  const references: Record<string, EntityReference<AccessContext>> = {
    ...bureau.references,
    AccessLog: { grant: PUBLIC_STRUCTURE, resolve: (reference) => ({ personId: reference.personId }) },
  };
  for (const [typeName, { grant, resolve }] of Object.entries(references)) {
    const typeResolvers = (resolvers[typeName] ?? {}) as Record<string, unknown>;
    typeResolvers.__resolveReference = async (reference: Record<string, unknown>, context: AccessContext) => {
      noteResidenceStatement(typeName, reference, context);
      await authorizeReference(grant, typeName, reference, context);
      return resolve(reference, context);
    };
    resolvers[typeName] = typeResolvers as GraphQLResolverMap<unknown>[string];
  }
  const schema = buildSubgraphSchema({ typeDefs: parse(sdl), resolvers });
  attachFilterReads(schema, collectFilterReads(typeGraphqlSchema));
  return schema;
}
