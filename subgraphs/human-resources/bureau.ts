import path from 'node:path';
import 'reflect-metadata';
import type { Bureau } from '../kit/bureau';
import { ORIGIN_REPORT_REFERENCE, PERSON_REFERENCE, PLACE_REFERENCE } from '../kit/entity-references';
import { migrationsIn } from '../kit/migrations';
import { EMPLOYERS, humanResourcesAccess } from './access';
import { Employer } from './entities/employer';
import { Employment } from './entities/employment';
import { EmploymentService } from './entities/employment-service';
import { LabourDispute } from './entities/labour-dispute';
import { CityStatisticsReference, CommunityReference, DistrictReference, OriginReportReference, PersonReference } from './entities/references';
import { SocialInsurance } from './entities/social-insurance';
import { Training } from './entities/training';
import { Worker } from './entities/worker';
import { identity } from './identity';
import { createLoaders, HumanResourcesLoaders } from './loaders';
import { EmployerResolver } from './resolvers/employer-resolvers';
import { EmploymentResolver, LabourDisputeResolver, PersonWorkResolver } from './resolvers/person-work-resolvers';
import { OriginReportEmploymentResolver } from './resolvers/origin-report-resolver';
import { employmentFigureResolvers } from './resolvers/place-figures-resolvers';
import { RecordMutations } from './resolvers/record-mutations';
import { seedHumanResources } from './seed';
import { plainLists } from '../kit/schema-lint-allowances';

/** 市人社局: owner of employers, employment, social insurance, training, employment services and labour disputes. */
export const humanResources: Bureau<HumanResourcesLoaders> = {
  name: identity.name,
  title: 'Human Resources and Social Security Bureau (市人社局)',
  entities: [Employer, Worker, Employment, SocialInsurance, Training, EmploymentService, LabourDispute],
  migrations: migrationsIn(path.join(__dirname, 'migrations')),
  resolvers: [
    EmployerResolver,
    PersonWorkResolver,
    EmploymentResolver,
    LabourDisputeResolver,
    ...employmentFigureResolvers,
    OriginReportEmploymentResolver,
    RecordMutations,
  ],
  orphanedTypes: [PersonReference, CityStatisticsReference, DistrictReference, CommunityReference, OriginReportReference],
  references: {
    Employer: { grant: EMPLOYERS, resolve: (reference, context) => context.loaders.employer.load(String(reference.code)) },
    Person: PERSON_REFERENCE,
    District: PLACE_REFERENCE,
    Community: PLACE_REFERENCE,
    CityStatistics: PLACE_REFERENCE,
    OriginReport: ORIGIN_REPORT_REFERENCE,
  },
  access: humanResourcesAccess,
  createLoaders,
  seed: seedHumanResources,
  countFigures: (loaders) => loaders.release(),
  lintAllowances: [
    plainLists('own records', ['Person.employments', 'Person.socialInsurance', 'Person.trainings', 'Person.employmentServices', 'Person.labourDisputes']),
    plainLists('closed set', ['EmploymentFigures.insurance', 'OriginReport.employmentByDistrict']),
    plainLists('series', ['*.employmentByMonth', 'Community.employmentByYear', 'OriginReport.trainingByYear']),
  ],
};
