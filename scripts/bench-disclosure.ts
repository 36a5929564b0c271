import { attack } from '../subgraphs/kit/disclosure-audit';
import { attackerView, primaryOnly, published, syntheticRelease } from './synthetic-release';
import { benchPositiveInts } from './bench-options';

/**
 * `npm run bench:disclosure`: disclosure control on public security's registration figures (current figures with
 * their breakdowns, and the monthly series), counted from the synthetic population at each POPULATION_SIZES
 * (default 20000,300000): the attack on primary suppression alone, the solver's complementary suppression and its
 * time, and the attack on the protected figures.
 */
async function main(): Promise<void> {
  const sizes = benchPositiveInts('POPULATION_SIZES', [20_000, 300_000]);
  for (const size of sizes) {
    const started = performance.now();
    const release = syntheticRelease({ seed: 2013, size });
    console.log(`\n${size} persons: ${release.truth.size} cells counted in ${Math.round(performance.now() - started)} ms (${release.months.length} months)`);
    const before = await attack(attackerView(release, primaryOnly(release)));
    const withheldBefore = before.intervals.size;
    const pinned = before.disclosed.filter((cell) => cell.interval.min === cell.interval.max).length;
    console.log(
      `  primary suppression only: ${withheldBefore} cells withheld; the attack (${before.milliseconds} ms, ${before.solves} LPs, ${before.integerSolves} MILPs, ${before.components} components, largest ${before.largestComponent}) pins ${pinned} exactly and narrows ${before.disclosed.length - pinned} more to two values`,
    );
    {
      const report = await release.table.protect();
      console.log(
        `  release (current figures and monthly series in one table): protected in ${report.milliseconds} ms (${report.rounds} rounds; attacks ${report.attackMilliseconds} ms, ${report.attackSolves} LPs; ${report.protectionSolves} protection MILPs): ${report.withheldBefore} withheld by the 1–9 rule, ${report.complementary.length} complementary, ${report.withheldAfter} in all`,
      );
    }
    const after = await attack(attackerView(release, published(release)));
    console.log(
      `  protected, attacked from the published figures: ${after.intervals.size} cells withheld, ${after.disclosed.length} narrower than the rule (${after.milliseconds} ms)`,
    );
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
