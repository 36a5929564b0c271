import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'graphql';
import { addDays } from '../../subgraphs/kit/dates';
import { readUsage, usageDayFile, utcDay, type UsageDay } from '../../gateway/usage-recording';
import { DEFAULT_OPERATION_SOURCES, loadOperations, operationsOfUsage, type KnownOperation } from '../../scripts/known-operations';
import { bureauLintAllowances, composeSupergraph } from '../../scripts/schema';
import { checkSchemas, verdict, type SchemaCheckReport, type SchemaVersion } from '../../scripts/schema-check';
import { repoRoot } from '../../subgraphs/kit/paths';

// The schema check of `npm run schema:check` on the three breaking changes to education, made in memory on
// the committed schema/ (no file is written): a change a known operation uses fails and names the operation, its file
// and the field; one that no known operation uses is a warning; a safe change passes.

const root = repoRoot();
const schemaDir = path.join(root, 'schema');
const lintAllowances = bureauLintAllowances();

function committedSchema(): SchemaVersion {
  const subgraphs = new Map<string, string>();
  for (const name of fs.readdirSync(schemaDir)) {
    if (name.endsWith('.graphql') && name !== 'supergraph.graphql')
      subgraphs.set(name.slice(0, -'.graphql'.length), fs.readFileSync(path.join(schemaDir, name), 'utf8'));
  }
  return { subgraphs, supergraph: fs.readFileSync(path.join(schemaDir, 'supergraph.graphql'), 'utf8') };
}

/** The committed schema with education's SDL edited, composed again. */
function withEducation(base: SchemaVersion, edit: (sdl: string) => string): SchemaVersion {
  const subgraphs = new Map(base.subgraphs);
  const edited = edit(base.subgraphs.get('education')!);
  expect(edited).not.toBe(base.subgraphs.get('education'));
  subgraphs.set('education', edited);
  return { subgraphs, supergraph: composeSupergraph(subgraphs) };
}

// The three breaking changes, as edits of education's SDL.
const renameEnrolled = (sdl: string) => sdl.replace(/(type SchoolingMonth \{[^}]*?)\benrolled: Int/, '$1enrolledPupils: Int');
const requireLevel = (sdl: string) => sdl.replace(/(Only schools of this level\."""\n\s+level: SchoolLevel)\n/, '$1!\n');
const removeDroppedOut = (sdl: string) => sdl.replace(/\n\s+"""Left school \(辍学\)\."""\n\s+DROPPED_OUT\n/, '\n');
const breakingEdits = [renameEnrolled, requireLevel, removeDroppedOut];

/** Each broken operation as `name (source): coordinates`, for readable expectations. */
function broken(report: SchemaCheckReport): string[] {
  return report.operations
    .filter((result) => result.problems.length > 0)
    .map(
      (result) =>
        `${result.operation.name} (${result.operation.source}): ${result.problems.map((problem) => problem.coordinate ?? problem.message).join(' | ')}`,
    );
}

describe('schema check', () => {
  const base = committedSchema();
  const operations = loadOperations(DEFAULT_OPERATION_SOURCES, root);

  it("knows the dashboard queries, the reports' and the README examples", () => {
    const sources = new Set(operations.map((operation) => operation.source.replace(/:\d+$/, '')));
    const filesIn = (folder: string) =>
      fs
        .readdirSync(path.join(root, folder))
        .filter((name) => name.endsWith('.graphql'))
        .map((name) => `${folder}/${name}`);
    expect(sources).toEqual(new Set([...filesIn('gateway/dashboard/queries'), ...filesIn('gateway/reports'), 'README.md']));
    expect(operations.map((operation) => operation.name)).toEqual(
      expect.arrayContaining(['DashboardTrends', 'MonthlyTrends', 'FirstLook', 'OriginReportForExchange']),
    );
  });

  it('passes the committed schema against itself, with no lint finding', async () => {
    const report = await checkSchemas({ lintAllowances, base, next: base, operations });
    expect(report.diffs.every((schemaDiff) => schemaDiff.changes.length === 0)).toBe(true);
    expect(broken(report)).toEqual([]);
    expect(report.lint.findings).toEqual([]);
    expect(report.failed).toBe(false);
    expect(verdict(report, [])).toBe('schema check PASSED');
  });

  it('fails renaming SchoolingMonth.enrolled, naming the dashboard queries and the README example that read it', async () => {
    const next = withEducation(base, renameEnrolled);
    const report = await checkSchemas({ lintAllowances, base, next, operations });

    const education = report.diffs.find((schemaDiff) => schemaDiff.schema === 'education')!;
    expect(education.changes).toEqual(expect.arrayContaining([expect.objectContaining({ criticality: 'breaking', coordinate: 'SchoolingMonth.enrolled' })]));
    const removal = report.breaking.find((change) => change.coordinate === 'SchoolingMonth.enrolled')!;
    expect(removal.usedBy.map((operation) => `${operation.name} (${operation.source.replace(/:\d+$/, '')})`)).toEqual([
      'DashboardTrendsDistrict (gateway/dashboard/queries/trends-district.graphql)',
      'DashboardTrends (gateway/dashboard/queries/trends.graphql)',
      'MonthlyTrends (README.md)',
    ]);
    const trends = report.operations.find((result) => result.operation.name === 'DashboardTrends')!;
    // The line of the file where the query selects the field: what an editor jumps to.
    const enrolledLine =
      fs
        .readFileSync(path.join(root, 'gateway/dashboard/queries/trends.graphql'), 'utf8')
        .split('\n')
        .findIndex((line) => line.trim() === 'enrolled') + 1;
    expect(enrolledLine).toBeGreaterThan(0);
    expect(trends.problems).toEqual([
      { message: 'Cannot query field "enrolled" on type "SchoolingMonth".', line: enrolledLine },
      { coordinate: 'SchoolingMonth.enrolled', message: "Field 'enrolled' was removed from object type 'SchoolingMonth'" },
    ]);
    expect(report.failed).toBe(true);
    expect(verdict(report, [])).toMatch(/^schema check FAILED: 3 known operations broken \(DashboardTrendsDistrict, DashboardTrends, MonthlyTrends\)/);
  });

  it('warns, without failing, making District.schools(level:) required when no known operation reads District.schools', async () => {
    const next = withEducation(base, requireLevel);
    const report = await checkSchemas({ lintAllowances, base, next, operations });
    const change = report.breaking.find((candidate) => candidate.coordinate === 'District.schools.level')!;
    expect(change.message).toBe("Type for argument 'level' on field 'District.schools' changed from 'SchoolLevel' to 'SchoolLevel!'");
    expect(change.usedBy).toEqual([]);
    expect(broken(report)).toEqual([]);
    expect(report.failed).toBe(false);
    expect(verdict(report, [])).toBe('schema check PASSED with 1 warning: 1 breaking change no known operation uses (District.schools.level)');

    // The same change fails once a client is known to read the field without the argument.
    const schoolMap: KnownOperation = {
      name: 'SchoolMap',
      source: 'client school-map 1.0',
      document: parse('query SchoolMap { district(code: "640104") { schools { code name } } }'),
    };
    const withClient = await checkSchemas({ lintAllowances, base, next, operations: [...operations, schoolMap] });
    expect(broken(withClient)).toEqual([
      'SchoolMap (client school-map 1.0): Field "schools" argument "level" of type "SchoolLevel!" is required, but it was not provided. | District.schools.level',
    ]);
    expect(withClient.failed).toBe(true);
  });

  it('warns, without failing, removing EnrolmentStatus.DROPPED_OUT when no known operation sends it, naming those that read it', async () => {
    const next = withEducation(base, removeDroppedOut);
    const report = await checkSchemas({ lintAllowances, base, next, operations });
    const change = report.breaking.find((candidate) => candidate.coordinate === 'EnrolmentStatus.DROPPED_OUT')!;
    expect(change.usedBy).toEqual([]);
    // The README's Family example reads enrolment statuses: it will no longer see DROPPED_OUT, and still validates.
    expect(change.readBy.map((operation) => operation.name)).toEqual(['Family']);
    expect(broken(report)).toEqual([]);
    expect(report.failed).toBe(false);
    expect(verdict(report, [])).toBe('schema check PASSED with 1 warning: 1 breaking change no known operation uses (EnrolmentStatus.DROPPED_OUT)');
  });

  it('fails the three changes together on the rename alone, and warns of the other two', async () => {
    const next = withEducation(base, (sdl) => breakingEdits.reduce((edited, edit) => edit(edited), sdl));
    const report = await checkSchemas({ lintAllowances, base, next, operations });
    expect(verdict(report, [])).toBe(
      'schema check FAILED: 3 known operations broken (DashboardTrendsDistrict, DashboardTrends, MonthlyTrends); ' +
        '2 warnings: 2 breaking changes no known operation uses (District.schools.level, EnrolmentStatus.DROPPED_OUT)',
    );
  });

  it('passes a safe change (a described nullable field), and the lint fails the same field without a description', async () => {
    const field = '  """Official website of the school."""\n  website: String\n\n  """Name in Chinese (学校名称)."""';
    const next = withEducation(base, (sdl) => sdl.replace('  """Name in Chinese (学校名称)."""', field));
    const report = await checkSchemas({ lintAllowances, base, next, operations });
    const api = report.diffs.find((schemaDiff) => schemaDiff.schema === 'supergraph API')!;
    expect(api.changes.map((change) => change.criticality)).toEqual(['safe', 'safe']);
    expect(report.breaking).toEqual([]);
    expect(report.failed).toBe(false);
    expect(verdict(report, [])).toBe('schema check PASSED');

    const undescribed = withEducation(base, (sdl) =>
      sdl.replace('  """Name in Chinese (学校名称)."""', '  website: String\n\n  """Name in Chinese (学校名称)."""'),
    );
    const linted = await checkSchemas({ lintAllowances, base, next: undescribed, operations });
    expect(linted.lint.findings).toEqual([
      { file: 'schema/education.graphql', line: 75, rule: 'require-description', message: 'Description is required for field "website" in type "School"' },
    ]);
    expect(linted.failed).toBe(true);
  });

  it("keeps a bureau's lint allowances to its own SDL: education's plain list of schools is no licence for another bureau", async () => {
    // Health's SDL given a plain list on District.schools: education's allowance names that coordinate, but only for
    // education's SDL, so the same coordinate in health's fails.
    const subgraphs = new Map(base.subgraphs);
    const health = subgraphs.get('health')!;
    const withSchools = health.replace(
      /(type District\n  @key\(fields: "code"\)\n\{\n)/,
      '$1  """Schools of the district (a list of health\'s own)."""\n  schools: [Clinic!]\n\n',
    );
    expect(withSchools).not.toBe(health);
    subgraphs.set('health', withSchools);
    const report = await checkSchemas({ lintAllowances, base, next: { subgraphs, supergraph: base.supergraph }, operations });
    expect(report.lint.findings.map((finding) => `${finding.file} ${finding.rule}`)).toEqual(['schema/health.graphql growable-lists-are-connections']);
    const schools = [...report.lint.allowed].find(([allowance]) => allowance.coordinates.includes('District.schools'))!;
    expect(schools[1].of).toBe('education');
    expect(new Set(schools[1].findings.map((finding) => finding.file))).toEqual(new Set(['schema/education.graphql']));
  });
  describe('with the usage the gateway recorded', () => {
    const today = utcDay(new Date());
    const schoolMap = {
      operation: 'SchoolMap',
      signature: 'query SchoolMap{district(code:""){schools{code name}}}',
      coordinates: ['District.schools', 'Query.district', 'Query.district(code:)', 'School.code', 'School.name'],
    };
    // A mutation whose input literal the signature stripped to {}: it does not validate even against the base.
    const applyForRelief = {
      operation: 'Apply',
      signature: 'mutation Apply{applyForRelief(input:{}){id}}',
      coordinates: ['Mutation.applyForRelief', 'Mutation.applyForRelief(input:)', 'ReliefCase.id'],
    };
    const days: UsageDay[] = [
      {
        day: today,
        entries: [
          { ...schoolMap, client: { name: 'school-map', version: '1.0' }, count: 12 },
          { ...applyForRelief, client: { name: 'relief-desk', version: '2.3' }, count: 4 },
        ],
      },
      { day: addDays(today, -1), entries: [{ ...schoolMap, client: { name: 'school-map', version: '1.0' }, count: 3 }] },
      // Beyond the days weighed.
      { day: addDays(today, -40), entries: [{ ...schoolMap, client: { name: 'old-atlas', version: '0.9' }, count: 100 }] },
    ];
    let store: string;
    const recordedOf = (source: string, days = 30) => operationsOfUsage(readUsage(source, days), `in the last ${days} days`);

    beforeAll(() => {
      store = fs.mkdtempSync(path.join(os.tmpdir(), 'mpg-usage-'));
      for (const usage of days) fs.writeFileSync(usageDayFile(store, usage.day), JSON.stringify(usage));
    });

    afterAll(() => fs.rmSync(store, { recursive: true, force: true }));

    it('reads one operation per signature of the days weighed, naming its clients and counts', () => {
      const recorded = recordedOf(store);
      expect(recorded.map(({ name, source }) => `${name}: ${source}`)).toEqual([
        'SchoolMap: client school-map 1.0, 15 requests in the last 30 days',
        'Apply: client relief-desk 2.3, 4 requests in the last 30 days',
      ]);
      expect(recorded[0].recordedCoordinates).toContain('Query.district.code');
      // An export (several days in one file) reads the same.
      const exported = path.join(store, 'export.json');
      fs.writeFileSync(exported, JSON.stringify({ days }));
      expect(recordedOf(exported)).toEqual(recorded);
      fs.rmSync(exported);
      expect(recordedOf(store, 41).map(({ source }) => source)).toEqual([
        'client old-atlas 0.9, 100 requests; client school-map 1.0, 15 requests in the last 41 days',
        'client relief-desk 2.3, 4 requests in the last 41 days',
      ]);
    });

    it('passes the committed schema against itself: a stripped literal is no problem of the recorded operation', async () => {
      const report = await checkSchemas({ lintAllowances, base, next: base, operations: [...operations, ...recordedOf(store)] });
      expect(broken(report)).toEqual([]);
      expect(report.failed).toBe(false);
    });

    it('fails making District.schools(level:) required, naming the client that reads the field without it and its requests', async () => {
      const report = await checkSchemas({ lintAllowances, base, next: withEducation(base, requireLevel), operations: [...operations, ...recordedOf(store)] });
      expect(broken(report)).toEqual([
        'SchoolMap (client school-map 1.0, 15 requests in the last 30 days): Field "schools" argument "level" of type "SchoolLevel!" is required, but it was not provided. | District.schools.level',
      ]);
      expect(verdict(report, [])).toBe('schema check FAILED: 1 known operation broken (SchoolMap)');
    });

    it('fails a breaking change to the argument a recorded mutation passes, though its signature never validated', async () => {
      const subgraphs = new Map(base.subgraphs);
      const civilAffairs = base.subgraphs.get('civil-affairs')!;
      const renamed = civilAffairs.replace(/(applyForRelief\(\s*"""[^"]*"""\s*)input:/, '$1application:');
      expect(renamed).not.toBe(civilAffairs);
      subgraphs.set('civil-affairs', renamed);
      const next: SchemaVersion = { subgraphs, supergraph: composeSupergraph(subgraphs) };
      const report = await checkSchemas({ lintAllowances, base, next, operations: [...operations, ...recordedOf(store)] });
      expect(broken(report)).toEqual([
        expect.stringMatching(/^Apply \(client relief-desk 2\.3, 4 requests in the last 30 days\): .*Mutation\.applyForRelief\.input/),
      ]);
    });
  });
});
