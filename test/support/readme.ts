import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../subgraphs/kit/paths';

/** The README's GraphQL example that contains `marker`, so the tests run what users are told to paste. */
export function readmeQuery(marker: string): string {
  const readme = fs.readFileSync(path.join(repoRoot(), 'README.md'), 'utf8');
  const found = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => match[1]).find((query) => query.includes(marker));
  if (!found) throw new Error(`no GraphQL example with "${marker}" in the README`);
  return found;
}
