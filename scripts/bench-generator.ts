import { PopulationOptions } from '../subgraphs/kit/seed';
import { generatePopulation, SyntheticPerson } from '../subgraphs/synthetic';
import { generateCivilAffairsCases } from '../subgraphs/civil-affairs/seed/synthetic-cases';
import { generateEnrolments } from '../subgraphs/education/seed/enrolments';
import { generateSchools } from '../subgraphs/education/seed/synthetic-schools';
import { generateHumanResources } from '../subgraphs/human-resources/seed/synthetic-employment';
import { benchPositiveInt } from './bench-options';

/**
 * `npm run bench:generator`: how the synthetic-data generator scales, before any database is involved. For a small
 * and a large population (BENCH_SMALL_POPULATION, default 20,000; POPULATION_SIZE, default 300,000) it times, in the
 * same run and interleaved BENCH_ROUNDS times (default 3, medians): the persons alone (the floor every bureau's
 * records are derived from) and each bureau's records derived from them. It prints persons per second, each
 * bureau's time as a ratio to the floor, and the scale ratio — time per person at the large size over the small — which
 * stays near 1 while the generator is linear. A run also checks the counts a seed relies on, and exits 1 when a
 * bureau's records are missing.
 */

interface Stage {
  name: string;
  /** Derives the records, returning how many it made (so nothing is optimised away). */
  run(persons: SyntheticPerson[], options: PopulationOptions): number;
}

const STAGES: Stage[] = [
  { name: 'education (enrolments)', run: (persons, { seed }) => generateEnrolments(persons, generateSchools(seed), { seed }).length },
  { name: 'human resources (employments)', run: (persons, { seed }) => generateHumanResources(persons, { seed }).employments.length },
  { name: 'civil affairs (relief cases)', run: (persons, { seed }) => generateCivilAffairsCases(persons, { seed }).reliefCases.length },
];

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];

function timed<T>(work: () => T): { ms: number; value: T } {
  const started = process.hrtime.bigint();
  const value = work();
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, value };
}

function measure(size: number, rounds: number): { floorMs: number; stageMs: number[]; counts: number[] } {
  const options = { seed: 2013, size };
  const floor: number[] = [];
  const stages: number[][] = STAGES.map(() => []);
  const counts: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    const { ms, value: persons } = timed(() => [...generatePopulation(options)]);
    floor.push(ms);
    STAGES.forEach((stage, i) => {
      const run = timed(() => stage.run(persons, options));
      stages[i].push(run.ms);
      counts[i] = run.value;
    });
  }
  return { floorMs: median(floor), stageMs: stages.map(median), counts };
}

function main(): void {
  const small = benchPositiveInt('BENCH_SMALL_POPULATION', 20_000);
  const large = benchPositiveInt('POPULATION_SIZE', 300_000);
  const rounds = benchPositiveInt('BENCH_ROUNDS', 3);
  console.log(`Synthetic generator, ${small} and ${large} persons, ${rounds} rounds each (medians)…`);
  const results = [small, large].map((size) => ({ size, ...measure(size, rounds) }));
  const perPerson = (ms: number, size: number) => ms / size;
  const rows = [
    { name: 'persons (floor)', ms: results.map((r) => r.floorMs), counts: results.map((r) => r.size) },
    ...STAGES.map((stage, i) => ({ name: stage.name, ms: results.map((r) => r.stageMs[i]), counts: results.map((r) => r.counts[i]) })),
  ];
  console.log(['stage', 'records', 'ms', 'persons/s', 'ratio to floor', 'scale ratio'].join(' | '));
  for (const row of rows) {
    const [smallMs, largeMs] = row.ms;
    console.log(
      [
        row.name,
        row.counts[1],
        largeMs.toFixed(0),
        Math.round(large / (largeMs / 1000)),
        (largeMs / results[1].floorMs).toFixed(2),
        (perPerson(largeMs, large) / perPerson(smallMs, small)).toFixed(2),
      ].join(' | '),
    );
  }
  const empty = rows.filter((row) => row.counts.some((count) => count === 0));
  if (empty.length > 0) {
    console.error(`no records from: ${empty.map((row) => row.name).join(', ')}`);
    process.exit(1);
  }
}

main();
