import fs from 'node:fs';
import path from 'node:path';

/**
 * Files that name a connection or hold a key are private to the user running the services: folders mode 700,
 * files mode 600, whatever the umask.
 */

/** Creates a folder (and its parents) private to this user; an existing one is made private too. */
export function privateFolder(dir: string): string {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700);
  return dir;
}

/**
 * Writes a private file once: several processes may start at once, so the content is written aside and hard-linked
 * into place; exactly one writer wins, and every process then reads the same content. Returns that content.
 */
export function createPrivateFileOnce(file: string, content: () => string): string {
  if (!fs.existsSync(file)) {
    privateFolder(path.dirname(file));
    const temp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, content(), { mode: 0o600 });
    try {
      fs.linkSync(temp, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      fs.unlinkSync(temp);
    }
  }
  return fs.readFileSync(file, 'utf8');
}

/** Writes (or replaces) a private file. */
export function writePrivateFile(file: string, content: string): void {
  privateFolder(path.dirname(file));
  fs.writeFileSync(file, content, { mode: 0o600 });
  fs.chmodSync(file, 0o600);
}
