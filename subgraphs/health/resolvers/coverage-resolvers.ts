import { Authorized, Field, Float, Int, ObjectType } from 'type-graphql';
import type { SubgraphContext } from '../../kit/bureau';
import { withRate } from '../../kit/disclosure';
import { placeFigureResolvers } from '../../kit/place-figures';
import { ReleasedFigures, SuppressedFields } from '../../kit/released-figures';
import { STATISTICS } from '../access';
import { CityStatisticsReference, DistrictReference } from '../entities/references';
import type { HealthLoaders } from '../loaders';

type Context = SubgraphContext<HealthLoaders>;

@ObjectType('VaccinationCoverage', {
  description: 'Vaccination of the migrant children under seven in the Health Bureau’s register (流动儿童免疫规划疫苗接种率), counts of 1–9 suppressed.',
})
export class VaccinationCoverage extends ReleasedFigures {
  @Authorized(STATISTICS)
  @Field(() => Int, { nullable: true, description: 'Migrant children aged 0–6 in the register living here.' })
  children!: number | null;

  @Authorized(STATISTICS)
  @Field(() => Int, { nullable: true, description: 'Of them, up to date for their age: no dose more than 30 days overdue (按时完成).' })
  upToDate!: number | null;

  @Authorized(STATISTICS)
  @Field(() => Int, { nullable: true, description: 'Of them, behind the schedule: some dose more than 30 days overdue.' })
  behindSchedule!: number | null;

  @Authorized(STATISTICS)
  @Field(() => Float, { nullable: true, description: 'Coverage: upToDate / children (0–1); null when either is withheld.' })
  coverageRate!: number | null;

  @SuppressedFields()
  suppressed!: string[];
}

async function coverage(place: { code: string }, context: Context): Promise<VaccinationCoverage> {
  const table = await context.loaders.release();
  const record = table.record(place.code, { children: 'children', upToDate: 'upToDate', behindSchedule: 'behindSchedule' });
  return Object.assign(new VaccinationCoverage(), withRate(record, 'coverageRate', 'upToDate', 'children'));
}

/** Health's figures on the city and its districts. */
export const coverageFigureResolvers = placeFigureResolvers<Context>({
  places: { CITY: CityStatisticsReference, DISTRICT: DistrictReference },
  grant: STATISTICS,
  fields: {
    vaccinationCoverage: {
      levels: ['CITY', 'DISTRICT'],
      type: () => VaccinationCoverage,
      description: (level) => `Vaccination of the ${level.toLowerCase()}'s migrant children under seven, as of the latest release (health).`,
      resolve: coverage,
    },
  },
});
