import 'reflect-metadata';
import { buildSchema } from 'graphql';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../subgraphs/kit/paths';
import { isFigureRecord, statisticsFields, unmarkedFigures } from '../support/figure-records';
import { loadSupergraph } from '../support/supergraph';

// Every withheld figure can be told from a refused one: on the composed supergraph, every number under the statistics
// grant sits in a record with `asOf` whose `suppressed` can name it. A bare figure added to an entity later fails
// here by name, until it is deprecated for a field of such a record.

describe('suppression markers on the composed schema', () => {
  let statistics: Set<string>;
  beforeAll(async () => {
    statistics = await statisticsFields();
  });

  it('finds the figures by their grant, figure records by their asOf', () => {
    const supergraph = loadSupergraph();
    const records = Object.values(supergraph.getTypeMap())
      .filter(isFigureRecord)
      .map((type) => type.name);
    expect(records).toEqual(expect.arrayContaining(['PopulationFigures', 'SchoolPupilFigures', 'EmployerWorkforceFigures', 'SchoolEnrolmentStatistics']));
    expect([...statistics]).toEqual(
      expect.arrayContaining(['PopulationFigures.validPermits', 'School.pupils', 'School.enrolledPupils', 'InsuranceCoverage.insured']),
    );
  });

  it('puts every figure of the graph where a suppressed list names it', () => {
    expect(unmarkedFigures(loadSupergraph(), statistics)).toEqual([]);
  });

  it('names a bare figure on an entity, and a record whose suppressed names nothing', () => {
    const sdl = fs.readFileSync(path.join(repoRoot(), 'schema/supergraph.graphql'), 'utf8');
    // The deprecated fields as they were before School.pupils, and a record that only flags its counts.
    const undeprecated = sdl.replace(/(enrolledPupils: Int)[^\n]*@deprecated\(reason: "[^"]*"\)/, '$1');
    expect(undeprecated).not.toBe(sdl);
    expect(unmarkedFigures(buildSchema(undeprecated), statistics)).toEqual([
      expect.stringMatching(/^School\.enrolledPupils: a figure no suppressed list names/),
    ]);
    const flagged = sdl.replace(/(type SchoolPupilFigures[^}]*?suppressed: )\[String!\]!/, '$1Boolean!');
    expect(flagged).not.toBe(sdl);
    // A record of one count may flag it; of two, a flag cannot say which is withheld.
    expect(unmarkedFigures(buildSchema(flagged), statistics)).toEqual([]);
    const flaggedTwo = flagged.replace(/(type SchoolPupilFigures[^}]*?enrolledPupils: Int)/, '$1\n  capacity: Int');
    expect(unmarkedFigures(buildSchema(flaggedTwo), new Set([...statistics, 'SchoolPupilFigures.capacity']))).toEqual([
      'SchoolPupilFigures.capacity: its record has no suppressed: [String!]!',
      'SchoolPupilFigures.enrolledPupils: its record has no suppressed: [String!]!',
    ]);
  });
});
