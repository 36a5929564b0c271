import { dashboardQueries } from '../../scripts/dashboard-queries';
import { Caller, startTestFederation, TestFederation } from '../support/federation';
import { FaultProxy, startFaultProxy } from '../support/fault-proxy';
import { testPopulation } from '../support/population';

// The gateway keeps connections to each subgraph open between requests. Node's HTTP server used to close an idle
// one after 5 s while the gateway still meant to reuse it, so a burst after a pause failed with SERVICE_UNAVAILABLE
// for a healthy bureau. Bursts after pauses on either side of that boundary must all succeed; and when a reused
// connection is reset anyway, a read is sent again on a fresh one.

let federation: TestFederation;
/** Between the gateway and civil affairs: resets every connection reused after 2 s of idle. */
let proxy: FaultProxy;

beforeAll(async () => {
  federation = await startTestFederation({
    routeSubgraph: async (bureau, url) => {
      if (bureau !== 'civil-affairs') return url;
      proxy = await startFaultProxy(url, { resetAfterIdleMs: 2000 });
      return proxy.url;
    },
  });
});

afterAll(async () => {
  await federation?.stop();
  await proxy?.stop();
});

const ANALYST: Caller = { role: 'ANALYST', purpose: 'statistics' };
const CASEWORKER: Caller = { role: 'CIVIL_AFFAIRS_CASEWORKER', purpose: 'social-assistance' };

/** The dashboard's panels for the whole city, with the variables the page sends, as the browser fires them together, and a caseworker's look at one person. */
function burst(): Promise<{ errors?: unknown[] }>[] {
  const person = testPopulation()[0];
  return [
    ...dashboardQueries().map(({ query, variables }) => federation.query(query, variables, ANALYST)),
    federation.query(
      `query ($id: ID!) { person(id: $id) { name currentResidence { community { name } } schoolEnrolments { grade } employments { jobTitle } reliefCases { kind } } }`,
      { id: person.id },
      CASEWORKER,
    ),
  ];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function burstsAfter(gapsMs: number[]) {
  const failures: { gapMs: number; errors: unknown[] }[] = [];
  let requests = 0;
  for (const gapMs of gapsMs) {
    await sleep(gapMs);
    for (const answer of await Promise.all(burst())) {
      requests += 1;
      if (answer.errors) failures.push({ gapMs, errors: answer.errors });
    }
  }
  return { requests, failures };
}

describe('connections between the gateway and the subgraphs after idle gaps', () => {
  it('answers every burst after pauses on either side of the 5 s boundary, without an error', async () => {
    const { requests, failures } = await burstsAfter([4900, 5100]);
    expect(requests).toBe(2 * burst().length);
    expect(failures).toEqual([]);
  });

  it('sends a read again on a fresh connection when the reused one is reset, so the bureau still answers', async () => {
    const resetsBefore = proxy.resets();
    const { failures } = await burstsAfter([2500, 2500]);
    // The proxy did reset reused connections (the race happened), and no caller saw it.
    expect(proxy.resets()).toBeGreaterThan(resetsBefore);
    expect(failures).toEqual([]);
  });
});
