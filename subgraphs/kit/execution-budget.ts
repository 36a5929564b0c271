import { AsyncLocalStorage } from 'node:async_hooks';
import type { ApolloServerPlugin } from '@apollo/server';
import { defaultFieldResolver, GraphQLError, GraphQLSchema, isNonNullType, isObjectType } from 'graphql';
import type { Settings } from './settings';

/**
 * What one request may spend at a subgraph: time until its deadline, and fields resolved (which bounds the size of
 * the answer and the memory it takes). Static limits (query-limits.ts) cannot see how long a list is:
 * `districts { communities { district { communities … } } }` within them still fans out to millions of objects.
 */
export interface ExecutionLimits {
  /** Milliseconds a query may run (`REQUEST_DEADLINE_MS`). */
  readDeadlineMs: number;
  /** Milliseconds a mutation may run (`MUTATION_DEADLINE_MS`): its transaction's statements get as long. */
  writeDeadlineMs: number;
  /** Fields and list items one answer may hold (`MAX_RESPONSE_FIELDS`). */
  maxFields: number;
}

export function executionLimitsOf(settings: Settings): ExecutionLimits {
  return { readDeadlineMs: settings.REQUEST_DEADLINE_MS, writeDeadlineMs: settings.MUTATION_DEADLINE_MS, maxFields: settings.MAX_RESPONSE_FIELDS };
}

/** The budget of the request being served, for kit code that has no context at hand (see ExecutionBudget.current). */
const requestBudget = new AsyncLocalStorage<ExecutionBudget>();

export class ExecutionBudget {
  /** Why the request was stopped, once it was: the one error its answer becomes. */
  exceeded: GraphQLError | undefined;
  private fields = 0;
  private writing = false;
  /** Shared work the request is waiting for, not of its own making (a release being counted). */
  private pauses = 0;
  private remainingMs = 0;
  private expiresAt: number;
  private timer: NodeJS.Timeout | undefined;
  private expire: ((error: GraphQLError) => void) | undefined;
  /** Rejects at the deadline, so a resolver waiting on something slow is let go of then. */
  private readonly expiry: Promise<never>;

  /** The clock runs from the request's start; `finish` stops its alarm. */
  constructor(
    private readonly deadlineMs: number,
    private readonly maxFields: number,
  ) {
    this.expiresAt = performance.now() + deadlineMs;
    this.expiry = new Promise<never>((_resolve, reject) => {
      this.expire = reject;
    });
    // Nobody may be waiting on it when it rejects.
    this.expiry.catch(() => undefined);
    this.arm(deadlineMs);
  }

  /** The budget of the request whose work is running (set by `runWithin`), if any. */
  static current(): ExecutionBudget | undefined {
    return requestBudget.getStore();
  }

  /** Runs `work` (and everything it starts) as the request's, so `current()` finds this budget. */
  runWithin<T>(work: () => T): T {
    return requestBudget.run(this, work);
  }

  finish(): void {
    clearTimeout(this.timer);
  }

  /**
   * The clock stops while the request waits for `work` that is not its own doing and that no caller can make more of:
   * the bureau's statistics release being counted, once per cut-off for everyone. It runs on again after, with the
   * time that was left.
   */
  pauseWhile(work: Promise<unknown>): void {
    if (this.exceeded || this.writing) return;
    if (this.pauses === 0) {
      this.finish();
      this.remainingMs = Math.max(0, this.expiresAt - performance.now());
      this.expiresAt = Infinity;
    }
    this.pauses += 1;
    const resume = () => {
      this.pauses -= 1;
      // A request that became a write meanwhile has no deadline to resume.
      if (this.pauses > 0 || this.exceeded || this.writing) return;
      this.expiresAt = performance.now() + this.remainingMs;
      this.arm(this.remainingMs);
    };
    work.then(resume, resume);
  }

  private arm(ms: number): void {
    this.timer = setTimeout(() => this.stop(this.deadlineError()), ms);
    this.timer.unref();
  }

  /**
   * A mutation is not cut off by the deadline: it would stop answering half-way through a write that may still
   * commit. Its transaction's statements are bounded instead (statement_timeout, see inTransaction), and its outcome
   * always reported. The answer's size stays bounded.
   */
  forWrite(): void {
    this.finish();
    this.writing = true;
    this.expiresAt = Infinity;
  }

  /**
   * `count` more fields or list items: throws once the answer is too large or the deadline has passed (and for every
   * field after). Items count as they arrive, so a fan-out stops at the level that crosses the limit, before the
   * loaders of the next level fetch its rows.
   */
  spend(count = 1): void {
    if (this.exceeded) throw this.exceeded;
    this.fields += count;
    if (this.fields > this.maxFields) this.stop(tooLarge(this.maxFields));
    else if (performance.now() >= this.expiresAt) this.stop(this.deadlineError());
    if (this.exceeded) throw this.exceeded;
  }

  /** A resolver's pending result, or the deadline's error if that comes first. */
  race<T>(result: Promise<T>): Promise<T> {
    return Promise.race([result, this.expiry]);
  }

  private stop(error: GraphQLError): void {
    if (this.exceeded) return;
    this.exceeded = error;
    this.finish();
    this.expire?.(error);
  }

  private deadlineError(): GraphQLError {
    return new GraphQLError(`The request did not finish within its deadline of ${this.deadlineMs} ms, so it was cancelled`, {
      extensions: { code: 'DEADLINE_EXCEEDED', http: { status: 504 } },
    });
  }
}

function tooLarge(maxFields: number): GraphQLError {
  return new GraphQLError(`The answer would hold more than ${maxFields} fields: ask for fewer (a smaller page, fewer levels)`, {
    extensions: { code: 'RESPONSE_TOO_LARGE', http: { status: 400 } },
  });
}

export interface BudgetContext {
  budget: ExecutionBudget;
}

/**
 * Every field of the schema spends from the request's budget before it resolves, and a field that waits (a loader,
 * a release being counted) waits at most until the deadline. Done once, on the schema that serves.
 */
export function chargeFieldsToBudget(schema: GraphQLSchema): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const resolve = field.resolve ?? defaultFieldResolver;
      const nullable = !isNonNullType(field.type);
      field.resolve = (source, args, context: BudgetContext, info) => {
        const { budget } = context;
        // Once stopped, the answer is replaced by one error: the fields still to go end as cheaply as they can, a
        // nullable one as null (no error of its own to build), a non-null one by throwing (which ends its list).
        if (budget.exceeded && nullable) return null;
        budget.spend();
        const result = resolve(source, args, context, info);
        if (Array.isArray(result)) budget.spend(result.length);
        if (!(result instanceof Promise)) return result;
        return budget.race(result).then((value) => {
          if (Array.isArray(value)) budget.spend(value.length);
          return value;
        });
      };
    }
  }
}

/**
 * Lets mutations run past the read deadline (forWrite); answers a request that ran out of budget with that one error
 * (and its HTTP status) instead of a tree of fields that each failed with it, and stops its clock.
 */
export function executionBudgetPlugin(): ApolloServerPlugin<BudgetContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, contextValue }) {
          if (operation?.operation === 'mutation') contextValue.budget.forWrite();
        },
        async willSendResponse({ contextValue, response }) {
          const { budget } = contextValue;
          budget.finish();
          if (!budget.exceeded || response.body.kind !== 'single') return;
          response.body.singleResult = { errors: [budget.exceeded.toJSON()] };
          response.http.status = (budget.exceeded.extensions.http as { status: number }).status;
        },
      };
    },
  };
}
