import { Authorized, Directive, Field, ID, ObjectType } from 'type-graphql';
import { ORIGIN_REGION_KEY } from '../../kit/entity-references';
import { STATISTICS } from '../access';
import { PopulationFigures } from './population-figures';
import { DistrictReference } from './references';

/**
 * The figures the city exchanges with one sending region (流出地协作), the regular exchange the plan asks for with the
 * regions of origin it names: an entity keyed by the region's code, so that each bureau adds what it counts of the
 * migrants from there. Public security owns it and adds the registrations.
 */
@Directive('@key(fields: "code")')
@ObjectType('OriginReport', {
  description:
    'Figures for the exchange with one region of origin (流出地协作报告), from the latest releases: public security owns it and adds the registrations; the regions are those of origin-regions.csv, each counted apart (Gansu without Linxia, which has its own report).',
})
export class OriginReport {
  @Authorized(ORIGIN_REGION_KEY)
  @Field(() => ID, { description: 'GB/T 2260 code of the region of origin (620000 = Gansu).' })
  code!: string;
}

/** Registered migrants from the region in one district, on the release cut-off: a place's figures, and the place. */
@ObjectType('OriginDistrictPopulation', { description: 'Migrants from the region registered in one district on the release cut-off (public security).' })
export class OriginDistrictPopulation extends PopulationFigures {
  @Authorized(STATISTICS)
  @Field(() => DistrictReference, { description: 'The district (区/县).' })
  district!: DistrictReference;
}
