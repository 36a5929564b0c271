/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** Kind of county-level division. */
export type DistrictKind =
  /** County (县). */
  | 'COUNTY'
  /** County-level city (县级市). */
  | 'COUNTY_LEVEL_CITY'
  /** Urban district (市辖区). */
  | 'URBAN_DISTRICT';

export type DashboardCoverageCommunityQueryVariables = Exact<{
  community: string | number;
}>;


export type DashboardCoverageCommunityQuery = { community: { code: string, name: string | null, population: { asOf: string, registeredMigrants: number | null, permitRate: number | null, suppressed: Array<string> } | null, reliefAndMediation: { servicePointVisits: number | null } | null, employment: { contractRate: number | null, suppressed: Array<string> } | null } | null };

export type DashboardCoverageDistrictQueryVariables = Exact<{
  district: string | number;
}>;


export type DashboardCoverageDistrictQuery = { district: { code: string, name: string | null, nameEn: string | null, streets: Array<{ code: string, name: string | null, population: { asOf: string, registeredMigrants: number | null, permitRate: number | null, suppressed: Array<string> } | null, reliefAndMediation: { servicePointVisits: number | null } | null }> | null } | null };

export type DashboardCoverageStreetQueryVariables = Exact<{
  street: string | number;
}>;


export type DashboardCoverageStreetQuery = { street: { code: string, name: string | null, communities: Array<{ code: string, name: string | null, population: { asOf: string, registeredMigrants: number | null, permitRate: number | null, suppressed: Array<string> } | null, reliefAndMediation: { servicePointVisits: number | null } | null, employment: { contractRate: number | null, suppressed: Array<string> } | null }> | null } | null };

export type DashboardCoverageQueryVariables = Exact<{ [key: string]: never; }>;


export type DashboardCoverageQuery = { districts: Array<{ code: string, name: string | null, nameEn: string | null, population: { asOf: string, registeredMigrants: number | null, permitRate: number | null, suppressed: Array<string> } | null, reliefAndMediation: { servicePointVisits: number | null } | null, employment: { contractRate: number | null, suppressed: Array<string> } | null }> | null };

export type DashboardOriginsDistrictQueryVariables = Exact<{
  district: string | number;
}>;


export type DashboardOriginsDistrictQuery = { district: { code: string, name: string | null, nameEn: string | null, populationByOrigin: Array<{ asOf: string, registeredMigrants: number | null, validPermits: number | null, suppressed: Array<string>, region: { code: string, name: string, nameEn: string } }> | null, populationByEthnicity: Array<{ registeredMigrants: number | null, suppressed: Array<string>, ethnicity: { code: string, name: string, nameEn: string } }> | null } | null };

export type DashboardOriginsQueryVariables = Exact<{ [key: string]: never; }>;


export type DashboardOriginsQuery = { statistics: { populationByOrigin: Array<{ asOf: string, registeredMigrants: number | null, validPermits: number | null, suppressed: Array<string>, region: { code: string, name: string, nameEn: string } }> | null } | null, districts: Array<{ code: string, name: string | null, nameEn: string | null, populationByEthnicity: Array<{ registeredMigrants: number | null, suppressed: Array<string>, ethnicity: { code: string, name: string, nameEn: string } }> | null }> | null };

export type DashboardPlacesDistrictQueryVariables = Exact<{
  district: string | number;
}>;


export type DashboardPlacesDistrictQuery = { districts: Array<{ code: string, name: string | null, nameEn: string | null }> | null, district: { code: string, streets: Array<{ code: string, name: string | null }> | null } | null };

export type DashboardPlacesStreetQueryVariables = Exact<{
  district: string | number;
  street: string | number;
}>;


export type DashboardPlacesStreetQuery = { districts: Array<{ code: string, name: string | null, nameEn: string | null }> | null, district: { code: string, streets: Array<{ code: string, name: string | null }> | null } | null, street: { code: string, communities: Array<{ code: string, name: string | null }> | null } | null };

export type DashboardPlacesQueryVariables = Exact<{ [key: string]: never; }>;


export type DashboardPlacesQuery = { districts: Array<{ code: string, name: string | null, nameEn: string | null }> | null };

export type DashboardRolloutQueryVariables = Exact<{ [key: string]: never; }>;


export type DashboardRolloutQuery = { districts: Array<{ code: string, name: string | null, nameEn: string | null, kind: DistrictKind | null, rollout: Array<{ year: number, opened: number, openedCumulative: number, plannedCumulative: number | null, coverage: number, targetShare: number | null, onTarget: boolean | null }> | null }> | null };

export type DashboardSpendingQueryVariables = Exact<{ [key: string]: never; }>;


export type DashboardSpendingQuery = { districts: Array<{ code: string, name: string | null, nameEn: string | null, kind: DistrictKind | null, servicePointSpending: { windows: number, total: string, cityShare: string, districtShare: string, capPerWindow: string | null, overCap: Array<{ name: string, openedYear: number, funding: string, cityShare: string, community: { name: string | null } | null }> } | null }> | null };

export type DashboardTrendsCommunityQueryVariables = Exact<{
  community: string | number;
}>;


export type DashboardTrendsCommunityQuery = { community: { populationByYear: Array<{ asOf: string, year: number, partial: boolean, lastDayCounted: string, registeredMigrants: number | null, validPermits: number | null, suppressed: Array<string> }> | null, schoolingByYear: Array<{ year: number, enrolled: number | null, suppressed: Array<string> }> | null, employmentByYear: Array<{ year: number, withContract: number | null, insured: number | null, suppressed: Array<string> }> | null, casesByYear: Array<{ year: number, disputesOpen: number | null, suppressed: Array<string> }> | null } | null };

export type DashboardTrendsDistrictQueryVariables = Exact<{
  district: string | number;
  from: string;
  to?: string | null | undefined;
}>;


export type DashboardTrendsDistrictQuery = { district: { populationByMonth: Array<{ asOf: string, month: string, partial: boolean, lastDayCounted: string, registeredMigrants: number | null, validPermits: number | null, suppressed: Array<string> }> | null, schoolingByMonth: Array<{ month: string, enrolled: number | null, suppressed: Array<string> }> | null, employmentByMonth: Array<{ month: string, withContract: number | null, insured: number | null, suppressed: Array<string> }> | null, casesByMonth: Array<{ month: string, reliefGranted: number | null, disputesSettled: number | null, disputesOpen: number | null, suppressed: Array<string> }> | null } | null };

export type DashboardTrendsStreetQueryVariables = Exact<{
  street: string | number;
  from: string;
  to?: string | null | undefined;
}>;


export type DashboardTrendsStreetQuery = { street: { populationByMonth: Array<{ asOf: string, month: string, partial: boolean, lastDayCounted: string, registeredMigrants: number | null, validPermits: number | null, suppressed: Array<string> }> | null, casesByMonth: Array<{ month: string, disputesOpen: number | null, suppressed: Array<string> }> | null } | null };

export type DashboardTrendsQueryVariables = Exact<{
  from: string;
  to?: string | null | undefined;
}>;


export type DashboardTrendsQuery = { statistics: { populationByMonth: Array<{ asOf: string, month: string, partial: boolean, lastDayCounted: string, registeredMigrants: number | null, validPermits: number | null, suppressed: Array<string> }> | null, schoolingByMonth: Array<{ month: string, enrolled: number | null, suppressed: Array<string> }> | null, employmentByMonth: Array<{ month: string, withContract: number | null, insured: number | null, suppressed: Array<string> }> | null, casesByMonth: Array<{ month: string, reliefGranted: number | null, disputesSettled: number | null, disputesOpen: number | null, suppressed: Array<string> }> | null } | null };

export type DashboardVaccinationQueryVariables = Exact<{ [key: string]: never; }>;


export type DashboardVaccinationQuery = { statistics: { vaccinationCoverage: { asOf: string, children: number | null, upToDate: number | null, behindSchedule: number | null, coverageRate: number | null, suppressed: Array<string> } | null } | null, districts: Array<{ code: string, name: string | null, nameEn: string | null, kind: DistrictKind | null, vaccinationCoverage: { asOf: string, children: number | null, upToDate: number | null, behindSchedule: number | null, coverageRate: number | null, suppressed: Array<string> } | null }> | null };

export type VaccinationFiguresFragment = { asOf: string, children: number | null, upToDate: number | null, behindSchedule: number | null, coverageRate: number | null, suppressed: Array<string> };
