import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { composeServices } from '@apollo/composition';
import { ASTNode, Kind, parse, visit } from 'graphql';
import { supergraphId } from '../../gateway/supergraph-source';
import { BUREAU_NAMES, BUREAU_PORTS } from '../../subgraphs/kit/bureau-identity';
import { generateSchools } from '../../subgraphs/education/seed/synthetic-schools';
import { repoRoot } from '../../subgraphs/kit/paths';
import { Caller, startTestFederation, TEST_POPULATION, TestFederation } from '../support/federation';

// The gateway swaps in a new supergraph from its file while it serves, once the new one checks out, and keeps the one
// it has when the file holds one that does not. The gateway reaches the subgraphs on the test's ports, not on the
// URLs composed into the supergraph: every answer after a swap shows the `<BUREAU>_URL` overrides still hold.

const ENROLMENT_OFFICER: Caller = { role: 'SCHOOL_ENROLMENT_OFFICER', purpose: 'school-enrolment' };
const SCHOOL_CODE = generateSchools(TEST_POPULATION.seed)[0].code;
const ONE_SCHOOL = `query ($code: ID!) { school(code: $code) { code name } }`;
const SCHOOL_LIST = `{ schools(first: 2) { edges { node { code } } } }`;
const PERSONS = `{ persons(first: 2) { edges { node { name } } } }`;

const checkedIn = fs.readFileSync(path.join(repoRoot(), 'schema/supergraph.graphql'), 'utf8');

/** The checked-in subgraph SDLs composed again, with education's `Query.school` gone: a change one bureau rolls out. */
function supergraphWithoutOneSchool(): string {
  const services = BUREAU_NAMES.map((bureau) => {
    const typeDefs = parse(fs.readFileSync(path.join(repoRoot(), `schema/${bureau}.graphql`), 'utf8'));
    const changed =
      bureau !== 'education'
        ? typeDefs
        : visit(typeDefs, {
            FieldDefinition(field, _key, _parent, _path, ancestors) {
              const owner = ancestors[ancestors.length - 1] as ASTNode;
              const onQuery = (owner.kind === Kind.OBJECT_TYPE_DEFINITION || owner.kind === Kind.OBJECT_TYPE_EXTENSION) && owner.name.value === 'Query';
              return onQuery && field.name.value === 'school' ? null : undefined;
            },
          });
    return { name: bureau, typeDefs: changed, url: `http://127.0.0.1:${BUREAU_PORTS[bureau]}/graphql` };
  });
  const composition = composeServices(services);
  if (composition.errors) throw new Error(composition.errors.map((error) => error.message).join('\n'));
  return composition.supergraphSdl;
}

const withoutOneSchool = supergraphWithoutOneSchool();
const garbage = 'type Query { this is not a supergraph';

/** The federation of the describe block running. */
let federation: TestFederation;

async function health(): Promise<{ supergraph: string; refusedSupergraph?: string }> {
  return (await fetch(`${federation.gatewayOrigin}/health`)).json() as Promise<{ supergraph: string; refusedSupergraph?: string }>;
}

/** Waits, generously, until the gateway's /health says `reached`. */
async function waitForHealth(reached: (body: Awaited<ReturnType<typeof health>>) => boolean): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (let body = await health(); !reached(body); body = await health()) {
    if (Date.now() > deadline) throw new Error(`the gateway's /health did not get there: ${JSON.stringify(body)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function expectServing(oneSchool: 'answered' | 'refused'): Promise<void> {
  const school = await federation.query(ONE_SCHOOL, { code: SCHOOL_CODE }, ENROLMENT_OFFICER);
  if (oneSchool === 'answered') {
    expect(school.errors).toBeUndefined();
    expect(school.data.school.code).toBe(SCHOOL_CODE);
  } else {
    expect(school.status).toBe(400);
    expect(school.errors?.map((error) => error.extensions?.code)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(school.errors?.[0].message).toMatch(/"school"/);
  }
  // The rest of education, and the other bureaus, answer throughout.
  const schools = await federation.query(SCHOOL_LIST, {}, ENROLMENT_OFFICER);
  expect(schools.errors).toBeUndefined();
  expect(schools.data.schools.edges).toHaveLength(2);
  const persons = await federation.query(PERSONS);
  expect(persons.errors).toBeUndefined();
  expect(persons.data.persons.edges).toHaveLength(2);
}

describe('a new supergraph from the file, picked up without a restart', () => {
  let folder: string;
  let supergraphFile: string;

  beforeAll(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'mpg-supergraph-'));
    supergraphFile = path.join(folder, 'supergraph.graphql');
    fs.writeFileSync(supergraphFile, checkedIn);
    federation = await startTestFederation({ settings: { SUPERGRAPH_FILE: supergraphFile } });
  });

  afterAll(async () => {
    await federation?.stop();
    if (folder) fs.rmSync(folder, { recursive: true, force: true });
  });

  /** Written to a new file renamed over the old one, as editors and deployments replace a file. */
  function replaceFile(sdl: string): void {
    const next = `${supergraphFile}.next`;
    fs.writeFileSync(next, sdl);
    fs.renameSync(next, supergraphFile);
  }

  it('serves the supergraph of its file, and names it in /health', async () => {
    expect(await health()).toMatchObject({ supergraph: supergraphId(checkedIn) });
    expect((await health()).refusedSupergraph).toBeUndefined();
    await expectServing('answered');
  });

  it('swaps in a new one when the file is replaced, refusing the field it dropped', async () => {
    replaceFile(withoutOneSchool);
    await waitForHealth((body) => body.supergraph === supergraphId(withoutOneSchool));
    await expectServing('refused');
  });

  it('keeps the one it has when the file holds no valid supergraph, or one naming a subgraph it has no URL for', async () => {
    fs.writeFileSync(supergraphFile, garbage);
    await waitForHealth((body) => body.refusedSupergraph === supergraphId(garbage));
    expect((await health()).supergraph).toBe(supergraphId(withoutOneSchool));
    await expectServing('refused');

    // Valid, but education is renamed into a subgraph with no URL composed in and no <BUREAU>_URL.
    const unreachable = withoutOneSchool.replace(/@join__graph\(name: "education", url: "[^"]*"\)/, '@join__graph(name: "education-next", url: "")');
    expect(unreachable).not.toBe(withoutOneSchool);
    replaceFile(unreachable);
    await waitForHealth((body) => body.refusedSupergraph === supergraphId(unreachable));
    expect((await health()).supergraph).toBe(supergraphId(withoutOneSchool));
    await expectServing('refused');
  });

  it('swaps the previous one back in when the file is restored', async () => {
    replaceFile(checkedIn);
    await waitForHealth((body) => body.supergraph === supergraphId(checkedIn));
    expect((await health()).refusedSupergraph).toBeUndefined();
    await expectServing('answered');
  });
});

describe('a new supergraph from SUPERGRAPH_URL, polled', () => {
  let served = checkedIn;
  let notModified = 0;
  // What a registry or an artifact store would answer: the supergraph with its ETag, 304 when the client has it.
  const registry = http.createServer((request, response) => {
    const etag = `"${supergraphId(served)}"`;
    if (request.headers['if-none-match'] === etag) {
      notModified += 1;
      response.writeHead(304).end();
    } else {
      response.writeHead(200, { 'content-type': 'text/plain', etag }).end(served);
    }
  });

  beforeAll(async () => {
    await new Promise<void>((resolve) => registry.listen(0, '127.0.0.1', resolve));
    const { port } = registry.address() as AddressInfo;
    federation = await startTestFederation({
      settings: { SUPERGRAPH_URL: `http://127.0.0.1:${port}/supergraph.graphql`, SUPERGRAPH_POLL_SECONDS: '1' },
    });
  });

  afterAll(async () => {
    await federation?.stop();
    await new Promise((resolve) => registry.close(resolve));
  });

  it('asks again with the ETag, swaps in a new one, and keeps it through one that does not check out', async () => {
    expect((await health()).supergraph).toBe(supergraphId(checkedIn));
    const asked = notModified;
    await waitForHealth(() => notModified > asked);
    await expectServing('answered');

    served = withoutOneSchool;
    await waitForHealth((body) => body.supergraph === supergraphId(withoutOneSchool));
    await expectServing('refused');

    served = garbage;
    await waitForHealth((body) => body.refusedSupergraph === supergraphId(garbage));
    expect((await health()).supergraph).toBe(supergraphId(withoutOneSchool));
    await expectServing('refused');
  });
});
