import { Arg, Authorized, Ctx, Field, FieldResolver, Float, Int, ObjectType, Resolver, Root } from 'type-graphql';
import type { SubgraphContext } from '../../kit/bureau';
import { MonthlyFigures, ReleasedFigures, SuppressedFields, YearlyFigures } from '../../kit/released-figures';
import { countOf, FigureRecord, ProtectedCount, protectedRate, protectedSum } from '../../kit/disclosure';
import { monthByMonth } from '../../kit/monthly-series';
import type { PublishedTable } from '../../kit/published-table';
import { placeFigureResolvers } from '../../kit/place-figures';
import { yearByYear } from '../../kit/yearly-series';
import { COMPULSORY_GROUPS, SCHOOL_AGE_GROUPS, SchoolAgeCount, SchoolAgeGroup, SchoolAgeMonth, schoolYearOf } from '../../kit/school-age';
import { SCHOOLS, STATISTICS } from '../access';
import { CityStatisticsReference, CommunityReference, DistrictReference } from '../entities/references';
import { COMPULSORY, COMPULSORY_ENROLLED, firstSchoolingYear, SCHOOLING_YEAR_ENDS } from '../loaders/enrolment-counts';
import { School, SchoolLevel } from '../entities/school';
import type { EducationLoaders } from '../loaders';

type Context = SubgraphContext<EducationLoaders>;
type PlaceWithChildrenByMonth = { code: string; schoolAgeChildrenByMonth?: SchoolAgeMonth[] | null };
type PlaceWithChildren = PlaceWithChildrenByMonth & { schoolAgeChildren?: SchoolAgeCount[] | null };

@ObjectType('EnrolmentRate', { description: 'School-age migrant children of a place and how many of them are enrolled.' })
export class EnrolmentRate {
  @Authorized(STATISTICS)
  @Field(() => SchoolAgeGroup, { nullable: true, description: 'The age group; null for a combined figure.' })
  ageGroup!: SchoolAgeGroup | null;

  @Authorized(STATISTICS)
  @Field(() => Int, { nullable: true, description: 'Migrant children of that age registered as living here (public security); null when suppressed.' })
  schoolAgeChildren!: number | null;

  @Authorized(STATISTICS)
  @Field(() => Int, { nullable: true, description: 'Of the children living here, how many are enrolled now (education); null when suppressed.' })
  enrolled!: number | null;

  @Authorized(STATISTICS)
  @Field(() => Float, { nullable: true, description: 'enrolled / schoolAgeChildren (0–1); null when either is suppressed.' })
  rate!: number | null;

  @Authorized(STATISTICS)
  @Field({ description: 'Whether a figure is withheld because it is 1–9.' })
  suppressed!: boolean;
}

@ObjectType('SchoolingMonth', { description: 'Enrolments of one month (月度): children enrolled on its last day counted, and new enrolments during it.' })
export class SchoolingMonth extends MonthlyFigures {
  @Authorized(STATISTICS)
  @Field(() => Int, { nullable: true, description: 'Migrant children enrolled on the last day counted.' })
  enrolled!: number | null;

  @Authorized(STATISTICS)
  @Field(() => Int, { nullable: true, description: 'Enrolments made during the month (new pupils and transfers in).' })
  newEnrolments!: number | null;

  @SuppressedFields()
  suppressed!: string[];
}

@ObjectType('SchoolingStockYear', {
  description:
    "Migrant children enrolled at the end of one calendar year (年末), the stock only: for communities, whose month-by-month series would be mostly withheld; the cut-off's year is held on the cut-off (education).",
})
export class SchoolingStockYear extends YearlyFigures {
  @Authorized(STATISTICS)
  @Field(() => Int, { nullable: true, description: 'Migrant children whose family lives here, enrolled on the last day counted.' })
  enrolled!: number | null;

  @SuppressedFields()
  suppressed!: string[];
}

@ObjectType('EnrolmentRateMonth', {
  description:
    'The compulsory-education enrolment rate (义务教育入学率) of migrant children at the end of one month (月度): children of compulsory-school age enrolled (education) against those registered (public security), by age on 1 September of the school year of the last day counted.',
})
export class EnrolmentRateMonth extends MonthlyFigures {
  @Authorized(STATISTICS)
  @Field(() => Int, { nullable: true, description: 'Children of compulsory-school age whose family lives here, enrolled on the last day counted (education).' })
  enrolled!: number | null;

  @Authorized(STATISTICS)
  @Field(() => Int, {
    nullable: true,
    description:
      "Children of compulsory-school age registered as living here on the last day counted: public security's schoolAgeChildrenByMonth, the denominator; null, and not named in suppressed, when public security's count of the month is of another day (its latest release has another cut-off) or it did not answer.",
  })
  registered!: number | null;

  @Authorized(STATISTICS)
  @Field(() => Float, { nullable: true, description: 'enrolled / registered (0–1); null when either is withheld or missing.' })
  rate!: number | null;

  @SuppressedFields()
  suppressed!: string[];
}

@ObjectType('SchoolEnrolmentStatistics', { description: "Schooling of migrants' children in a place this school year (随迁子女入学情况)." })
export class SchoolEnrolmentStatistics extends ReleasedFigures {
  @Authorized(STATISTICS)
  @Field(() => Int, { description: 'The school year of the release cut-off, by its first calendar year.' })
  schoolYear!: number;

  @Authorized(STATISTICS)
  @Field(() => [EnrolmentRate], { description: 'By school-age group.' })
  byAgeGroup!: EnrolmentRate[];

  @Authorized(STATISTICS)
  @Field(() => EnrolmentRate, { description: 'Compulsory education (义务教育): primary and junior secondary ages together.' })
  compulsoryEducation!: EnrolmentRate;

  @SuppressedFields('the counts of an age group as byAgeGroup.<AGE_GROUP>.<field>, those of compulsory education as compulsoryEducation.<field>')
  suppressed!: string[];
}

/** An enrolment rate of the record, its withheld counts named in the record's `suppressed` as `name.<field>`. */
function rateOf(record: FigureRecord, name: string, ageGroup: SchoolAgeGroup | null, registered: ProtectedCount, enrolled: ProtectedCount): EnrolmentRate {
  if (registered.suppressed) record.suppressed.push(`${name}.schoolAgeChildren`);
  if (enrolled.suppressed) record.suppressed.push(`${name}.enrolled`);
  return Object.assign(new EnrolmentRate(), {
    ageGroup,
    schoolAgeChildren: registered.count,
    enrolled: enrolled.count,
    rate: protectedRate(enrolled, registered),
    suppressed: registered.suppressed || enrolled.suppressed,
  });
}

/**
 * Public security's registered children (brought by the gateway through @requires) beside education's enrolments of
 * children living in the same place; neither bureau reads the other's tables.
 */
async function statistics(place: PlaceWithChildren, context: Context): Promise<SchoolEnrolmentStatistics> {
  const enrolled = (await context.loaders.release()).places;
  const registeredOf = (group: SchoolAgeGroup): ProtectedCount => {
    const found = place.schoolAgeChildren?.find((count) => count.ageGroup === group);
    return found ? { count: found.count, suppressed: found.suppressed } : { count: null, suppressed: false };
  };
  const record = Object.assign(new SchoolEnrolmentStatistics(), { asOf: enrolled.asOf, schoolYear: schoolYearOf(enrolled.asOf), suppressed: [] });
  record.byAgeGroup = SCHOOL_AGE_GROUPS.map(({ group }) => rateOf(record, `byAgeGroup.${group}`, group, registeredOf(group), enrolled.get(place.code, group)));
  // Public security's compulsory total of the cut-off day is its series' last month (city and districts), protected
  // with its parts; elsewhere a sum of the parts, withheld with any part, which it would give away.
  const cutOffMonth = place.schoolAgeChildrenByMonth?.find((month) => month.lastDayCounted === enrolled.asOf);
  record.compulsoryEducation = rateOf(
    record,
    'compulsoryEducation',
    null,
    cutOffMonth ? registeredIn(cutOffMonth) : protectedSum(COMPULSORY_GROUPS.map(registeredOf)),
    enrolled.get(place.code, COMPULSORY),
  );
  return record;
}

/** Public security's children of compulsory-school age in a month of its series. */
const registeredIn = (month: SchoolAgeMonth): ProtectedCount => ({ count: month.compulsoryAge, suppressed: month.suppressed.includes('compulsoryAge') });

function schoolingByMonth(place: { code: string }, table: PublishedTable, months: string[]): SchoolingMonth[] {
  return monthByMonth(table, place.code, months, ['enrolled', 'newEnrolments'] as const).map((record) => Object.assign(new SchoolingMonth(), record));
}

async function schoolingByYear(place: { code: string }, context: Context): Promise<SchoolingStockYear[]> {
  const table = (await context.loaders.release()).places;
  return yearByYear(table, place.code, ['enrolled'] as const, {}, firstSchoolingYear(table.asOf)).map((record) =>
    Object.assign(new SchoolingStockYear(), record),
  );
}

/**
 * Education's compulsory-age children enrolled month by month beside public security's registered ones (brought by
 * the gateway through @requires), month matched to month on the same last day counted.
 */
function enrolmentRateByMonth(place: PlaceWithChildrenByMonth, table: PublishedTable, months: string[]): EnrolmentRateMonth[] {
  const registeredByMonth = new Map((place.schoolAgeChildrenByMonth ?? []).map((month) => [month.month, month]));
  return monthByMonth(table, place.code, months, ['enrolled'] as const, { enrolled: COMPULSORY_ENROLLED }).map((record) => {
    const month = registeredByMonth.get(record.month);
    const registered: ProtectedCount = month && month.lastDayCounted === record.lastDayCounted ? registeredIn(month) : { count: null, suppressed: false };
    if (registered.suppressed) record.suppressed.push('registered');
    return Object.assign(new EnrolmentRateMonth(), record, { registered: registered.count, rate: protectedRate(countOf(record, 'enrolled'), registered) });
  });
}

const ENROLMENT_RATE_BY_MONTH =
  'The compulsory-education enrolment rate of migrant children month by month (月度), since 2013 by default: children of compulsory-school age enrolled (education) over those registered (public security).';

const SCHOOLING_BY_MONTH = 'Migrant children enrolled, by where their family lives, month by month (月度), since 2013 by default (education).';

const SCHOOLING_BY_YEAR = `Migrant children enrolled, by where their family lives, at the end of each of the last ${SCHOOLING_YEAR_ENDS} calendar years (年末), the last the year to date, held on the release cut-off (education): a community's month-by-month series would be mostly withheld, so its year ends are published instead; they add up to the district's December, and the year to date is the community's children enrolled on the cut-off: those of schoolEnrolment's school-age groups and any of other ages.`;

const SCHOOL_AGE_MONTHS = 'schoolAgeChildrenByMonth { month lastDayCounted compulsoryAge suppressed }';
const SCHOOL_AGE_GROUPS_REQUIRED = 'schoolAgeChildren { ageGroup count suppressed }';

/** Education's figures on the places of every bureau, at the levels each is published at. */
export const schoolingFigureResolvers = placeFigureResolvers<Context>({
  places: { CITY: CityStatisticsReference, DISTRICT: DistrictReference, COMMUNITY: CommunityReference },
  grant: STATISTICS,
  fields: {
    schoolEnrolment: {
      levels: ['CITY', 'DISTRICT', 'COMMUNITY'],
      type: () => SchoolEnrolmentStatistics,
      description: (level) => `Schooling of the ${level.toLowerCase()}'s migrant children this school year.`,
      // Public security publishes its series at the city and districts only.
      directive: (level) => `@requires(fields: "${level === 'COMMUNITY' ? SCHOOL_AGE_GROUPS_REQUIRED : `${SCHOOL_AGE_GROUPS_REQUIRED} ${SCHOOL_AGE_MONTHS}`}")`,
      resolve: statistics,
    },
    schoolingByMonth: {
      levels: ['CITY', 'DISTRICT'],
      type: () => [SchoolingMonth],
      description: SCHOOLING_BY_MONTH,
      monthly: true,
      table: async (context) => (await context.loaders.release()).places,
      resolve: schoolingByMonth,
    },
    schoolingByYear: { levels: ['COMMUNITY'], type: () => [SchoolingStockYear], description: SCHOOLING_BY_YEAR, resolve: schoolingByYear },
    enrolmentRateByMonth: {
      levels: ['CITY', 'DISTRICT'],
      type: () => [EnrolmentRateMonth],
      description: ENROLMENT_RATE_BY_MONTH,
      directive: `@requires(fields: "${SCHOOL_AGE_MONTHS}")`,
      monthly: true,
      table: async (context) => (await context.loaders.release()).places,
      resolve: enrolmentRateByMonth,
    },
  },
});

// Declared after the figures, so that each place type lists its schools after them.
@Resolver(() => DistrictReference)
export class DistrictSchoolsResolver {
  @Authorized(SCHOOLS)
  @FieldResolver(() => [School], { nullable: true, description: 'Schools of the district, by code.' })
  async schools(
    @Root() district: DistrictReference,
    @Ctx() context: Context,
    @Arg('level', () => SchoolLevel, { nullable: true, description: 'Only schools of this level.' }) level?: SchoolLevel,
  ): Promise<School[]> {
    const schools = await context.loaders.schoolsOfDistrict.load(district.code);
    return level ? schools.filter((school) => school.level === level) : schools;
  }
}

@Resolver(() => CommunityReference)
export class CommunitySchoolsResolver {
  @Authorized(SCHOOLS)
  @FieldResolver(() => [School], { nullable: true, description: 'Schools standing in the community.' })
  schools(@Root() community: CommunityReference, @Ctx() context: Context): Promise<School[]> {
    return context.loaders.schoolsOfCommunity.load(community.code);
  }
}
