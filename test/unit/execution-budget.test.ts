import { ApolloServer } from '@apollo/server';
import { buildSchema } from 'graphql';
import { BudgetContext, chargeFieldsToBudget, ExecutionBudget, executionBudgetPlugin } from '../../subgraphs/kit/execution-budget';

// A request's budget on a real Apollo server over a small schema: what a resolver that never answers, a fan-out and
// a slow write get.

const schema = buildSchema(`
  type Query { slow: String, shared: String, rows(count: Int!): [Row!]! }
  type Row { id: Int!, children: [Row!]! }
  type Mutation { write: String }
`);
let childrenResolved = 0;
const never = new Promise<string>(() => undefined);
Object.assign(schema.getQueryType()!.getFields().slow, { resolve: () => never });
// Work of no one request (as a statistics release being counted), which takes longer than a request's deadline. The
// deadline is long enough for a busy machine to reach the resolver well within it (100 ms once was not).
const SHARED_WORK_DEADLINE_MS = 1000;
Object.assign(schema.getQueryType()!.getFields().shared, {
  resolve: () => {
    const counted = new Promise<string>((resolve) => setTimeout(() => resolve('counted'), SHARED_WORK_DEADLINE_MS * 1.5));
    ExecutionBudget.current()!.pauseWhile(counted);
    return counted;
  },
});
Object.assign(schema.getQueryType()!.getFields().rows, {
  resolve: (_: unknown, { count }: { count: number }) => Array.from({ length: count }, (_x, id) => ({ id })),
});
Object.assign((schema.getType('Row') as any).getFields().children, {
  resolve: () => {
    childrenResolved += 1;
    return [{ id: 0 }];
  },
});
Object.assign(schema.getMutationType()!.getFields().write, { resolve: () => new Promise((resolve) => setTimeout(() => resolve('written'), 300)) });
chargeFieldsToBudget(schema);

const server = new ApolloServer<BudgetContext>({ schema, plugins: [executionBudgetPlugin()] });
beforeAll(() => server.start());
afterAll(() => server.stop());

async function run(query: string, budget: ExecutionBudget) {
  const response = await budget.runWithin(() => server.executeOperation({ query }, { contextValue: { budget } }));
  if (response.body.kind !== 'single') throw new Error('expected a single result');
  return { status: response.http.status, ...response.body.singleResult };
}

describe('a request’s execution budget', () => {
  it('answers a query whose resolver never returns at its deadline, with one DEADLINE_EXCEEDED error and 504', async () => {
    const answer = await run('{ slow }', new ExecutionBudget(100, 1000));
    expect(answer.status).toBe(504);
    expect(answer.data).toBeUndefined();
    expect(answer.errors?.map((error) => error.extensions?.code)).toEqual(['DEADLINE_EXCEEDED']);
  });

  it('stops a fan-out at the level that crosses the bound: one RESPONSE_TOO_LARGE error, 400, the next level never resolved', async () => {
    childrenResolved = 0;
    const answer = await run('{ rows(count: 5000) { id children { id } } }', new ExecutionBudget(60_000, 1000));
    expect(answer.status).toBe(400);
    expect(answer.errors?.map((error) => error.extensions?.code)).toEqual(['RESPONSE_TOO_LARGE']);
    expect(childrenResolved).toBe(0);
  });

  it('answers within the bound in full', async () => {
    const answer = await run('{ rows(count: 300) { id children { id } } }', new ExecutionBudget(60_000, 2000));
    expect(answer.errors).toBeUndefined();
    expect((answer.data as any).rows).toHaveLength(300);
  });

  it('does not count the wait for shared work (a release being counted) against the deadline, and runs on after it', async () => {
    const answer = await run('{ shared }', new ExecutionBudget(SHARED_WORK_DEADLINE_MS, 1000));
    expect(answer.errors).toBeUndefined();
    expect(answer.data).toEqual({ shared: 'counted' });
    const thenSlow = await run('{ shared slow }', new ExecutionBudget(SHARED_WORK_DEADLINE_MS, 1000));
    expect(thenSlow.errors?.map((error) => error.extensions?.code)).toEqual(['DEADLINE_EXCEEDED']);
  });

  it('lets a mutation finish past the read deadline: its outcome is always reported', async () => {
    const answer = await run('mutation { write }', new ExecutionBudget(50, 1000));
    expect(answer.errors).toBeUndefined();
    expect(answer.data).toEqual({ write: 'written' });
  });
});
