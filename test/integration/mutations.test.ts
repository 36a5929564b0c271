import { addDays, addMonths, today, yearsBetween } from '../../subgraphs/kit/dates';
import { permitEligibleFrom } from '../../subgraphs/kit/permit-eligibility';
import { idCardCheckCharacter } from '../../subgraphs/kit/idcard';
import { REGISTRY_OFFICER, startTestFederation, TestFederation } from '../support/federation';
import { currentResidenceOf, testPopulation } from '../support/population';

let federation: TestFederation;

beforeAll(async () => {
  federation = await startTestFederation();
});

afterAll(async () => {
  await federation?.stop();
});

/** Registrations and permits are the police registry's work. */
const asRegistry = (query: string, variables: Record<string, unknown>) => federation.query(query, variables, REGISTRY_OFFICER);

/** Row counts of every public-security table, read straight from its database. */
async function tableCounts(): Promise<Record<string, number>> {
  const db = federation.subgraphs['public-security'].database.dataSource;
  const [row] = await db.query(`SELECT
    (SELECT count(*) FROM person) AS persons,
    (SELECT count(*) FROM residence_registration) AS residences,
    (SELECT count(*) FROM residence_registration WHERE ended_on IS NOT NULL) AS ended_residences,
    (SELECT count(*) FROM residence_permit) AS permits`);
  return row;
}

/** A valid ID-card number for a birth date and sex (sequence odd for men). */
function idCardNumber(birthDate: string, sex: 'MALE' | 'FEMALE', sequence: number): string {
  const serial = String(sex === 'MALE' ? sequence * 2 + 1 : sequence * 2 + 2).padStart(3, '0');
  const first17 = `620000${birthDate.replace(/-/g, '')}${serial}`;
  return first17 + idCardCheckCharacter(first17);
}

const knownCommunity = () => currentResidenceOf(testPopulation()[0]).communityCode;

function registration(overrides: Record<string, unknown> = {}, sequence = 1) {
  return {
    familyName: '马',
    givenName: '小红',
    sex: 'FEMALE',
    birthDate: '1990-05-17',
    ethnicityCode: '03',
    originRegionCode: '622900',
    idCardNumber: idCardNumber('1990-05-17', 'FEMALE', sequence),
    arrivalDate: '2024-03-01',
    residence: { communityCode: knownCommunity(), address: '丽景路 17号 3单元 402' },
    ...overrides,
  };
}

const REGISTER = `mutation Register($input: RegisterPersonInput!) {
  registerPerson(input: $input) { id name idCardNumber currentResidence { registeredOn community { code name } } }
}`;

describe('registerPerson', () => {
  it('registers a person with a first residence, readable through the gateway at once', async () => {
    const before = await tableCounts();
    const result = await asRegistry(REGISTER, { input: registration() });
    expect(result.errors).toBeUndefined();
    const person = result.data.registerPerson;
    expect(person.id).toMatch(/^P[0-9A-Z]{10}$/);
    expect(person.name).toBe('马小红');
    expect(person.idCardNumber).toBe(registration().idCardNumber); // in full: the registry needs it
    expect(person.currentResidence).toMatchObject({ registeredOn: '2024-03-01', community: { code: knownCommunity() } });
    expect(person.currentResidence.community.name).toEqual(expect.any(String));
    const after = await tableCounts();
    expect(after.persons).toBe(before.persons + 1);
    expect(after.residences).toBe(before.residences + 1);
  });

  const invalid: [string, string, () => Record<string, unknown>][] = [
    ['an unknown community code', 'input.residence.communityCode', () => ({ residence: { communityCode: '640104999999', address: '某路 1号' } })],
    ['a malformed community code', 'input.residence.communityCode', () => ({ residence: { communityCode: '6401', address: '某路 1号' } })],
    ['a blank address', 'input.residence.address', () => ({ residence: { communityCode: knownCommunity(), address: '  ' } })],
    ['an ID-card number with a wrong check character', 'input.idCardNumber', () => ({ idCardNumber: '62000019900517002X' })],
    ['an ID-card number of another birth date', 'input.idCardNumber', () => ({ idCardNumber: idCardNumber('1991-05-17', 'FEMALE', 3) })],
    ['an ID-card number of the other sex', 'input.idCardNumber', () => ({ idCardNumber: idCardNumber('1990-05-17', 'MALE', 3) })],
    ['an unknown ethnicity code', 'input.ethnicityCode', () => ({ ethnicityCode: '99' })],
    ['an unknown origin region', 'input.originRegionCode', () => ({ originRegionCode: '999999' })],
    ['arrival before birth', 'input.arrivalDate', () => ({ arrivalDate: '1989-01-01' })],
    ['a birth date in the future', 'input.birthDate', () => ({ birthDate: '2999-01-01' })],
    ['a malformed date', 'input.birthDate', () => ({ birthDate: '1990-13-45' })],
    ['a blank family name', 'input.familyName', () => ({ familyName: ' ' })],
  ];

  it.each(invalid)('refuses %s with BAD_USER_INPUT on %s, and writes nothing', async (_name, field, overrides) => {
    const input = registration(overrides(), 40);
    const before = await tableCounts();
    const result = await asRegistry(REGISTER, { input });
    expect(result.data?.registerPerson ?? null).toBeNull();
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(result.errors![0].message).not.toMatch(/SELECT|INSERT|at .*\.ts/);
    expect(await tableCounts()).toEqual(before);
  });

  it('refuses a second person with the same ID-card number', async () => {
    const existing = testPopulation()[3];
    const before = await tableCounts();
    const result = await asRegistry(REGISTER, {
      input: registration({ idCardNumber: existing.idCardNumber, birthDate: existing.birthDate, sex: existing.sex }),
    });
    expect(result.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.idCardNumber' });
    expect(await tableCounts()).toEqual(before);
  });
});

const MOVE = `mutation Move($input: RecordMoveInput!) {
  recordMove(input: $input) { registeredOn isCurrent community { code } person { id residences { registeredOn endedOn } } }
}`;

describe('recordMove', () => {
  const mover = () => testPopulation()[10];

  it('ends the current registration the day before and starts the new one', async () => {
    const person = mover();
    const target = currentResidenceOf(testPopulation()[20]).communityCode;
    const result = await asRegistry(MOVE, {
      input: { personId: person.id, communityCode: target, address: '新华街 8号 1单元 101', movedOn: today() },
    });
    expect(result.errors).toBeUndefined();
    const moved = result.data.recordMove;
    expect(moved).toMatchObject({ registeredOn: today(), isCurrent: true, community: { code: target } });
    const history = moved.person.residences;
    expect(history).toHaveLength(person.residences.length + 1);
    expect(history[0]).toMatchObject({ registeredOn: today(), endedOn: null });
    expect(history[1].endedOn).not.toBeNull();
    expect(history[1].endedOn < today()).toBe(true);
  });

  it('refuses a move dated before the current registration, an unknown person or community, and writes nothing', async () => {
    const person = testPopulation()[11];
    const current = currentResidenceOf(person);
    const cases: [Record<string, unknown>, string, string][] = [
      [{ personId: person.id, communityCode: current.communityCode, address: '别处 1号', movedOn: current.fromDate }, 'BAD_USER_INPUT', 'input.movedOn'],
      [{ personId: 'PNOBODY0000', communityCode: current.communityCode, address: '别处 1号', movedOn: today() }, 'NOT_FOUND', 'input.personId'],
      [{ personId: person.id, communityCode: '640000000000', address: '别处 1号', movedOn: today() }, 'BAD_USER_INPUT', 'input.communityCode'],
      [{ personId: person.id, communityCode: current.communityCode, address: current.address, movedOn: today() }, 'BAD_USER_INPUT', 'input.address'],
    ];
    for (const [input, code, field] of cases) {
      const before = await tableCounts();
      const result = await asRegistry(MOVE, { input });
      expect(result.errors?.[0].extensions).toMatchObject({ code, field });
      expect(await tableCounts()).toEqual(before);
    }
  });
});

const ISSUE = `mutation Issue($input: IssueResidencePermitInput!) {
  issueResidencePermit(input: $input) { number issuedOn validFrom validUntil status person { id } }
}`;
const RENEW = `mutation Renew($input: RenewResidencePermitInput!) {
  renewResidencePermit(input: $input) { number validFrom validUntil status }
}`;

describe('residence permits', () => {
  const adultWithoutPermit = () => testPopulation().find((p) => p.permits.length === 0 && p.birthDate < '2000-01-01' && p.arrivalDate < '2025-01-01')!;

  it('issues a permit and renews it as a new period that follows the old one', async () => {
    const person = adultWithoutPermit();
    const issuedOn = today();
    const validUntil = `${Number(issuedOn.slice(0, 4)) + 1}${issuedOn.slice(4)}`;
    const issued = await asRegistry(ISSUE, { input: { personId: person.id, issuedOn, validUntil } });
    expect(issued.errors).toBeUndefined();
    const permit = issued.data.issueResidencePermit;
    expect(permit).toMatchObject({ issuedOn, validFrom: issuedOn, validUntil, status: 'VALID', person: { id: person.id } });
    expect(permit.number).toMatch(new RegExp(`^${currentResidenceOf(person).districtCode}${issuedOn.slice(0, 4)}\\d{6}$`));

    const renewedUntil = `${Number(issuedOn.slice(0, 4)) + 2}${issuedOn.slice(4)}`;
    const renewed = await asRegistry(RENEW, { input: { permitNumber: permit.number, renewedOn: issuedOn, validUntil: renewedUntil } });
    expect(renewed.errors).toBeUndefined();
    expect(renewed.data.renewResidencePermit).toMatchObject({ validUntil: renewedUntil, status: 'NOT_YET_VALID' });
    expect(renewed.data.renewResidencePermit.validFrom > validUntil).toBe(true);

    const again = await asRegistry(RENEW, { input: { permitNumber: permit.number, renewedOn: issuedOn, validUntil: renewedUntil } });
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.permitNumber' });
  });

  it('refuses a permit that ends before it starts, one too soon after arrival, or a second valid one, writing nothing', async () => {
    const holder = testPopulation().find((p) => p.permits.length > 0 && p.permits[p.permits.length - 1].validUntil > today())!;
    const newcomer = testPopulation().find((p) => p.arrivalDate > '2026-06-01')!;
    const person = adultWithoutPermit();
    const cases: [Record<string, unknown>, string][] = [
      [{ personId: person.id, issuedOn: '2025-06-01', validUntil: '2025-05-01' }, 'input.validUntil'],
      [{ personId: newcomer.id, issuedOn: newcomer.arrivalDate, validUntil: '2027-12-31' }, 'input.issuedOn'],
      [{ personId: holder.id, issuedOn: today(), validUntil: '2030-01-01' }, 'input.issuedOn'],
      [{ personId: person.id, issuedOn: 'not-a-date', validUntil: '2030-01-01' }, 'input.issuedOn'],
    ];
    for (const [input, field] of cases) {
      const before = await tableCounts();
      const result = await asRegistry(ISSUE, { input });
      expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(await tableCounts()).toEqual(before);
    }
  });

  it('issues a permit to a minor from the day six months after arrival, refusing the day before', async () => {
    const eligibleFrom = (p: { arrivalDate: string }) => permitEligibleFrom(p.arrivalDate);
    const minor = testPopulation().find((p) => p.permits.length === 0 && eligibleFrom(p) <= today() && yearsBetween(p.birthDate, eligibleFrom(p)) < 18)!;
    const issuedOn = eligibleFrom(minor);
    const validUntil = addDays(addMonths(issuedOn, 12), -1);
    const before = await tableCounts();
    const early = await asRegistry(ISSUE, { input: { personId: minor.id, issuedOn: addDays(issuedOn, -1), validUntil } });
    expect(early.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.issuedOn' });
    expect(await tableCounts()).toEqual(before);
    const issued = await asRegistry(ISSUE, { input: { personId: minor.id, issuedOn, validUntil } });
    expect(issued.errors).toBeUndefined();
    expect(issued.data.issueResidencePermit).toMatchObject({ issuedOn, validUntil, person: { id: minor.id } });
  });

  it('answers NOT_FOUND for renewing an unknown permit number', async () => {
    const result = await asRegistry(RENEW, { input: { permitNumber: '6401040000000000', renewedOn: today(), validUntil: '2030-01-01' } });
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'input.permitNumber' });
  });
});
