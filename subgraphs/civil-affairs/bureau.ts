import path from 'node:path';
import 'reflect-metadata';
import type { Bureau } from '../kit/bureau';
import { CITY } from '../kit/places';
import { ORIGIN_REPORT_REFERENCE, PERSON_REFERENCE, PLACE_KEY } from '../kit/entity-references';
import { migrationsIn } from '../kit/migrations';
import { civilAffairsAccess } from './access';
import { cityStatistics } from './entities/city-statistics';
import { Community } from './entities/community';
import { DisputeCase, DisputeEvent } from './entities/dispute-case';
import { OriginReportReference, PersonReference } from './entities/references';
import { ReliefCase, ReliefEvent } from './entities/relief-case';
import { ServicePointMonth } from './entities/service-point-month';
import { District } from './entities/district';
import { ServicePoint } from './entities/service-point';
import { Street } from './entities/street';
import { identity } from './identity';
import { CivilAffairsLoaders, createLoaders } from './loaders';
import { caseFigureResolvers } from './resolvers/case-figures-resolvers';
import { CaseMutations } from './resolvers/case-mutations';
import { CityStatisticsResolver } from './resolvers/city-statistics-resolvers';
import { OriginReportCasesResolver } from './resolvers/origin-report-resolver';
import { DistrictRolloutResolver } from './resolvers/rollout-resolvers';
import {
  CommunityCasesResolver,
  DisputeCaseResolver,
  PersonCasesResolver,
  ReliefCaseResolver,
  ServicePointActivityResolver,
  StreetCasesResolver,
} from './resolvers/case-resolvers';
import { CommunityResolver, DistrictResolver, ServicePointResolver, StreetResolver } from './resolvers/geography-resolvers';
import { seedCivilAffairs } from './seed';
import { plainLists } from '../kit/schema-lint-allowances';

/**
 * 市民政局: owner of the geography (district → street → community), the community service points and their activity,
 * relief cases and the dispute files kept by streets and communities.
 */
export const civilAffairs: Bureau<CivilAffairsLoaders> = {
  name: identity.name,
  title: 'Civil Affairs Bureau (市民政局)',
  entities: [District, Street, Community, ServicePoint, ReliefCase, ReliefEvent, DisputeCase, DisputeEvent, ServicePointMonth],
  migrations: migrationsIn(path.join(__dirname, 'migrations')),
  resolvers: [
    CityStatisticsResolver,
    DistrictResolver,
    StreetResolver,
    CommunityResolver,
    ServicePointResolver,
    ReliefCaseResolver,
    DisputeCaseResolver,
    PersonCasesResolver,
    CommunityCasesResolver,
    StreetCasesResolver,
    ServicePointActivityResolver,
    ...caseFigureResolvers,
    OriginReportCasesResolver,
    DistrictRolloutResolver,
    CaseMutations,
  ],
  orphanedTypes: [PersonReference, OriginReportReference],
  references: {
    CityStatistics: { grant: PLACE_KEY, resolve: (reference) => (reference.code === CITY.code ? cityStatistics() : null) },
    District: { grant: PLACE_KEY, resolve: (reference, context) => context.loaders.district.load(String(reference.code)) },
    Street: { grant: PLACE_KEY, resolve: (reference, context) => context.loaders.street.load(String(reference.code)) },
    Community: { grant: PLACE_KEY, resolve: (reference, context) => context.loaders.community.load(String(reference.code)) },
    Person: PERSON_REFERENCE,
    OriginReport: ORIGIN_REPORT_REFERENCE,
  },
  access: civilAffairsAccess,
  createLoaders,
  seed: seedCivilAffairs,
  countFigures: (loaders) => loaders.release(),
  lintAllowances: [
    plainLists('facilities', ['District.servicePoints', 'ServicePointSpending.overCap']),
    plainLists('own records', ['Person.reliefCases', 'Person.disputes', 'ReliefCase.history', 'DisputeCase.history', 'DisputeCase.parties']),
    plainLists('closed set', ['ReliefAndMediation.settledByLevel', 'OriginReport.casesByDistrict']),
    plainLists('series', ['*.casesByMonth', 'Community.casesByYear', 'OriginReport.casesByYear', 'District.rollout', 'ServicePoint.activity']),
  ],
};
