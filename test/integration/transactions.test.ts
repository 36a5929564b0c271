import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { BureauDatabase, openBureauDatabase } from '../../subgraphs/kit/database';
import { UserInputError } from '../../subgraphs/kit/errors';
import { createLogger } from '../../subgraphs/kit/logger';
import { inTransaction } from '../../subgraphs/kit/transactions';
import { publicSecurity } from '../../subgraphs/public-security/bureau';
import { dropTestDatabase, testDatabaseUrl } from '../support/federation';
import { emptyEmbeddedCluster } from '../support/templates';

// The kit's transactions on the same database kind the suite runs on (embedded, or the server in TEST_DATABASE_URL).

let database: BureauDatabase;
let tempDir: string;
let serverDatabase: string | undefined;

beforeAll(async () => {
  tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpg-tx-'));
  let url: string | undefined;
  if (process.env.TEST_DATABASE_URL) {
    serverDatabase = `mpg_test_tx_${randomBytes(4).toString('hex')}`;
    url = testDatabaseUrl(serverDatabase);
  }
  await emptyEmbeddedCluster(path.join(tempDir, 'db'));
  database = await openBureauDatabase({
    bureau: 'public-security',
    entities: publicSecurity.entities,
    migrations: publicSecurity.migrations,
    url,
    dataDir: path.join(tempDir, 'db'),
    log: createLogger('test'),
  });
});

afterAll(async () => {
  await database?.close();
  if (serverDatabase) await dropTestDatabase(serverDatabase);
  fs.rmSync(tempDir, { recursive: true, force: true });
});

const insertPerson = (id: string, idCard: string) =>
  [
    `INSERT INTO person (id, family_name, given_name, sex, birth_date, ethnicity_code, origin_region_code, id_card_number, arrival_date, household_id)
   VALUES ($1, '马', '一', 'MALE', '1990-01-01', '03', '620000', $2, '2020-01-01', $1)`,
    [id, idCard],
  ] as const;

async function personIds(): Promise<string[]> {
  const rows = await database.dataSource.query('SELECT id FROM person ORDER BY id');
  return rows.map((row: { id: string }) => row.id);
}

describe('a mutation runs in one transaction', () => {
  it('leaves nothing behind when it fails after its first write', async () => {
    const before = await personIds();
    await expect(
      inTransaction(database.dataSource, {}, async (manager) => {
        await manager.query(...insertPerson('PTX00000001', '620000199001010011'));
        throw new UserInputError('input.address', 'refused after the first write');
      }),
    ).rejects.toThrow('refused after the first write');
    expect(await personIds()).toEqual(before);
  });

  it('turns a unique-constraint race into BAD_USER_INPUT on the mapped field, and rolls back', async () => {
    await database.dataSource.query(...insertPerson('PTX00000002', '620000199001010027'));
    const before = await personIds();
    const attempt = inTransaction(database.dataSource, { person_id_card_number_unique: 'input.idCardNumber' }, async (manager) => {
      await manager.query(...insertPerson('PTX00000003', '620000199001010035'));
      await manager.query(...insertPerson('PTX00000004', '620000199001010027'));
    });
    await expect(attempt).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'input.idCardNumber' } });
    expect(await personIds()).toEqual(before);
  });

  it('keeps concurrent transactions apart: one rolled back, the other committed', async () => {
    const failing = inTransaction(database.dataSource, {}, async (manager) => {
      await manager.query(...insertPerson('PTX00000005', '620000199001010043'));
      await new Promise((resolve) => setTimeout(resolve, 50));
      throw new Error('rolled back on purpose');
    });
    const succeeding = inTransaction(database.dataSource, {}, async (manager) => {
      await manager.query(...insertPerson('PTX00000006', '620000199001010051'));
    });
    await expect(failing).rejects.toThrow('rolled back on purpose');
    await succeeding;
    const ids = await personIds();
    expect(ids).toContain('PTX00000006');
    expect(ids).not.toContain('PTX00000005');
  });
});
