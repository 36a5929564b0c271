import { Authorized, Ctx, FieldResolver, Query, Resolver } from 'type-graphql';
import type { SubgraphContext } from '../../kit/bureau';
import { GEOGRAPHY } from '../access';
import { CityStatistics, cityStatistics } from '../entities/city-statistics';
import { District } from '../entities/district';
import type { CivilAffairsLoaders } from '../loaders';

type Context = SubgraphContext<CivilAffairsLoaders>;

@Resolver(() => CityStatistics)
export class CityStatisticsResolver {
  @Authorized(GEOGRAPHY)
  @Query(() => CityStatistics, {
    nullable: true,
    description: 'The city as a whole (全市): every bureau’s figures for Yinchuan, aggregates only — the entry point of dashboards.',
  })
  statistics(): CityStatistics {
    return cityStatistics();
  }

  @Authorized(GEOGRAPHY)
  @FieldResolver(() => [District], { nullable: true, description: 'The districts and counties, by code, each with the same figures.' })
  districts(@Ctx() context: Context): Promise<District[]> {
    return context.loaders.allDistricts();
  }
}
