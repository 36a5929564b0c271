import { callerHeaders, Caller, postGraphQL, startTestFederation, TestFederation } from '../support/federation';
import { FaultProxy, startFaultProxy } from '../support/fault-proxy';
import { currentResidenceOf, testPopulation } from '../support/population';

// A client whose answer to a mutation was lost sends it again with the same Idempotency-Key: the bureau returns the
// first result and writes nothing more. The answer is lost for real, by a proxy in front of the gateway that lets
// the request through and resets the connection when the answer comes back.

let federation: TestFederation;
let lossy: FaultProxy;

beforeAll(async () => {
  federation = await startTestFederation();
  lossy = await startFaultProxy(federation.gatewayUrl);
});

afterAll(async () => {
  await lossy?.stop();
  await federation?.stop();
});

const RELIEF_WORKER: Caller = { role: 'CIVIL_AFFAIRS_CASEWORKER', purpose: 'social-assistance' };
let keys = 0;
const newKey = () => `test-key-${Date.now()}-${(keys += 1)}`;

async function send(url: string, query: string, variables: Record<string, unknown>, caller: Caller, key?: string) {
  const headers = await callerHeaders(federation.signingKey, caller);
  if (key) headers['idempotency-key'] = key;
  return postGraphQL(url, query, variables, headers);
}

const countRows = async (bureau: string, table: string) =>
  Number((await federation.subgraphs[bureau].database.dataSource.query(`SELECT count(*) AS n FROM ${table}`))[0].n);

const APPLY = `mutation ($input: ApplyForReliefInput!) { applyForRelief(input: $input) { id status amountRequested } }`;
const application = (index: number) => {
  const person = testPopulation()[200 + index];
  return { personId: person.id, kind: 'STRANDED_PERSON', communityCode: currentResidenceOf(person).communityCode, appliedOn: '2026-10-01', amountRequested: '600' };
};

describe('retrying a mutation whose answer was lost', () => {
  it('returns the first result and writes once when the retry carries the same key', async () => {
    const before = await countRows('civil-affairs', 'relief_case');
    const key = newKey();
    lossy.setDroppingResponses(true);
    await expect(send(lossy.url, APPLY, { input: application(0) }, RELIEF_WORKER, key)).rejects.toThrow();
    lossy.setDroppingResponses(false);
    expect(await countRows('civil-affairs', 'relief_case')).toBe(before + 1);

    const retry = await send(federation.gatewayUrl, APPLY, { input: application(0) }, RELIEF_WORKER, key);
    expect(retry.errors).toBeUndefined();
    expect(retry.data.applyForRelief).toMatchObject({ status: 'PENDING', amountRequested: '600.00' });
    expect(await countRows('civil-affairs', 'relief_case')).toBe(before + 1);
  });

  it('writes twice without a key, as before', async () => {
    const before = await countRows('civil-affairs', 'relief_case');
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const answer = await send(federation.gatewayUrl, APPLY, { input: application(1) }, RELIEF_WORKER);
      expect(answer.errors).toBeUndefined();
    }
    expect(await countRows('civil-affairs', 'relief_case')).toBe(before + 2);
  });

  it('refuses the same key with other input, and a malformed key, writing nothing', async () => {
    const key = newKey();
    expect((await send(federation.gatewayUrl, APPLY, { input: application(2) }, RELIEF_WORKER, key)).errors).toBeUndefined();
    const before = await countRows('civil-affairs', 'relief_case');
    const other = await send(federation.gatewayUrl, APPLY, { input: { ...application(2), amountRequested: '700' } }, RELIEF_WORKER, key);
    expect(other.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'Idempotency-Key' });
    const malformed = await send(federation.gatewayUrl, APPLY, { input: application(3) }, RELIEF_WORKER, 'bad key with spaces');
    expect(malformed.status).toBe(400);
    expect(malformed.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'Idempotency-Key' });
    expect(await countRows('civil-affairs', 'relief_case')).toBe(before);
  });

  it('writes once when two attempts with the same key race', async () => {
    const before = await countRows('civil-affairs', 'relief_case');
    const key = newKey();
    const answers = await Promise.all([0, 1, 2].map(() => send(federation.gatewayUrl, APPLY, { input: application(4) }, RELIEF_WORKER, key)));
    for (const answer of answers) expect(answer.errors).toBeUndefined();
    expect(new Set(answers.map((answer) => answer.data.applyForRelief.id)).size).toBe(1);
    expect(await countRows('civil-affairs', 'relief_case')).toBe(before + 1);
  });

  it('keeps keys per caller: another official with the same key writes their own record', async () => {
    const key = newKey();
    const first = await send(federation.gatewayUrl, APPLY, { input: application(5) }, { ...RELIEF_WORKER, subject: 'officer-a' }, key);
    const second = await send(federation.gatewayUrl, APPLY, { input: application(5) }, { ...RELIEF_WORKER, subject: 'officer-b' }, key);
    expect(first.data.applyForRelief.id).not.toBe(second.data.applyForRelief.id);
  });
});
