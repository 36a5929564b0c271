import type { DataSource } from 'typeorm';
import { FigureTable } from '../../kit/figure-table';
import { PublishedCells, PublishedTable } from '../../kit/published-table';
import { releaseOncePerRequest } from '../../kit/releases';
import { hasDoseMissing, underProgrammeAge } from './schedule-sql';

/**
 * Children under seven in the register on the cut-off day, by the district they live in: how many, how many are up to
 * date (no dose overdue, 按时完成) and how many behind, in one statement; children = upToDate + behindSchedule.
 */
async function addCoverage(db: DataSource, table: FigureTable, asOf: string): Promise<void> {
  const rows: { district: string; children: number; behind: number }[] = await db.query(
    `SELECT c.district_code AS district, count(*)::int AS children, count(*) FILTER (WHERE ${hasDoseMissing('$1::date', true)})::int AS behind
     FROM registered_child c WHERE c.registered_on <= $1 AND ${underProgrammeAge('$1::date')}
     GROUP BY 1`,
    [asOf],
  );
  for (const row of rows) {
    table.add(row.district, 'children', row.children);
    table.add(row.district, 'upToDate', row.children - row.behind);
    table.add(row.district, 'behindSchedule', row.behind);
  }
  table.sumOf('children', ['upToDate', 'behindSchedule']);
}

/** Health's latest release: its coverage figures, counted as of the cut-off and protected together. */
export function createCoverageRelease(db: DataSource): () => Promise<PublishedTable> {
  const release = releaseOncePerRequest(db, 'health', async (asOf, counting): Promise<PublishedCells> => {
    const places = new FigureTable(['DISTRICT', 'CITY']);
    await addCoverage(counting, places, asOf);
    await places.protect();
    return places.published();
  });
  return async () => {
    const { asOf, content } = await release();
    return new PublishedTable(asOf, content);
  };
}
