import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { addDays } from '../../subgraphs/kit/dates';
import { usageDayFile, utcDay, type UsageDay } from '../../gateway/usage-recording';
import { callerHeaders, CASEWORKER, postGraphQL, startTestFederation, TestFederation } from '../support/federation';
import { testPopulation } from '../support/population';

// The gateway records the operations it runs: signature without literals, coordinates, client, count per day; never a
// literal or a variable's value; nothing when off; day files beyond the retention deleted.

const PERSON_BY_LITERAL = (id: string) => `query PersonByLiteral { person(id: "${id}") { id name } }`;
const PERSON_BY_VARIABLE = `query PersonByVariable($id: ID!) { someone: person(id: $id) { id currentResidence { community { name } } } }`;

async function send(federation: TestFederation, query: string, variables: Record<string, unknown> | undefined, client: Record<string, string>) {
  const headers = { ...(await callerHeaders(federation.signingKey, CASEWORKER)), ...client };
  const result = await postGraphQL(federation.gatewayUrl, query, variables, headers);
  expect(result.errors).toBeUndefined();
}

function dayFiles(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
}

describe('operation usage recorded by the gateway', () => {
  const [person, other] = testPopulation();
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpg-usage-'));
  });

  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('counts each signature per client and day, with its coordinates and no literal or variable value', async () => {
    const today = utcDay(new Date());
    // A gateway that ran earlier today, and days inside and beyond the retention.
    const earlier: UsageDay = {
      day: today,
      entries: [
        {
          operation: 'PersonByLiteral',
          signature: 'query PersonByLiteral{person(id:""){id name}}',
          coordinates: ['Person.id', 'Person.name', 'Query.person', 'Query.person(id:)'],
          client: { name: 'dashboard', version: '1.2.0' },
          count: 5,
        },
      ],
    };
    fs.writeFileSync(usageDayFile(dir, today), JSON.stringify(earlier));
    fs.writeFileSync(usageDayFile(dir, addDays(today, -2)), JSON.stringify({ day: addDays(today, -2), entries: [] }));
    fs.writeFileSync(usageDayFile(dir, addDays(today, -3)), JSON.stringify({ day: addDays(today, -3), entries: [] }));

    const federation = await startTestFederation({ settings: { USAGE_DIR: dir, USAGE_RETENTION_DAYS: '3' } });
    try {
      const dashboard = { 'apollographql-client-name': 'dashboard', 'apollographql-client-version': '1.2.0' };
      await send(federation, PERSON_BY_LITERAL(person.id), undefined, dashboard);
      await send(federation, PERSON_BY_LITERAL(other.id), undefined, dashboard);
      await send(
        federation,
        PERSON_BY_VARIABLE,
        { id: person.id },
        { 'apollographql-client-name': 'caseworker<script>app\n', 'apollographql-client-version': 'x'.repeat(200) },
      );
      await send(federation, PERSON_BY_VARIABLE, { id: other.id }, {});
      // Introspection only, and a document that does not validate: not recorded.
      await postGraphQL(federation.gatewayUrl, '{ __schema { queryType { name } } }', undefined, await callerHeaders(federation.signingKey, CASEWORKER));
      await postGraphQL(federation.gatewayUrl, '{ person(id: "1") { noSuchField } }', undefined, await callerHeaders(federation.signingKey, CASEWORKER));
    } finally {
      await federation.stop();
    }

    // The day beyond the retention of 3 days (today and the two before) is gone.
    expect(dayFiles(dir)).toEqual([`usage-${addDays(today, -2)}.json`, `usage-${today}.json`]);
    const file = usageDayFile(dir, today);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const text = fs.readFileSync(file, 'utf8');
    const usage = JSON.parse(text) as UsageDay;
    expect(usage.day).toBe(today);
    const entries = usage.entries.map(({ signature, client, count }) => ({ signature, client, count })).sort((a, b) => b.count - a.count);
    expect(entries).toEqual([
      // Five from the earlier run today, two now: the two ids are one signature.
      { signature: 'query PersonByLiteral{person(id:""){id name}}', client: { name: 'dashboard', version: '1.2.0' }, count: 7 },
      {
        signature: 'query PersonByVariable($id:ID!){person(id:$id){currentResidence{community{name}}id}}',
        client: { name: 'caseworkerscriptapp', version: 'x'.repeat(64) },
        count: 1,
      },
      { signature: 'query PersonByVariable($id:ID!){person(id:$id){currentResidence{community{name}}id}}', client: { name: null, version: null }, count: 1 },
    ]);
    expect(usage.entries.find((entry) => entry.client.name === null)).toMatchObject({
      operation: 'PersonByVariable',
      coordinates: ['Community.name', 'Person.currentResidence', 'Person.id', 'Query.person', 'Query.person(id:)', 'ResidenceRegistration.community'],
    });
    // No literal and no variable value anywhere in the store.
    for (const name of dayFiles(dir)) {
      const content = fs.readFileSync(path.join(dir, name), 'utf8');
      for (const id of [person.id, other.id, person.familyName + person.givenName]) expect(content).not.toContain(id);
    }
    expect(text).not.toContain('__schema');
    expect(text).not.toContain('noSuchField');
  });

  it('records nothing when USAGE_RECORDING is off', async () => {
    const federation = await startTestFederation({ settings: { USAGE_DIR: dir, USAGE_RECORDING: 'false' } });
    try {
      await send(federation, PERSON_BY_LITERAL(person.id), undefined, { 'apollographql-client-name': 'dashboard' });
    } finally {
      await federation.stop();
    }
    expect(dayFiles(dir)).toEqual([]);
  });
});
