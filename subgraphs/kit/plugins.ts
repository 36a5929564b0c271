import type { ApolloServerPlugin, BaseContext, GraphQLResponse } from '@apollo/server';
import { DocumentNode, GraphQLError, Kind, visit } from 'graphql';
import { auditEntryFor } from './auth/audit';
import type { SubgraphContext } from './bureau';

/** The HTTP status of an answer that is nothing but the caller's errors, by their code. */
const CLIENT_ERROR_STATUS: Record<string, number> = {
  BAD_USER_INPUT: 400,
  // A request the gateway let through and the bureau refused as a whole: a literal its own schema rejects (the
  // gateway knows no custom scalars).
  GRAPHQL_VALIDATION_FAILED: 400,
  GRAPHQL_PARSE_FAILED: 400,
  BAD_REQUEST: 400,
  // A query within the limits whose answer would still be too large (execution-budget.ts).
  RESPONSE_TOO_LARGE: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
};

/**
 * An operation that ran but answered nothing (every root field null) because of the caller's errors only — a
 * refused mutation input, an id that does not exist, a field refused — is a client error: its HTTP status says so
 * (400, 401, 403, 404; 400 when the codes differ). A partial answer stays 200, as does any answer with an internal
 * or unavailable error in it (not the caller's fault).
 */
export function setClientErrorStatus(response: GraphQLResponse): void {
  if (response.body.kind !== 'single') return;
  const { data, errors } = response.body.singleResult;
  if (!errors?.length || (data && Object.values(data).some((value) => value !== null))) return;
  const statuses = errors.map((error) => CLIENT_ERROR_STATUS[String(error.extensions?.code)]);
  if (statuses.some((status) => status === undefined)) return;
  response.http.status = statuses.every((status) => status === statuses[0]) ? statuses[0] : 400;
}

/** setClientErrorStatus for the gateway, whose answers are written by no other plugin. */
export function clientErrorStatusPlugin<C extends BaseContext>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          setClientErrorStatus(response);
        },
      };
    },
  };
}

/**
 * At the end of each request: writes its audit record, if it read personal data, before the answer leaves — and if
 * the record cannot be written the data is not sent (fail closed). (A write's record is written earlier, in the
 * write's own transaction: see inTransaction.) Then logs one line with what the request cost,
 * security checks included. Sets the HTTP status of an answer made only of the caller's errors (setClientErrorStatus).
 */
export function auditAndLogPlugin(): ApolloServerPlugin<SubgraphContext> {
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse({ contextValue, operationName, response, errors }) {
          const { access } = contextValue;
          const entry = auditEntryFor(access, contextValue, operationName ?? null);
          if (entry) {
            const auditStarted = performance.now();
            try {
              await contextValue.auditTrail.appendRead(entry);
            } catch (error) {
              contextValue.log.error({ err: error }, 'audit record could not be written; answer withheld');
              if (response.body.kind === 'single') {
                response.body.singleResult = {
                  errors: [{ message: 'The access could not be recorded, so no data is returned', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
                };
              }
            }
            access.timings.auditMs = performance.now() - auditStarted;
          }
          // After the audit, which may have replaced the answer by an internal error.
          setClientErrorStatus(response);
          const round = (ms: number) => Math.round(ms * 1000) / 1000;
          contextValue.log.info(
            {
              operationName,
              role: access.identity.role,
              subject: access.identity.subject,
              purpose: access.purpose,
              errors: errors?.length ?? 0,
              durationMs: round(performance.now() - started),
              verifyMs: round(access.timings.verifyMs),
              checksMs: round(access.timings.checksMs),
              auditMs: round(access.timings.auditMs),
            },
            'graphql request',
          );
        },
      };
    },
  };
}

/**
 * The operation a request runs must be there: the one the document names, or its only one (else 400
 * OPERATION_RESOLUTION_FAILURE), of a kind the schema has (else 400 GRAPHQL_VALIDATION_FAILED: graphql 16 does not
 * check that there are subscriptions). Left to execution, the gateway's executor throws on both and Apollo answers 500.
 * Its name must fit the audit record (`maxNameLength`): refused with BAD_USER_INPUT before anything runs, rather than
 * an answer withheld, or a write refused, for want of a record.
 */
export function operationResolutionPlugin<C extends BaseContext>(maxNameLength: number): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, request, schema }) {
          if (!operation) {
            const message = request.operationName
              ? `The document has no operation named "${request.operationName}"`
              : 'The document has several operations: name the one to run in operationName';
            throw new GraphQLError(message, { extensions: { code: 'OPERATION_RESOLUTION_FAILURE', http: { status: 400 } } });
          }
          if ((operation.name?.value.length ?? 0) > maxNameLength) {
            throw new GraphQLError(`An operation name has at most ${maxNameLength} characters`, {
              extensions: { code: 'BAD_USER_INPUT', field: 'operationName', http: { status: 400 } },
            });
          }
          if (!schema.getRootType(operation.operation)) {
            throw new GraphQLError(`The graph has no ${operation.operation} operations`, {
              extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}

/**
 * The number of representations a document passes to `_entities`, as a variable or inline, wherever the field stands:
 * at the top, in `... on Query` or in a named fragment. Each occurrence counts once (spreads of one fragment merge).
 */
function representationCount(document: DocumentNode, variables: Record<string, unknown> | undefined): number {
  let count = 0;
  visit(document, {
    Field(field) {
      if (field.name.value !== '_entities') return;
      const argument = field.arguments?.find((arg) => arg.name.value === 'representations');
      if (argument?.value.kind === Kind.LIST) count += argument.value.values.length;
      if (argument?.value.kind === Kind.VARIABLE) {
        const value = variables?.[argument.value.name.value];
        if (Array.isArray(value)) count += value.length;
      }
    },
  });
  return count;
}

/** Refuses a request whose `_entities` calls, together, take more representations than a gateway sends for one page. */
export function representationLimitPlugin(max: number): ApolloServerPlugin<SubgraphContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          if (representationCount(document, request.variables) > max) {
            throw new GraphQLError(`At most ${max} representations in one request's _entities calls`, {
              extensions: { code: 'BAD_USER_INPUT', field: 'representations', http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}
