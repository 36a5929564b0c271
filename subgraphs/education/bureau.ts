import path from 'node:path';
import 'reflect-metadata';
import type { Bureau } from '../kit/bureau';
import { ORIGIN_REPORT_REFERENCE, PERSON_REFERENCE, PLACE_REFERENCE } from '../kit/entity-references';
import { migrationsIn } from '../kit/migrations';
import { educationAccess, SCHOOLS } from './access';
import { Enrolment } from './entities/enrolment';
import { CityStatisticsReference, CommunityReference, DistrictReference, OriginReportReference, PersonReference } from './entities/references';
import { School } from './entities/school';
import { SchoolApplication } from './entities/school-application';
import { identity } from './identity';
import { createLoaders, EducationLoaders } from './loaders';
import { EnrolmentMutations } from './resolvers/enrolment-mutations';
import { EnrolmentResolver, PersonSchoolingResolver } from './resolvers/enrolment-resolvers';
import { OriginReportResolver } from './resolvers/origin-report-resolver';
import { CommunitySchoolsResolver, DistrictSchoolsResolver, schoolingFigureResolvers } from './resolvers/place-resolvers';
import { CommunityApplicationsResolver, SchoolApplicationResolver } from './resolvers/school-application-resolvers';
import { SchoolResolver } from './resolvers/school-resolvers';
import { seedEducation } from './seed';
import { plainLists } from '../kit/schema-lint-allowances';

/** 市教育局: owner of schools, of the enrolment of migrants' children and of the applications for a school place. */
export const education: Bureau<EducationLoaders> = {
  name: identity.name,
  title: 'Education Bureau (市教育局)',
  entities: [School, Enrolment, SchoolApplication],
  migrations: migrationsIn(path.join(__dirname, 'migrations')),
  resolvers: [
    SchoolResolver,
    EnrolmentResolver,
    PersonSchoolingResolver,
    ...schoolingFigureResolvers,
    DistrictSchoolsResolver,
    CommunitySchoolsResolver,
    SchoolApplicationResolver,
    CommunityApplicationsResolver,
    OriginReportResolver,
    EnrolmentMutations,
  ],
  orphanedTypes: [PersonReference, CityStatisticsReference, DistrictReference, CommunityReference, OriginReportReference],
  references: {
    School: { grant: SCHOOLS, resolve: (reference, context) => context.loaders.school.load(String(reference.code)) },
    Person: PERSON_REFERENCE,
    // The gateway passes the @external figures of public security along with the key.
    District: PLACE_REFERENCE,
    Community: PLACE_REFERENCE,
    CityStatistics: PLACE_REFERENCE,
    OriginReport: ORIGIN_REPORT_REFERENCE,
  },
  access: educationAccess,
  createLoaders,
  seed: seedEducation,
  countFigures: (loaders) => loaders.release(),
  lintAllowances: [
    plainLists('facilities', ['District.schools', 'Community.schools']),
    plainLists('own records', ['Person.schoolEnrolments', 'Person.childrenInSchool']),
    plainLists('closed set', ['*.schoolAgeChildren', 'SchoolEnrolmentStatistics.byAgeGroup', 'OriginReport.schoolingByDistrict']),
    plainLists('series', ['*.schoolingByMonth', 'Community.schoolingByYear', '*.enrolmentRateByMonth', '*.schoolAgeChildrenByMonth']),
  ],
};
