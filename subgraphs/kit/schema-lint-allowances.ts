/**
 * What a bureau keeps on purpose that the schema lint of `npm run schema:check` (scripts/schema-lint.ts) would report,
 * declared in its bureau.ts beside the types it is about, each with the reason a reader of the check's output sees.
 * An allowance covers its own bureau's SDL only.
 */
export interface SchemaLintAllowance {
  rule: string;
  /** Schema coordinates (`Type.field`; `*.field` for any type, `Type.*` for any field) or, for require-description, type names. */
  coordinates: string[];
  reason: string;
}

/** Why a list of objects may stay a plain list instead of a cursor connection (the graph contract's rule). */
const PLAIN_LIST_REASONS = {
  facilities: "a district's or community's facilities: tens at most, one added in a year; a filtered connection lists them city-wide",
  'own records': "one person's or one case's own records: a handful in a lifetime (the graph contract's `Person.residencePermits: [ResidencePermit!]!`)",
  'closed set': 'figures broken down over a closed set (school-age groups, regions of origin, ethnic groups, mediation levels, insurance schemes)',
  series: 'series of one record per month, quarter or year of the range asked (`from`, `to`), or since 2013 for a series another bureau requires',
} as const;

/** Lists of objects kept plain for one of the reasons the graph contract accepts. */
export function plainLists(reason: keyof typeof PLAIN_LIST_REASONS, coordinates: string[]): SchemaLintAllowance {
  return { rule: 'growable-lists-are-connections', coordinates, reason: PLAIN_LIST_REASONS[reason] };
}
