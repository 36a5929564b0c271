import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { Identity } from '../subgraphs/kit/auth/identity';
import type { Logger } from '../subgraphs/kit/logger';
import type { TrustedDocuments } from '../subgraphs/kit/settings';

/**
 * Trusted documents, as Apollo Router's safelisting: a registered document (gateway/operations-registry.ts) runs sent
 * as its text or by its id alone (`extensions.persistedQuery.sha256Hash`, Apollo's persisted-query protocol, with no
 * earlier request registering the text); with TRUSTED_DOCUMENTS enforced, any other is refused with 403
 * OPERATION_NOT_TRUSTED — unless the caller's verified role is one it allows them for — so a production dashboard's
 * token cannot be turned into arbitrary queries. Variables are free: the document is what is trusted.
 */
export function trustedDocumentsPlugin<C extends { identity: Identity }>(
  policy: TrustedDocuments,
  registered: ReadonlyMap<string, string>,
  log: Logger,
): ApolloServerPlugin<C> {
  return {
    async requestDidStart({ request }) {
      // Before Apollo's persisted-query step, which then checks the hash against the text as for any client.
      const id = request.extensions?.persistedQuery?.sha256Hash;
      if (request.query === undefined && typeof id === 'string' && registered.has(id)) request.query = registered.get(id);
      if (!policy.enforced) return;
      return {
        // After parsing and validation (a refusal thrown before them would be a 500), before anything is planned or
        // runs. Apollo hashes the document as the registry does (SHA-256 of the text).
        async didResolveOperation({ queryHash, contextValue, operationName }) {
          const { role, subject } = contextValue.identity;
          if (registered.has(queryHash) || policy.unregisteredRoles.includes(role)) return;
          log.warn({ role, subject, operationName, queryHash }, 'unregistered operation refused (TRUSTED_DOCUMENTS)');
          throw new GraphQLError(
            'This gateway runs only registered operations: register the document with `npm run operations:register` (see "Trusted documents" in the README)',
            { extensions: { code: 'OPERATION_NOT_TRUSTED', http: { status: 403 } } },
          );
        },
      };
    },
  };
}
