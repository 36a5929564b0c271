import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, OperationDefinitionNode } from 'graphql';
import { appendAuditRecord, auditEntryFor } from './auth/audit';
import type { SubgraphContext } from './bureau';

/** One structured log line per GraphQL operation, so operators see what each subgraph did and how long it took. */
export function requestLogPlugin(): ApolloServerPlugin<SubgraphContext> {
  return {
    async requestDidStart() {
      const started = Date.now();
      return {
        async willSendResponse({ contextValue, operationName, errors }) {
          const { identity, purpose } = contextValue.access;
          contextValue.log.info(
            { operationName, role: identity.role, subject: identity.subject, purpose, durationMs: Date.now() - started, errors: errors?.length ?? 0 },
            'graphql request',
          );
        },
      };
    },
  };
}

/**
 * Writes the request's audit record before the answer leaves. If it cannot be written the personal data is not sent:
 * the answer becomes an error (fail closed).
 */
export function auditPlugin(): ApolloServerPlugin<SubgraphContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, operationName, response }) {
          const entry = auditEntryFor(contextValue.access, contextValue.requestId, operationName ?? null);
          if (!entry) return;
          try {
            await appendAuditRecord(contextValue.db, entry);
          } catch (error) {
            contextValue.log.error({ err: error }, 'audit record could not be written; answer withheld');
            if (response.body.kind === 'single') {
              response.body.singleResult = {
                errors: [{ message: 'The access could not be recorded, so no data is returned', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
              };
            }
          }
        },
      };
    },
  };
}

/** The number of representations an operation passes to `_entities`, as a variable or inline. */
function representationCount(operation: OperationDefinitionNode, variables: Record<string, unknown> | undefined): number {
  let count = 0;
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD || selection.name.value !== '_entities') continue;
    const argument = selection.arguments?.find((arg) => arg.name.value === 'representations');
    if (argument?.value.kind === Kind.LIST) count += argument.value.values.length;
    if (argument?.value.kind === Kind.VARIABLE) {
      const value = variables?.[argument.value.name.value];
      if (Array.isArray(value)) count += value.length;
    }
  }
  return count;
}

/** Refuses `_entities` calls with more representations than a gateway ever sends for one page. */
export function representationLimitPlugin(max: number): ApolloServerPlugin<SubgraphContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, operation }) {
          if (operation && representationCount(operation, request.variables) > max) {
            throw new GraphQLError(`At most ${max} representations per _entities call`, {
              extensions: { code: 'BAD_USER_INPUT', field: 'representations', http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}
