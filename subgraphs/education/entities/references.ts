import { Authorized, Directive, Field } from 'type-graphql';
import { STATISTICS } from '../../kit/auth/access';
import { type ExternalField, originReportReference, personReference, placeReference } from '../../kit/entity-references';
import { SchoolAgeCount, SchoolAgeMonth } from '../../kit/school-age';

// Entities of other bureaus that education refers to or adds fields to (kit/entity-references.ts).

/** Public security's school-age children of a place, which education's enrolment rates `@requires`. */
function externalSchoolAgeChildren(description: string): ExternalField<SchoolAgeCount[]> {
  return (prototype, property) => {
    Authorized(STATISTICS)(prototype, property);
    Directive('@external')(prototype, property);
    Field(() => [SchoolAgeCount], { nullable: true, description })(prototype, property);
  };
}

/** Public security's children of compulsory-school age month by month, the denominator of education's monthly enrolment rate. */
function externalSchoolAgeMonths(description: string): ExternalField<SchoolAgeMonth[]> {
  return (prototype, property) => {
    Authorized(STATISTICS)(prototype, property);
    Directive('@external')(prototype, property);
    Field(() => [SchoolAgeMonth], { nullable: true, description })(prototype, property);
  };
}

export const PersonReference = personReference('education adds their schooling');
export type PersonReference = InstanceType<typeof PersonReference>;

export const DistrictReference = placeReference('District', 'District or county (civil affairs); education adds its schools and enrolment figures.', {
  schoolAgeChildren: externalSchoolAgeChildren('School-age migrant children registered here (public security).'),
  schoolAgeChildrenByMonth: externalSchoolAgeMonths('Migrant children of compulsory-school age registered here at the end of each month (public security).'),
});
export type DistrictReference = InstanceType<typeof DistrictReference>;

export const CommunityReference = placeReference('Community', 'Community (civil affairs); education adds its schools and enrolment figures.', {
  schoolAgeChildren: externalSchoolAgeChildren('School-age migrant children registered here (public security).'),
});
export type CommunityReference = InstanceType<typeof CommunityReference>;

export const CityStatisticsReference = placeReference('CityStatistics', 'Statistics of the whole city (civil affairs); education adds its enrolment figures.', {
  schoolAgeChildren: externalSchoolAgeChildren('School-age migrant children registered in the city (public security).'),
  schoolAgeChildrenByMonth: externalSchoolAgeMonths(
    'Migrant children of compulsory-school age registered in the city at the end of each month (public security).',
  ),
});
export type CityStatisticsReference = InstanceType<typeof CityStatisticsReference>;

export const OriginReportReference = originReportReference('education adds the children enrolled');
export type OriginReportReference = InstanceType<typeof OriginReportReference>;
