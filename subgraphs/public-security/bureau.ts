import path from 'node:path';
import 'reflect-metadata';
import type { Bureau } from '../kit/bureau';
import { ORIGIN_REPORT_REFERENCE, PLACE_REFERENCE } from '../kit/entity-references';
import { migrationsIn } from '../kit/migrations';
import { PERSON_LOOKUP, publicSecurityAccess } from './access';
import { AdministrativeDivision } from './entities/administrative-division';
import { CityStatisticsReference, CommunityReference, DistrictReference, StreetReference } from './entities/references';
import { Person } from './entities/person';
import { ResidencePermit } from './entities/residence-permit';
import { ResidenceRegistration } from './entities/residence-registration';
import { identity } from './identity';
import { createLoaders, PublicSecurityLoaders } from './loaders';
import { CommunityResidentsResolver } from './resolvers/community-residents-resolver';
import { OriginReportResolver } from './resolvers/origin-report-resolver';
import { PermitMutations } from './resolvers/permit-mutations';
import { populationFigureResolvers } from './resolvers/place-statistics-resolvers';
import { PersonResolver } from './resolvers/person-resolver';
import { RegistrationMutations } from './resolvers/registration-mutations';
import { ResidencePermitResolver, ResidenceRegistrationResolver } from './resolvers/residence-resolvers';
import { seedPublicSecurity } from './seed';
import { plainLists } from '../kit/schema-lint-allowances';

/** 市公安局: owner of `Person` (identity core), residence registrations and residence permits. */
export const publicSecurity: Bureau<PublicSecurityLoaders> = {
  name: identity.name,
  title: 'Public Security Bureau (市公安局)',
  entities: [Person, ResidenceRegistration, ResidencePermit, AdministrativeDivision],
  migrations: migrationsIn(path.join(__dirname, 'migrations')),
  resolvers: [
    PersonResolver,
    ResidenceRegistrationResolver,
    ResidencePermitResolver,
    CommunityResidentsResolver,
    ...populationFigureResolvers,
    OriginReportResolver,
    RegistrationMutations,
    PermitMutations,
  ],
  orphanedTypes: [CommunityReference, StreetReference, DistrictReference, CityStatisticsReference],
  references: {
    Person: { grant: PERSON_LOOKUP, resolve: (reference, context) => context.loaders.person.load(String(reference.id)) },
    Community: PLACE_REFERENCE,
    Street: PLACE_REFERENCE,
    District: PLACE_REFERENCE,
    CityStatistics: PLACE_REFERENCE,
    OriginReport: ORIGIN_REPORT_REFERENCE,
  },
  access: publicSecurityAccess,
  createLoaders,
  seed: seedPublicSecurity,
  countFigures: (loaders) => loaders.release(),
  lintAllowances: [
    plainLists('own records', ['Person.residences', 'Person.residencePermits']),
    plainLists('closed set', ['*.schoolAgeChildren', '*.populationByOrigin', '*.populationByEthnicity', 'OriginReport.populationByDistrict']),
    plainLists('series', ['*.populationByMonth', 'Community.populationByYear', '*.schoolAgeChildrenByMonth']),
  ],
};
