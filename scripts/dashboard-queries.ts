import fs from 'node:fs';
import path from 'node:path';
import { Kind, parse } from 'graphql';
import { FIRST_MONTH } from '../subgraphs/kit/monthly-series';
import { repoRoot } from '../subgraphs/kit/paths';

export const DASHBOARD_QUERIES = path.join(repoRoot(), 'gateway', 'dashboard', 'queries');

/**
 * A query the dashboard sends when it opens, on the whole city, with the variables it sends (this year's roll-out,
 * trends since 2013).
 */
export interface DashboardQuery {
  file: string;
  query: string;
  variables: Record<string, unknown>;
}

/** The code a drill-down operation takes: of the place picked, which the page sends only once one is. */
const PLACE_CODES = new Set(['district', 'street', 'community']);

/**
 * The queries of `gateway/dashboard/queries/` the page opens with, by file name, each with a value for each variable
 * it declares; the operations of a district, street or community picked (which take its code) are left out.
 */
export function dashboardQueries(): DashboardQuery[] {
  const opened: Record<string, unknown> = { year: new Date().getUTCFullYear(), from: FIRST_MONTH };
  return fs
    .readdirSync(DASHBOARD_QUERIES)
    .filter((name) => name.endsWith('.graphql'))
    .sort()
    .flatMap((file) => {
      const query = fs.readFileSync(path.join(DASHBOARD_QUERIES, file), 'utf8');
      const declared = parse(query).definitions.flatMap((definition) =>
        definition.kind === Kind.OPERATION_DEFINITION ? (definition.variableDefinitions ?? []) : [],
      );
      if (declared.some((variable) => PLACE_CODES.has(variable.variable.name.value))) return [];
      // An optional variable the page leaves out (the trends' `to`: the latest month) is left out here too.
      const required = declared.filter((variable) => variable.type.kind === Kind.NON_NULL_TYPE && !variable.defaultValue).map((v) => v.variable.name.value);
      const unknown = required.filter((name) => !(name in opened));
      if (unknown.length > 0) throw new Error(`${file} requires ${unknown.join(', ')}, which the page's opening values do not give`);
      const given = declared.map((variable) => variable.variable.name.value).filter((name) => name in opened);
      return [{ file, query, variables: Object.fromEntries(given.map((name) => [name, opened[name]])) }];
    });
}
