import path from 'node:path';
import globalSetup from './global-setup';

/**
 * The global setup of the projects that start federations (integration, browser): the common one, then the folder of
 * the database templates for the current code (templates.ts) and the template of the test population, built here
 * (or found from an earlier run) before any test and its timeout starts. Jest runs a global setup module once per
 * run however many projects name it, so the unit project has its own (global-setup.ts) and builds nothing.
 */
export default async function globalSetupForFederations(): Promise<void> {
  globalSetup();
  if (process.env.TEST_TEMPLATE_DIR) return;
  process.env.LOG_LEVEL ??= 'silent';
  const templates = await import('./templates');
  const { TEST_POPULATION } = await import('./federation');
  const key = templates.templateKey();
  process.env.TEST_TEMPLATE_DIR = path.join(templates.templateCacheRoot(), key);
  await templates.pruneTemplateCache(key);
  await templates.bureauTemplates(TEST_POPULATION);
}
