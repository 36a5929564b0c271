import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { localSigningKeys } from '../../subgraphs/kit/auth/identity';
import { serviceKeys } from '../../subgraphs/kit/auth/service-keys';
import { BureauDatabase, embeddedDataDir, embeddedServerUrlFile, openBureauDatabase } from '../../subgraphs/kit/database';
import { createLogger } from '../../subgraphs/kit/logger';
import { education } from '../../subgraphs/education/bureau';

// What `npm start` leaves under data/ — keys, an embedded database and the file naming its server — is this user's
// alone, even under a permissive umask and in a data/ folder an older version created world-readable.

let dataRoot: string;
let database: BureauDatabase;
const previousUmask = process.umask(0o022);
const previousDataDir = process.env.DATA_DIR;

beforeAll(async () => {
  dataRoot = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mpg-private-')), 'data');
  fs.mkdirSync(path.join(dataRoot, 'keys'), { recursive: true, mode: 0o755 });
  fs.chmodSync(dataRoot, 0o755);
  process.env.DATA_DIR = dataRoot;
  await localSigningKeys();
  serviceKeys('audit-checkpoint');
  database = await openBureauDatabase({ bureau: 'education', entities: education.entities, migrations: education.migrations, log: createLogger('test') });
});

afterAll(async () => {
  await database?.close();
  process.umask(previousUmask);
  if (previousDataDir === undefined) delete process.env.DATA_DIR;
  else process.env.DATA_DIR = previousDataDir;
  fs.rmSync(path.dirname(dataRoot), { recursive: true, force: true });
});

/** The folder of the Unix socket a server URL names (its host, percent-encoded). */
const socketDirOf = (urlFile: string) => decodeURIComponent(new URL(fs.readFileSync(urlFile, 'utf8')).hostname);
const modeOf = (file: string) => (fs.statSync(file).mode & 0o777).toString(8);

test('data/, its key folder and the embedded database folder are mode 700', () => {
  expect(modeOf(dataRoot)).toBe('700');
  expect(modeOf(path.join(dataRoot, 'keys'))).toBe('700');
  expect(modeOf(embeddedDataDir('education'))).toBe('700');
});

test('every key file and the file naming the database server are mode 600', () => {
  const keyFiles = fs.readdirSync(path.join(dataRoot, 'keys')).map((name) => path.join(dataRoot, 'keys', name));
  expect(keyFiles.map((file) => path.basename(file)).sort()).toEqual(['audit-checkpoint.pem', 'local-signing-key.json']);
  const urlFile = embeddedServerUrlFile(embeddedDataDir('education'));
  for (const file of [...keyFiles, urlFile]) expect([file, modeOf(file)]).toEqual([file, '600']);
});

test('the embedded server listens on a Unix socket in a folder only this user can enter', () => {
  const socketDir = socketDirOf(embeddedServerUrlFile(embeddedDataDir('education')));
  expect(path.isAbsolute(socketDir)).toBe(true);
  expect(modeOf(socketDir)).toBe('700');
});

// Where the suite runs as root (CI), another local user is tried for real: it can read none of it.
const asRoot = process.getuid?.() === 0;
(asRoot ? test : test.skip)('another local user can read neither the keys nor the server URL, nor reach the socket', () => {
  const urlFile = embeddedServerUrlFile(embeddedDataDir('education'));
  const socketDir = socketDirOf(urlFile);
  for (const target of [path.join(dataRoot, 'keys', 'local-signing-key.json'), urlFile, socketDir]) {
    const attempt = () => execFileSync('runuser', ['-u', 'nobody', '--', 'ls', '-l', target], { stdio: 'pipe' });
    expect(attempt).toThrow(/Permission denied/);
  }
});
