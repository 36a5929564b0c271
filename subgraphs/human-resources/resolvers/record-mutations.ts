import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { EntityManager, FindOptionsWhere } from 'typeorm';
import type { SubgraphContext } from '../../kit/bureau';
import { today } from '../../kit/dates';
import { UserInputError } from '../../kit/errors';
import { regionByCode } from '../../kit/reference-types';
import { isoDay } from '../../kit/scalars';
import { inTransaction, lockOrNotFound } from '../../kit/transactions';
import { requireId, requireNonBlank, requireNotBefore, requireNotInFuture } from '../../kit/validation';
import { RECORDS_WRITE } from '../access';
import { Employer } from '../entities/employer';
import { Employment } from '../entities/employment';
import { DisputeStatus, InsuranceStatus } from '../entities/enums';
import { LabourDispute } from '../entities/labour-dispute';
import { SocialInsurance } from '../entities/social-insurance';
import { Training } from '../entities/training';
import { Worker } from '../entities/worker';
import type { HumanResourcesLoaders } from '../loaders';
import {
  CloseLabourDisputeInput,
  CompleteTrainingInput,
  EndEmploymentInput,
  EnrolInSocialInsuranceInput,
  FileLabourDisputeInput,
  RecordEmploymentInput,
  RegisterTrainingInput,
} from './record-inputs';

type Context = SubgraphContext<HumanResourcesLoaders>;

const CONSTRAINT_FIELDS = { social_insurance_active_unique: 'input.type' };

function nonNegative(amount: string, field: string): string {
  if (Number(amount) < 0) throw new UserInputError(field, `${field} must not be negative`);
  return amount;
}

/** The most monthly_wage_yuan, numeric(10, 2), holds. */
const MAX_MONTHLY_WAGE = '99999999.99';

async function requireEmployer(manager: EntityManager, code: string, field: string): Promise<Employer> {
  requireId(code, 'employer', field);
  const employer = await manager.getRepository(Employer).findOneBy({ code });
  if (!employer) throw new UserInputError(field, `${field} ${code} is not a known employer`);
  return employer;
}

async function requireWorker(manager: EntityManager, personId: string): Promise<Worker> {
  requireId(personId, 'person', 'input.personId');
  const worker = await manager.getRepository(Worker).findOneBy({ personId });
  if (!worker) throw new UserInputError('input.personId', 'The person is not registered with the employment service yet: record an employment first');
  return worker;
}

/** A record by its id, locked for the change; NOT_FOUND naming the field when there is none. */
function lockRecord<T extends { id: number }>(manager: EntityManager, entity: new () => T, id: string, field: string): Promise<T> {
  requireId(id, 'record', field);
  return lockOrNotFound(manager, entity, { id: Number(id) } as FindOptionsWhere<T>, field, `No record ${id}`);
}

@Resolver()
export class RecordMutations {
  @Authorized(RECORDS_WRITE)
  @Mutation(() => Employment, {
    description:
      'Record a job a migrant started; registers them with the employment service the first time, with their community and household registration place.',
  })
  async recordEmployment(
    @Arg('input', () => RecordEmploymentInput, { description: 'What to record.' }) input: RecordEmploymentInput,
    @Ctx() context: Context,
  ): Promise<Employment> {
    const personId = requireId(input.personId, 'person', 'input.personId');
    const startDate = requireNotInFuture(isoDay(input.startDate), 'input.startDate');
    const jobTitle = requireNonBlank(input.jobTitle, 'input.jobTitle', 48);
    const monthlyWage = nonNegative(input.monthlyWage, 'input.monthlyWage');
    if (Number(monthlyWage) > Number(MAX_MONTHLY_WAGE)) throw new UserInputError('input.monthlyWage', `input.monthlyWage must be at most ${MAX_MONTHLY_WAGE}`);
    if (!Number.isInteger(input.weeklyHours) || input.weeklyHours < 1 || input.weeklyHours > 84) {
      throw new UserInputError('input.weeklyHours', 'input.weeklyHours must be from 1 to 84');
    }
    if (!input.contractSigned && input.contractType) throw new UserInputError('input.contractType', 'A contract type needs a signed contract');
    const originRegionCode = input.originRegionCode ?? null;
    if (originRegionCode !== null && !regionByCode(originRegionCode)) {
      throw new UserInputError('input.originRegionCode', 'input.originRegionCode is not a known origin region code');
    }
    return inTransaction(context.db, CONSTRAINT_FIELDS, async (manager) => {
      await requireEmployer(manager, input.employerCode, 'input.employerCode');
      const registered = await manager.getRepository(Worker).findOneBy({ personId });
      if (!registered) {
        if (!input.communityCode) throw new UserInputError('input.communityCode', 'input.communityCode is needed to register a new worker');
        const communityCode = requireId(input.communityCode, 'community', 'input.communityCode');
        if (!originRegionCode) throw new UserInputError('input.originRegionCode', 'input.originRegionCode is needed to register a new worker');
        // A first job recorded at the same moment may register the person first: then this one finds them registered.
        await manager
          .createQueryBuilder()
          .insert()
          .into(Worker)
          .values({ personId, communityCode, districtCode: communityCode.slice(0, 6), registeredOn: startDate, originRegionCode })
          .orIgnore()
          .execute();
      }
      const employment = Object.assign(new Employment(), {
        personId,
        employerCode: input.employerCode,
        jobTitle,
        startDate,
        endDate: null,
        monthlyWage,
        weeklyHours: input.weeklyHours,
        contractSigned: input.contractSigned,
        contractType: input.contractSigned ? (input.contractType ?? null) : null,
      });
      return manager.getRepository(Employment).save(employment);
    });
  }

  @Authorized(RECORDS_WRITE)
  @Mutation(() => Employment, { description: 'Record the end of a job.' })
  async endEmployment(
    @Arg('input', () => EndEmploymentInput, { description: 'What to record.' }) input: EndEmploymentInput,
    @Ctx() context: Context,
  ): Promise<Employment> {
    const endDate = requireNotInFuture(isoDay(input.endDate), 'input.endDate');
    return inTransaction(context.db, CONSTRAINT_FIELDS, async (manager) => {
      const employment = await lockRecord(manager, Employment, input.employmentId, 'input.employmentId');
      if (employment.endDate !== null) throw new UserInputError('input.employmentId', `The employment already ended on ${employment.endDate}`);
      requireNotBefore(endDate, employment.startDate, 'input.endDate', 'the first day of work');
      employment.endDate = endDate;
      return manager.getRepository(Employment).save(employment);
    });
  }

  @Authorized(RECORDS_WRITE)
  @Mutation(() => SocialInsurance, { description: 'Enrol a registered migrant in a social insurance scheme.' })
  async enrolInSocialInsurance(
    @Arg('input', () => EnrolInSocialInsuranceInput, { description: 'What to record.' }) input: EnrolInSocialInsuranceInput,
    @Ctx() context: Context,
  ): Promise<SocialInsurance> {
    const startDate = requireNotInFuture(isoDay(input.startDate), 'input.startDate');
    return inTransaction(context.db, CONSTRAINT_FIELDS, async (manager) => {
      await requireWorker(manager, input.personId);
      const live = await manager.getRepository(SocialInsurance).findOneBy({ personId: input.personId, type: input.type, status: InsuranceStatus.ACTIVE });
      if (live) throw new UserInputError('input.type', `The person is already insured in ${input.type} since ${live.startDate}`);
      // A suspended enrolment of the same scheme resumes rather than being duplicated.
      const suspended = await manager
        .getRepository(SocialInsurance)
        .findOneBy({ personId: input.personId, type: input.type, status: InsuranceStatus.SUSPENDED });
      if (suspended) {
        suspended.status = InsuranceStatus.ACTIVE;
        suspended.endDate = null;
        return manager.getRepository(SocialInsurance).save(suspended);
      }
      return manager
        .getRepository(SocialInsurance)
        .save(Object.assign(new SocialInsurance(), { personId: input.personId, type: input.type, status: InsuranceStatus.ACTIVE, startDate, endDate: null }));
    });
  }

  @Authorized(RECORDS_WRITE)
  @Mutation(() => Training, { description: 'Register a migrant for a training course.' })
  async registerTraining(
    @Arg('input', () => RegisterTrainingInput, { description: 'What to record.' }) input: RegisterTrainingInput,
    @Ctx() context: Context,
  ): Promise<Training> {
    const startDate = isoDay(input.startDate);
    const endDate = isoDay(input.endDate);
    requireNotBefore(endDate, startDate, 'input.endDate', 'the first day of the course');
    const course = requireNonBlank(input.course, 'input.course', 48);
    const provider = requireNonBlank(input.provider, 'input.provider', 64);
    return inTransaction(context.db, CONSTRAINT_FIELDS, async (manager) => {
      await requireWorker(manager, input.personId);
      return manager.getRepository(Training).save(
        Object.assign(new Training(), {
          personId: input.personId,
          course,
          kind: input.kind,
          provider,
          startDate,
          endDate,
          completed: false,
          certificate: null,
        }),
      );
    });
  }

  @Authorized(RECORDS_WRITE)
  @Mutation(() => Training, { description: 'Record that a migrant completed a training course, with the certificate if any.' })
  async completeTraining(
    @Arg('input', () => CompleteTrainingInput, { description: 'What to record.' }) input: CompleteTrainingInput,
    @Ctx() context: Context,
  ): Promise<Training> {
    const certificate = input.certificate === undefined || input.certificate === null ? null : requireNonBlank(input.certificate, 'input.certificate', 64);
    return inTransaction(context.db, CONSTRAINT_FIELDS, async (manager) => {
      const training = await lockRecord(manager, Training, input.trainingId, 'input.trainingId');
      if (training.completed) throw new UserInputError('input.trainingId', 'The course is already recorded as completed');
      if (training.startDate > today()) throw new UserInputError('input.trainingId', 'The course has not started yet');
      training.completed = true;
      training.certificate = certificate;
      return manager.getRepository(Training).save(training);
    });
  }

  @Authorized(RECORDS_WRITE)
  @Mutation(() => LabourDispute, { description: 'File a labour dispute or wage claim.' })
  async fileLabourDispute(
    @Arg('input', () => FileLabourDisputeInput, { description: 'What to record.' }) input: FileLabourDisputeInput,
    @Ctx() context: Context,
  ): Promise<LabourDispute> {
    const filedOn = requireNotInFuture(isoDay(input.filedOn), 'input.filedOn');
    const amountClaimed = nonNegative(input.amountClaimed, 'input.amountClaimed');
    return inTransaction(context.db, CONSTRAINT_FIELDS, async (manager) => {
      await requireWorker(manager, input.personId);
      await requireEmployer(manager, input.employerCode, 'input.employerCode');
      return manager.getRepository(LabourDispute).save(
        Object.assign(new LabourDispute(), {
          personId: input.personId,
          employerCode: input.employerCode,
          kind: input.kind,
          filedOn,
          amountClaimed,
          amountRecovered: '0.00',
          status: DisputeStatus.OPEN,
          closedOn: null,
        }),
      );
    });
  }

  @Authorized(RECORDS_WRITE)
  @Mutation(() => LabourDispute, { description: 'Close a labour dispute, with the amount recovered.' })
  async closeLabourDispute(
    @Arg('input', () => CloseLabourDisputeInput, { description: 'What to record.' }) input: CloseLabourDisputeInput,
    @Ctx() context: Context,
  ): Promise<LabourDispute> {
    const closedOn = requireNotInFuture(isoDay(input.closedOn), 'input.closedOn');
    const amountRecovered = nonNegative(input.amountRecovered, 'input.amountRecovered');
    return inTransaction(context.db, CONSTRAINT_FIELDS, async (manager) => {
      const dispute = await lockRecord(manager, LabourDispute, input.disputeId, 'input.disputeId');
      if (dispute.status === DisputeStatus.CLOSED) throw new UserInputError('input.disputeId', `The dispute was already closed on ${dispute.closedOn}`);
      requireNotBefore(closedOn, dispute.filedOn, 'input.closedOn', 'the day it was filed');
      if (Number(amountRecovered) > Number(dispute.amountClaimed)) {
        throw new UserInputError('input.amountRecovered', `input.amountRecovered must not exceed the amount claimed (${dispute.amountClaimed})`);
      }
      Object.assign(dispute, { status: DisputeStatus.CLOSED, closedOn, amountRecovered });
      return manager.getRepository(LabourDispute).save(dispute);
    });
  }
}
