import { addDays, today } from '../../subgraphs/kit/dates';
import { idCardCheckCharacter } from '../../subgraphs/kit/idcard';
import type { SyntheticPerson } from '../../subgraphs/synthetic';
import { schoolYearOf } from '../../subgraphs/kit/school-age';
import { callerHeaders, Caller, postGraphQL, startTestFederation, TestFederation } from '../support/federation';
import { FaultProxy, startFaultProxy } from '../support/fault-proxy';
import { currentResidenceOf, testPopulation } from '../support/population';
import { loadSupergraph } from '../support/supergraph';

// A client whose answer to a mutation was lost sends it again with the same Idempotency-Key: the bureau returns the
// first result and writes nothing more. The answer is lost for real: a proxy in front of the gateway lets the request
// through and resets the connection when the answer comes back. Every mutation of the graph is retried this way (the
// table must name every Mutation field of the supergraph); relief applications also show a retry without a key,
// a key reused with other input, a malformed key, racing attempts and keys kept per caller.

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

const REGISTRY_OFFICER: Caller = { role: 'POLICE_REGISTRY_OFFICER', purpose: 'residence-administration' };
const RELIEF_WORKER: Caller = { role: 'CIVIL_AFFAIRS_CASEWORKER', purpose: 'social-assistance' };
const MEDIATOR: Caller = { role: 'CIVIL_AFFAIRS_CASEWORKER', purpose: 'dispute-mediation' };
const ENROLMENT_OFFICER: Caller = { role: 'SCHOOL_ENROLMENT_OFFICER', purpose: 'school-enrolment' };
const EMPLOYMENT_CASEWORKER: Caller = { role: 'EMPLOYMENT_CASEWORKER', purpose: 'employment-service' };
const VACCINATION_OFFICER: Caller = { role: 'VACCINATION_OFFICER', purpose: 'immunisation' };

const mutationFields = loadSupergraph().getMutationType()!.getFields();

/** The mutation's document, its input type as the supergraph declares it. */
function mutationDocument(field: string, selection: string): string {
  return `mutation ($input: ${String(mutationFields[field].args[0].type)}) { ${field}(input: $input) { ${selection} } }`;
}

let keys = 0;
const newKey = () => `every-mutation-${Date.now()}-${(keys += 1)}`;

async function send(url: string, document: string, input: Record<string, unknown>, caller: Caller, key?: string) {
  const headers = await callerHeaders(federation.signingKey, caller);
  if (key) headers['idempotency-key'] = key;
  return postGraphQL(url, document, { input }, headers);
}

/** A write a step needs done first, plainly (no key); its answer. */
async function written(field: string, selection: string, input: Record<string, unknown>, caller: Caller) {
  const answer = await send(federation.gatewayUrl, mutationDocument(field, selection), input, caller);
  expect(answer.errors).toBeUndefined();
  return answer.data[field];
}

const database = (bureau: string) => federation.subgraphs[bureau].database.dataSource;

/** Tables whose rows legitimately change with any request, the retry's included: reads and writes are audited, keys kept. */
const UNTRACKED_TABLES = ['audit_record', 'audit_chain_head', 'idempotency_record'];

/**
 * Every other table of the bureau: its row count and a digest of its content. Counts show an insert; the digest also
 * shows an update (endEmployment, completeTraining, closeLabourDispute, recordLeaving change no count).
 */
async function tableStates(bureau: string): Promise<Record<string, { rows: number; digest: string }>> {
  const db = database(bureau);
  const tables: { name: string }[] = await db.query(
    `SELECT table_name AS name FROM information_schema.tables
     WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND NOT (table_name::text = ANY($1)) ORDER BY table_name`,
    [UNTRACKED_TABLES],
  );
  const rows: { name: string; rows: number | string; digest: string }[] = await db.query(
    tables
      .map(({ name }) => `SELECT '${name}' AS name, count(*) AS rows, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS digest FROM "${name}" t`)
      .join(' UNION ALL '),
  );
  return Object.fromEntries(rows.map((row) => [row.name, { rows: Number(row.rows), digest: row.digest }]));
}

const daysAgo = (days: number) => addDays(today(), -days);

const takenPersons = new Set<string>();
/** A seeded person no other step uses, so that no step's records meet another's. */
function unusedPerson(fits: (person: SyntheticPerson) => boolean = () => true): SyntheticPerson {
  const person = testPopulation().find((candidate) => !takenPersons.has(candidate.id) && fits(candidate))!;
  takenPersons.add(person.id);
  return person;
}
const communityOf = (person: SyntheticPerson) => currentResidenceOf(person).communityCode;
const adultWithoutPermit = (person: SyntheticPerson) => person.permits.length === 0 && person.birthDate < '2000-01-01' && person.arrivalDate < '2025-01-01';

/** Registry ids for people new to a bureau (not registered with public security), one per step. */
let newIds = 0;
/** A registry id (P and 10 characters) no seeded person has: C… for a child, W… for a worker new to the bureau. */
const newPersonId = (kind: 'CHILD' | 'WORKER') => `PZ${kind[0]}${String((newIds += 1)).padStart(8, '0')}`;

/** A valid ID-card number for a birth date and sex (sequence odd for men). */
function idCardNumber(birthDate: string, sex: 'MALE' | 'FEMALE', sequence: number): string {
  const serial = String(sex === 'MALE' ? sequence * 2 + 1 : sequence * 2 + 2).padStart(3, '0');
  const first17 = `620000${birthDate.replace(/-/g, '')}${serial}`;
  return first17 + idCardCheckCharacter(first17);
}

const application = () => {
  const person = unusedPerson();
  return { personId: person.id, kind: 'STRANDED_PERSON', communityCode: communityOf(person), appliedOn: daysAgo(20), amountRequested: '600' };
};
const appliedCase = async () => (await written('applyForRelief', 'id', application(), RELIEF_WORKER)).id;
const approvedCase = async () => {
  const caseId = await appliedCase();
  await written('decideRelief', 'id', { caseId, approve: true, amountApproved: '500', decidedOn: daysAgo(15) }, RELIEF_WORKER);
  return caseId;
};

const dispute = () => {
  const party = unusedPerson();
  return { kind: 'TENANCY', communityCode: communityOf(party), foundOn: daysAgo(30), partyIds: [party.id] };
};
const openCase = async () => (await written('openDispute', 'caseNumber', dispute(), MEDIATOR)).caseNumber;

/** Primary schools with room for the children the steps enrol. */
async function primarySchoolsWithRoom(): Promise<string[]> {
  const rows = await database('education').query(
    `SELECT s.code FROM school s WHERE s.level = 'PRIMARY'
       AND s.capacity - (SELECT count(*) FROM enrolment e WHERE e.school_code = s.code AND e.ended_on IS NULL) >= 5
     ORDER BY s.code LIMIT 2`,
  );
  return rows.map((row: { code: string }) => row.code);
}
const enrolment = async (enrolledOn: string) => {
  const guardian = unusedPerson((person) => person.householdRole === 'HEAD');
  const [schoolCode] = await primarySchoolsWithRoom();
  return {
    childId: newPersonId('CHILD'),
    guardianId: guardian.id,
    childBirthDate: `${schoolYearOf(today()) - 8}-03-01`,
    homeCommunityCode: communityOf(guardian),
    originRegionCode: guardian.originRegionCode,
    schoolCode,
    grade: 2,
    enrolledOn,
    feesEqualToLocal: true,
  };
};
const enrolledChild = async (enrolledOn: string) => {
  const input = await enrolment(enrolledOn);
  await written('enrolChild', 'id', input, ENROLMENT_OFFICER);
  return input;
};

const anEmployer = async () => (await database('human-resources').query('SELECT code FROM employer ORDER BY code LIMIT 1'))[0].code;
const job = async () => ({
  personId: newPersonId('WORKER'),
  employerCode: await anEmployer(),
  jobTitle: '焊工',
  startDate: daysAgo(90),
  monthlyWage: '4200',
  weeklyHours: 48,
  contractSigned: true,
  contractType: 'FIXED_TERM',
  communityCode: communityOf(testPopulation()[0]),
  originRegionCode: testPopulation()[0].originRegionCode,
});
/** A person the employment service knows, as its other records require. */
const registeredWorker = async () => {
  const input = await job();
  await written('recordEmployment', 'id', input, EMPLOYMENT_CASEWORKER);
  return input.personId;
};
const course = (personId: string) => ({
  personId,
  course: '焊工',
  kind: 'VOCATIONAL_SKILL',
  provider: '银川市职业技能培训中心',
  startDate: daysAgo(60),
  endDate: daysAgo(30),
});
const labourDispute = async (personId: string) => ({
  personId,
  employerCode: await anEmployer(),
  kind: 'UNPAID_WAGES',
  filedOn: daysAgo(40),
  amountClaimed: '8400',
});

const issuedPermit = async () => {
  const person = unusedPerson(adultWithoutPermit);
  const input = { personId: person.id, issuedOn: daysAgo(10), validUntil: addDays(daysAgo(10), 365) };
  return (await written('issueResidencePermit', 'number', input, REGISTRY_OFFICER)).number;
};

interface MutationCase {
  field: string;
  bureau: string;
  caller: Caller;
  /** Scalar fields of the result, named as `stored` names its columns. */
  selection: string;
  /** A valid input; what the mutation acts on is written first, without a key. */
  input: () => Promise<Record<string, unknown>>;
  /** The record the write left, read from the bureau's database in the shape of `selection`. */
  stored: (input: Record<string, any>) => [sql: string, parameters: unknown[]];
}

const RELIEF_ROW = `SELECT id::text AS id, status, amount_approved_yuan::text AS "amountApproved", decided_on::text AS "decidedOn", paid_on::text AS "paidOn" FROM relief_case`;
const DISPUTE_ROW = `SELECT case_number AS "caseNumber", level, status, mediated_outcome AS "mediatedOutcome", closed_on::text AS "closedOn" FROM dispute_case`;
const ENROLMENT_ROW = `SELECT id::text AS id, coalesce(end_reason, 'ENROLLED') AS status, json_build_object('code', e.school_code) AS school, enrolled_on::text AS "enrolledOn", ended_on::text AS "endedOn" FROM enrolment e`;
const EMPLOYMENT_ROW = `SELECT id::text AS id, job_title AS "jobTitle", monthly_wage_yuan::text AS "monthlyWage", end_date::text AS "endDate" FROM employment`;
const TRAINING_ROW = `SELECT id::text AS id, course, completed, certificate FROM training`;
const LABOUR_DISPUTE_ROW = `SELECT id::text AS id, status, amount_claimed_yuan::text AS "amountClaimed", amount_recovered_yuan::text AS "amountRecovered", closed_on::text AS "closedOn" FROM labour_dispute`;
const PERMIT_ROW = `SELECT number, issued_on::text AS "issuedOn", valid_from::text AS "validFrom", valid_until::text AS "validUntil" FROM residence_permit`;

/** The person's newest record: the one the step's first attempt wrote, since no other step uses the person. */
const NEWEST = 'ORDER BY id DESC LIMIT 1';

const RELIEF_SELECTION = 'id status amountApproved decidedOn paidOn';
const DISPUTE_SELECTION = 'caseNumber level status mediatedOutcome closedOn';
const ENROLMENT_SELECTION = 'id status school { code } enrolledOn endedOn';

const CASES: MutationCase[] = [
  // Civil affairs: relief.
  {
    field: 'applyForRelief',
    bureau: 'civil-affairs',
    caller: RELIEF_WORKER,
    selection: RELIEF_SELECTION,
    input: async () => application(),
    stored: (input) => [`${RELIEF_ROW} WHERE person_id = $1 ${NEWEST}`, [input.personId]],
  },
  {
    field: 'decideRelief',
    bureau: 'civil-affairs',
    caller: RELIEF_WORKER,
    selection: RELIEF_SELECTION,
    input: async () => ({ caseId: await appliedCase(), approve: true, amountApproved: '500', decidedOn: daysAgo(15) }),
    stored: (input) => [`${RELIEF_ROW} WHERE id = $1`, [Number(input.caseId)]],
  },
  {
    field: 'payRelief',
    bureau: 'civil-affairs',
    caller: RELIEF_WORKER,
    selection: RELIEF_SELECTION,
    input: async () => ({ caseId: await approvedCase(), paidOn: daysAgo(10) }),
    stored: (input) => [`${RELIEF_ROW} WHERE id = $1`, [Number(input.caseId)]],
  },
  // Civil affairs: disputes.
  {
    field: 'openDispute',
    bureau: 'civil-affairs',
    caller: MEDIATOR,
    selection: DISPUTE_SELECTION,
    input: async () => dispute(),
    stored: (input) => [`${DISPUTE_ROW} WHERE $1 = ANY(party_ids) ${NEWEST}`, [input.partyIds[0]]],
  },
  {
    field: 'escalateDispute',
    bureau: 'civil-affairs',
    caller: MEDIATOR,
    selection: DISPUTE_SELECTION,
    input: async () => ({ caseNumber: await openCase(), on: daysAgo(20) }),
    stored: (input) => [`${DISPUTE_ROW} WHERE case_number = $1`, [input.caseNumber]],
  },
  {
    field: 'recordMediation',
    bureau: 'civil-affairs',
    caller: MEDIATOR,
    selection: DISPUTE_SELECTION,
    input: async () => ({ caseNumber: await openCase(), on: daysAgo(20), outcome: '房东退还押金，双方和解' }),
    stored: (input) => [`${DISPUTE_ROW} WHERE case_number = $1`, [input.caseNumber]],
  },
  {
    field: 'closeDispute',
    bureau: 'civil-affairs',
    caller: MEDIATOR,
    selection: DISPUTE_SELECTION,
    input: async () => ({ caseNumber: await openCase(), on: daysAgo(5) }),
    stored: (input) => [`${DISPUTE_ROW} WHERE case_number = $1`, [input.caseNumber]],
  },
  // Education. A plain retry of enrolChild is refused ("already enrolled"); with the key it gets the enrolment.
  {
    field: 'enrolChild',
    bureau: 'education',
    caller: ENROLMENT_OFFICER,
    selection: ENROLMENT_SELECTION,
    input: () => enrolment(today()),
    stored: (input) => [`${ENROLMENT_ROW} WHERE child_id = $1 ${NEWEST}`, [input.childId]],
  },
  {
    field: 'transferChild',
    bureau: 'education',
    caller: ENROLMENT_OFFICER,
    selection: ENROLMENT_SELECTION,
    input: async () => {
      const { childId, schoolCode, grade } = await enrolledChild(daysAgo(30));
      const toSchoolCode = (await primarySchoolsWithRoom()).find((code) => code !== schoolCode);
      return { childId, toSchoolCode, grade, transferredOn: today() };
    },
    stored: (input) => [`${ENROLMENT_ROW} WHERE child_id = $1 ${NEWEST}`, [input.childId]],
  },
  {
    field: 'recordLeaving',
    bureau: 'education',
    caller: ENROLMENT_OFFICER,
    selection: ENROLMENT_SELECTION,
    input: async () => ({ childId: (await enrolledChild(daysAgo(30))).childId, reason: 'GRADUATED', leftOn: today() }),
    stored: (input) => [`${ENROLMENT_ROW} WHERE child_id = $1 ${NEWEST}`, [input.childId]],
  },
  // Human resources.
  {
    field: 'recordEmployment',
    bureau: 'human-resources',
    caller: EMPLOYMENT_CASEWORKER,
    selection: 'id jobTitle monthlyWage endDate',
    input: job,
    stored: (input) => [`${EMPLOYMENT_ROW} WHERE person_id = $1 ${NEWEST}`, [input.personId]],
  },
  {
    field: 'endEmployment',
    bureau: 'human-resources',
    caller: EMPLOYMENT_CASEWORKER,
    selection: 'id jobTitle monthlyWage endDate',
    input: async () => {
      const personId = await registeredWorker();
      const [{ id }] = await database('human-resources').query('SELECT id FROM employment WHERE person_id = $1', [personId]);
      return { employmentId: String(id), endDate: daysAgo(1) };
    },
    stored: (input) => [`${EMPLOYMENT_ROW} WHERE id = $1`, [Number(input.employmentId)]],
  },
  {
    field: 'enrolInSocialInsurance',
    bureau: 'human-resources',
    caller: EMPLOYMENT_CASEWORKER,
    selection: 'id type status startDate',
    input: async () => ({ personId: await registeredWorker(), type: 'WORK_INJURY', startDate: daysAgo(60) }),
    stored: (input) => [
      `SELECT id::text AS id, type, status, start_date::text AS "startDate" FROM social_insurance WHERE person_id = $1 ${NEWEST}`,
      [input.personId],
    ],
  },
  {
    field: 'registerTraining',
    bureau: 'human-resources',
    caller: EMPLOYMENT_CASEWORKER,
    selection: 'id course completed certificate',
    input: async () => course(await registeredWorker()),
    stored: (input) => [`${TRAINING_ROW} WHERE person_id = $1 ${NEWEST}`, [input.personId]],
  },
  {
    field: 'completeTraining',
    bureau: 'human-resources',
    caller: EMPLOYMENT_CASEWORKER,
    selection: 'id course completed certificate',
    input: async () => {
      const training = await written('registerTraining', 'id', course(await registeredWorker()), EMPLOYMENT_CASEWORKER);
      return { trainingId: training.id, certificate: '焊工 五级' };
    },
    stored: (input) => [`${TRAINING_ROW} WHERE id = $1`, [Number(input.trainingId)]],
  },
  {
    field: 'fileLabourDispute',
    bureau: 'human-resources',
    caller: EMPLOYMENT_CASEWORKER,
    selection: 'id status amountClaimed amountRecovered closedOn',
    input: async () => labourDispute(await registeredWorker()),
    stored: (input) => [`${LABOUR_DISPUTE_ROW} WHERE person_id = $1 ${NEWEST}`, [input.personId]],
  },
  {
    field: 'closeLabourDispute',
    bureau: 'human-resources',
    caller: EMPLOYMENT_CASEWORKER,
    selection: 'id status amountClaimed amountRecovered closedOn',
    input: async () => {
      const filed = await written('fileLabourDispute', 'id', await labourDispute(await registeredWorker()), EMPLOYMENT_CASEWORKER);
      return { disputeId: filed.id, closedOn: daysAgo(5), amountRecovered: '8400' };
    },
    stored: (input) => [`${LABOUR_DISPUTE_ROW} WHERE id = $1`, [Number(input.disputeId)]],
  },
  // Public security.
  {
    field: 'issueResidencePermit',
    bureau: 'public-security',
    caller: REGISTRY_OFFICER,
    selection: 'number issuedOn validFrom validUntil',
    input: async () => ({ personId: unusedPerson(adultWithoutPermit).id, issuedOn: today(), validUntil: addDays(today(), 365) }),
    stored: (input) => [`${PERMIT_ROW} WHERE person_id = $1 ${NEWEST}`, [input.personId]],
  },
  {
    field: 'renewResidencePermit',
    bureau: 'public-security',
    caller: REGISTRY_OFFICER,
    selection: 'number issuedOn validFrom validUntil',
    input: async () => ({ permitNumber: await issuedPermit(), renewedOn: today(), validUntil: addDays(today(), 730) }),
    stored: (input) => [`${PERMIT_ROW} WHERE renews_permit_id = (SELECT id FROM residence_permit WHERE number = $1)`, [input.permitNumber]],
  },
  // A plain retry of registerPerson is refused ("already registered"); with the key it gets the person.
  {
    field: 'registerPerson',
    bureau: 'public-security',
    caller: REGISTRY_OFFICER,
    selection: 'id idCardNumber',
    input: async () => ({
      familyName: '马',
      givenName: '小红',
      sex: 'FEMALE',
      birthDate: '1990-05-17',
      ethnicityCode: '03',
      originRegionCode: '622900',
      idCardNumber: idCardNumber('1990-05-17', 'FEMALE', 71),
      arrivalDate: daysAgo(100),
      residence: { communityCode: communityOf(testPopulation()[0]), address: '丽景路 17号 3单元 402' },
    }),
    stored: (input) => [`SELECT id, id_card_number AS "idCardNumber" FROM person WHERE id_card_number = $1`, [input.idCardNumber]],
  },
  // Health. A plain retry of recordVaccination is refused ("already recorded"); with the key it gets the record.
  {
    field: 'recordVaccination',
    bureau: 'health',
    caller: VACCINATION_OFFICER,
    selection: 'id vaccine dose vaccinatedOn',
    input: async () => {
      // A child of the register without the single dose of DT (due at six), and a clinic.
      const [{ child_id: childId }] = await database('health').query(
        `SELECT child_id FROM registered_child c WHERE NOT EXISTS (SELECT 1 FROM vaccination v WHERE v.child_id = c.child_id AND v.vaccine = 'DT') ORDER BY child_id LIMIT 1`,
      );
      const [{ code: clinicCode }] = await database('health').query('SELECT code FROM clinic ORDER BY code LIMIT 1');
      return { childId, vaccine: 'DT', dose: 1, vaccinatedOn: today(), clinicCode };
    },
    stored: (input) => [
      `SELECT id::text AS id, vaccine, dose, vaccinated_on::text AS "vaccinatedOn" FROM vaccination WHERE child_id = $1 AND vaccine = $2`,
      [input.childId, input.vaccine],
    ],
  },
  {
    field: 'recordMove',
    bureau: 'public-security',
    caller: REGISTRY_OFFICER,
    selection: 'id address registeredOn endedOn',
    input: async () => {
      const mover = unusedPerson((person) => currentResidenceOf(person).fromDate < daysAgo(1));
      return { personId: mover.id, communityCode: communityOf(testPopulation()[20]), address: '新华街 8号 1单元 101', movedOn: today() };
    },
    stored: (input) => [
      `SELECT id::text AS id, address, registered_on::text AS "registeredOn", ended_on::text AS "endedOn" FROM residence_registration WHERE person_id = $1 ${NEWEST}`,
      [input.personId],
    ],
  },
];

describe('every mutation, its answer lost and retried with the same Idempotency-Key', () => {
  it('has a case for every Mutation field of the supergraph', () => {
    expect(CASES.map((c) => c.field).sort()).toEqual(Object.keys(mutationFields).sort());
  });

  it.each(CASES)('$field returns the first result and writes nothing more', async ({ field, bureau, caller, selection, input: prepare, stored }) => {
    const input = await prepare();
    const document = mutationDocument(field, selection);
    const before = await tableStates(bureau);

    const key = newKey();
    lossy.setDroppingResponses(true);
    try {
      await expect(send(lossy.url, document, input, caller, key)).rejects.toThrow();
    } finally {
      lossy.setDroppingResponses(false);
    }
    const afterFirst = await tableStates(bureau);
    expect(afterFirst).not.toEqual(before);

    const retry = await send(federation.gatewayUrl, document, input, caller, key);
    expect(retry.errors).toBeUndefined();
    const [sql, parameters] = stored(input);
    const rows = await database(bureau).query(sql, parameters);
    expect([retry.data[field]]).toEqual(rows);
    expect(await tableStates(bureau)).toEqual(afterFirst);
  });
});

/** Rows of one table, to see a relief application written once, twice or not at all. */
const countRows = async (bureau: string, table: string) => Number((await database(bureau).query(`SELECT count(*) AS n FROM ${table}`))[0].n);

const APPLY = `mutation ($input: ApplyForReliefInput!) { applyForRelief(input: $input) { id status amountRequested } }`;
/** The same relief application each time a test asks for number `index`, by a person no other step uses. */
const reliefApplicants = new Map<number, SyntheticPerson>();
const reliefFor = (index: number) => {
  if (!reliefApplicants.has(index)) reliefApplicants.set(index, unusedPerson());
  const person = reliefApplicants.get(index)!;
  return { personId: person.id, kind: 'STRANDED_PERSON', communityCode: communityOf(person), appliedOn: '2026-10-01', amountRequested: '600' };
};

describe('retrying a mutation whose answer was lost', () => {
  it('returns the first result and writes once when the retry carries the same key', async () => {
    const before = await countRows('civil-affairs', 'relief_case');
    const key = newKey();
    lossy.setDroppingResponses(true);
    await expect(send(lossy.url, APPLY, reliefFor(0), RELIEF_WORKER, key)).rejects.toThrow();
    lossy.setDroppingResponses(false);
    expect(await countRows('civil-affairs', 'relief_case')).toBe(before + 1);

    const retry = await send(federation.gatewayUrl, APPLY, reliefFor(0), RELIEF_WORKER, key);
    expect(retry.errors).toBeUndefined();
    expect(retry.data.applyForRelief).toMatchObject({ status: 'PENDING', amountRequested: '600.00' });
    expect(await countRows('civil-affairs', 'relief_case')).toBe(before + 1);
  });

  it('writes twice without a key, as before', async () => {
    const before = await countRows('civil-affairs', 'relief_case');
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const answer = await send(federation.gatewayUrl, APPLY, reliefFor(1), RELIEF_WORKER);
      expect(answer.errors).toBeUndefined();
    }
    expect(await countRows('civil-affairs', 'relief_case')).toBe(before + 2);
  });

  it('refuses the same key with other input, and a malformed key, writing nothing', async () => {
    const key = newKey();
    expect((await send(federation.gatewayUrl, APPLY, reliefFor(2), RELIEF_WORKER, key)).errors).toBeUndefined();
    const before = await countRows('civil-affairs', 'relief_case');
    const other = await send(federation.gatewayUrl, APPLY, { ...reliefFor(2), amountRequested: '700' }, RELIEF_WORKER, key);
    expect(other.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'Idempotency-Key' });
    const malformed = await send(federation.gatewayUrl, APPLY, reliefFor(3), RELIEF_WORKER, 'bad key with spaces');
    expect(malformed.status).toBe(400);
    expect(malformed.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'Idempotency-Key' });
    expect(await countRows('civil-affairs', 'relief_case')).toBe(before);
  });

  it('writes once when two attempts with the same key race', async () => {
    const before = await countRows('civil-affairs', 'relief_case');
    const key = newKey();
    const answers = await Promise.all([0, 1, 2].map(() => send(federation.gatewayUrl, APPLY, reliefFor(4), RELIEF_WORKER, key)));
    for (const answer of answers) expect(answer.errors).toBeUndefined();
    expect(new Set(answers.map((answer) => answer.data.applyForRelief.id)).size).toBe(1);
    expect(await countRows('civil-affairs', 'relief_case')).toBe(before + 1);
  });

  it('keeps keys per caller: another official with the same key writes their own record', async () => {
    const key = newKey();
    const first = await send(federation.gatewayUrl, APPLY, reliefFor(5), { ...RELIEF_WORKER, subject: 'officer-a' }, key);
    const second = await send(federation.gatewayUrl, APPLY, reliefFor(5), { ...RELIEF_WORKER, subject: 'officer-b' }, key);
    expect(first.data.applyForRelief.id).not.toBe(second.data.applyForRelief.id);
  });
});
