import path from 'node:path';
import 'reflect-metadata';
import type { Bureau } from '../kit/bureau';
import { PERSON_REFERENCE, PLACE_REFERENCE } from '../kit/entity-references';
import { migrationsIn } from '../kit/migrations';
import { CLINICS, healthAccess } from './access';
import { Clinic } from './entities/clinic';
import { CityStatisticsReference, CommunityReference, DistrictReference, PersonReference } from './entities/references';
import { RegisteredChild } from './entities/registered-child';
import { VaccinationRecord } from './entities/vaccination-record';
import { identity } from './identity';
import { createLoaders, HealthLoaders } from './loaders';
import { ClinicResolver, CommunityClinicsResolver, DistrictClinicsResolver } from './resolvers/clinic-resolvers';
import { coverageFigureResolvers } from './resolvers/coverage-resolvers';
import { VaccinationMutations } from './resolvers/vaccination-mutations';
import {
  CommunityHealthResolver,
  DistrictHealthResolver,
  PersonDosesDueResolver,
  RegisteredChildResolver,
  VaccinationDueResolver,
  VaccinationRecordResolver,
} from './resolvers/vaccination-resolvers';
import { seedHealth } from './seed';
import { plainLists } from '../kit/schema-lint-allowances';

/** 市卫生局: owner of the vaccination clinics and of the immunisation records of migrants' children. */
export const health: Bureau<HealthLoaders> = {
  name: identity.name,
  title: 'Health Bureau (市卫生局)',
  entities: [Clinic, RegisteredChild, VaccinationRecord],
  migrations: migrationsIn(path.join(__dirname, 'migrations')),
  resolvers: [
    ClinicResolver,
    VaccinationRecordResolver,
    VaccinationDueResolver,
    RegisteredChildResolver,
    PersonDosesDueResolver,
    ...coverageFigureResolvers,
    DistrictClinicsResolver,
    CommunityClinicsResolver,
    DistrictHealthResolver,
    CommunityHealthResolver,
    VaccinationMutations,
  ],
  orphanedTypes: [PersonReference, CityStatisticsReference, DistrictReference, CommunityReference],
  references: {
    Clinic: { grant: CLINICS, resolve: (reference, context) => context.loaders.clinic.load(String(reference.code)) },
    Person: PERSON_REFERENCE,
    District: PLACE_REFERENCE,
    Community: PLACE_REFERENCE,
    CityStatistics: PLACE_REFERENCE,
  },
  access: healthAccess,
  createLoaders,
  seed: seedHealth,
  countFigures: (loaders) => loaders.release(),
  lintAllowances: [
    plainLists('facilities', ['District.clinics', 'Community.clinics']),
    plainLists('own records', ['Person.vaccinationsDue', 'RegisteredChild.vaccinations', 'RegisteredChild.dosesDue']),
  ],
};
