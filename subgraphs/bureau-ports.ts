/**
 * Every bureau of the graph, with the port its subgraph listens on unless `<BUREAU>_PORT` says otherwise. Apart from
 * the bureaus' code (index.ts), so that the settings, the gateway and `npm start` know the bureaus without loading
 * them; a new bureau is added here and in index.ts, in the same order (test/unit/settings.test.ts checks both agree).
 */
export const BUREAU_PORTS = {
  'public-security': 4001,
  'civil-affairs': 4002,
  education: 4003,
  'human-resources': 4004,
} as const;

export type BureauName = keyof typeof BUREAU_PORTS;

export const BUREAU_NAMES = Object.keys(BUREAU_PORTS) as BureauName[];
