import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { BureauDatabase, openBureauDatabase } from '../../subgraphs/kit/database';
import { createLogger } from '../../subgraphs/kit/logger';
import { latestRelease, releaseAsOf, StatisticsReleaseTable1764000000003, useReleasePeriod } from '../../subgraphs/kit/releases';
import { defaultSettings, loadSettings } from '../../subgraphs/kit/settings';
import { dropTestDatabase, testDatabaseUrl } from '../support/federation';
import { emptyEmbeddedCluster } from '../support/templates';

// Statistics releases on the database kind the suite runs on (embedded, or the server in TEST_DATABASE_URL).

describe('the cut-off of the latest release', () => {
  it('is the last day of the last complete month with monthly releases', () => {
    expect(releaseAsOf('2026-12-01', 'month')).toBe('2026-11-30');
    expect(releaseAsOf('2026-12-31', 'month')).toBe('2026-11-30');
    expect(releaseAsOf('2028-03-15', 'month')).toBe('2028-02-29');
    expect(releaseAsOf('2027-01-09', 'month')).toBe('2026-12-31');
  });

  it('is yesterday with daily releases', () => {
    expect(releaseAsOf('2026-12-01', 'day')).toBe('2026-11-30');
    expect(releaseAsOf('2027-01-01', 'day')).toBe('2026-12-31');
  });

  it("follows the subgraph's STATISTICS_RELEASE, and an unknown period is refused before anything starts", () => {
    try {
      useReleasePeriod(loadSettings({ STATISTICS_RELEASE: 'day' }).STATISTICS_RELEASE);
      expect(releaseAsOf('2026-12-15')).toBe('2026-12-14');
    } finally {
      useReleasePeriod(defaultSettings().STATISTICS_RELEASE);
    }
    expect(releaseAsOf('2026-12-15')).toBe('2026-11-30');
    expect(() => loadSettings({ STATISTICS_RELEASE: 'week' })).toThrow('STATISTICS_RELEASE must be one of month, day, got "week"');
  });
});

describe('a stored release', () => {
  let database: BureauDatabase;
  let tempDir: string;
  let serverDatabase: string | undefined;
  const instances: DataSource[] = [];

  beforeAll(async () => {
    tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpg-release-'));
    let url: string | undefined;
    if (process.env.TEST_DATABASE_URL) {
      serverDatabase = `mpg_test_release_${randomBytes(4).toString('hex')}`;
      url = testDatabaseUrl(serverDatabase);
    }
    await emptyEmbeddedCluster(path.join(tempDir, 'db'));
    database = await openBureauDatabase({
      bureau: 'education',
      entities: [],
      migrations: [StatisticsReleaseTable1764000000003],
      url,
      dataDir: path.join(tempDir, 'db'),
      log: createLogger('test'),
    });
    // Three more instances of the same bureau, each with its own connections to the same database.
    for (let n = 0; n < 3; n += 1) {
      instances.push(await new DataSource({ type: 'postgres', url: database.url, poolSize: 2 }).initialize());
    }
  });

  afterAll(async () => {
    for (const instance of instances) await instance.destroy();
    await database?.close();
    if (serverDatabase) await dropTestDatabase(serverDatabase);
    fs.rmSync(tempDir, { recursive: true, force: true });
  });

  it('is counted once, and instances counting at the same time all serve the one stored first', async () => {
    let counted = 0;
    const countDifferently = (instance: number) => async (asOf: string) => {
      counted += 1;
      // Each instance would count differently (say, records arrived between their counts): only one count wins.
      await new Promise((resolve) => setTimeout(resolve, 20 * instance));
      return { asOf, registered: 1000 + instance };
    };
    const releases = await Promise.all(instances.map((instance, n) => latestRelease(instance, 'concurrent', countDifferently(n))));
    const served = releases.map((release) => release.content.registered);
    expect(new Set(served).size).toBe(1);
    expect(releases.every((release) => release.asOf === releaseAsOf())).toBe(true);
    // Asked again — by the same instances or by one that never counted — nobody counts again.
    const before = counted;
    const again = await Promise.all([...instances, database.dataSource].map((db) => latestRelease(db, 'concurrent', countDifferently(9))));
    expect(again.map((release) => release.content.registered)).toEqual([...served, served[0]]);
    expect(counted).toBe(before);
  });

  it('of the cut-off before is served while the new one is counted, and the new one once it is stored', async () => {
    const earlier = '2020-01-31';
    await instances[1].query(`INSERT INTO statistics_release (name, as_of, content) VALUES ('rolling', $1, '{"registered": 5}')`, [earlier]);
    let finishCount = (_content: { registered: number }) => {};
    const counted = new Promise<{ registered: number }>((resolve) => (finishCount = resolve));
    const whileCounting = await latestRelease(instances[1], 'rolling', () => counted);
    expect(whileCounting).toEqual({ asOf: earlier, content: { registered: 5 } });
    finishCount({ registered: 6 });
    // The count is stored, then served.
    let served = whileCounting;
    while (served.asOf === earlier) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      served = await latestRelease(instances[1], 'rolling', () => counted);
    }
    expect(served).toEqual({ asOf: releaseAsOf(), content: { registered: 6 } });
  });

  it('is not kept when counting fails: the next request counts again', async () => {
    await expect(latestRelease(instances[0], 'failing', async () => Promise.reject(new Error('statement timeout')))).rejects.toThrow('statement timeout');
    const [row] = await instances[0].query(`SELECT count(*)::int AS n FROM statistics_release WHERE name = 'failing'`);
    expect(row.n).toBe(0);
    const release = await latestRelease(instances[0], 'failing', async () => ({ registered: 7 }));
    expect(release.content).toEqual({ registered: 7 });
  });
});
