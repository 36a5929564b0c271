import { Arg, Authorized, Ctx, Field, ID, InputType, Mutation, Resolver } from 'type-graphql';
import type { EntityManager } from 'typeorm';
import type { SubgraphContext } from '../../kit/bureau';
import { forbidden } from '../../kit/auth/access';
import { UserInputError } from '../../kit/errors';
import { regionByCode } from '../../kit/reference-types';
import { DateScalar, isoDay, MoneyScalar } from '../../kit/scalars';
import { inTransaction, lockOrNotFound, nextSerialNumber } from '../../kit/transactions';
import { requireId, requireNonBlank, requireNotBefore, requireNotInFuture } from '../../kit/validation';
import { DISPUTE_WRITE, RELIEF_WRITE } from '../access';
import { DisputeEventKind, DisputeKind, DisputeLevel, DisputeStatus, ReliefEventKind, ReliefKind, ReliefStatus } from '../entities/case-enums';
import { Community } from '../entities/community';
import { DisputeCase, DisputeEvent } from '../entities/dispute-case';
import { ReliefCase, ReliefEvent } from '../entities/relief-case';
import type { CivilAffairsLoaders } from '../loaders';

type Context = SubgraphContext<CivilAffairsLoaders>;

@InputType({ description: 'An application for relief (救助申请).' })
export class ApplyForReliefInput {
  @Field(() => ID, { description: 'Registry id of the person (public security).' })
  personId!: string;

  @Field(() => ReliefKind, { description: 'Kind of relief.' })
  kind!: ReliefKind;

  @Field(() => ID, { description: 'The community handling it (12 digits).' })
  communityCode!: string;

  @Field(() => DateScalar, { description: 'Day of application.' })
  appliedOn!: Date;

  @Field(() => MoneyScalar, { description: 'Amount asked for, in yuan.' })
  amountRequested!: string;

  @Field(() => String, { nullable: true, description: 'Customs to respect in the assistance, e.g. 清真餐食 (halal meals).' })
  customsAccommodation?: string;

  @Field(() => ID, {
    nullable: true,
    description:
      "GB/T 2260 code of the applicant's household registration place (户籍所在地), a region of origin: counted in that region's report; a case without it is counted in none.",
  })
  originRegionCode?: string;
}

@InputType({ description: 'The decision on a relief application.' })
export class DecideReliefInput {
  @Field(() => ID, { description: 'Id of the relief case.' })
  caseId!: string;

  @Field({ description: 'Approve (true) or reject (false).' })
  approve!: boolean;

  @Field(() => MoneyScalar, { nullable: true, description: 'Amount approved, in yuan; needed to approve, at most the amount asked for.' })
  amountApproved?: string;

  @Field(() => DateScalar, { description: 'Day of the decision.' })
  decidedOn!: Date;
}

@InputType({ description: 'The payment of approved relief.' })
export class PayReliefInput {
  @Field(() => ID, { description: 'Id of the relief case.' })
  caseId!: string;

  @Field(() => DateScalar, { description: 'Day paid.' })
  paidOn!: Date;
}

@InputType({ description: 'A dispute found in screening (排查登记).' })
export class OpenDisputeInput {
  @Field(() => DisputeKind, { description: 'What it is about.' })
  kind!: DisputeKind;

  @Field(() => ID, { description: 'The community where it was found (12 digits).' })
  communityCode!: string;

  @Field(() => DateScalar, { description: 'Day found.' })
  foundOn!: Date;

  @Field(() => [ID], { description: 'Registry ids of the parties who are registered migrants (may be empty).' })
  partyIds!: string[];

  @Field(() => ID, {
    nullable: true,
    description:
      "GB/T 2260 code of the first party's (申请人) household registration place (户籍所在地), a region of origin: counted in that region's report; a dispute without it is counted in none.",
  })
  originRegionCode?: string;
}

@InputType({ description: 'A step on an open dispute.' })
export class DisputeStepInput {
  @Field({ description: 'Case number of the dispute.' })
  caseNumber!: string;

  @Field(() => DateScalar, { description: 'Day of the step.' })
  on!: Date;
}

@InputType({ description: 'A mediation held on an open dispute.' })
export class RecordMediationInput {
  @Field({ description: 'Case number of the dispute.' })
  caseNumber!: string;

  @Field(() => DateScalar, { description: 'Day of the mediation.' })
  on!: Date;

  @Field({ description: 'The mediated outcome (调解结果).' })
  outcome!: string;
}

/** The region of origin given, if any: one of the regions of origin-regions.csv. */
function optionalOrigin(code: string | null | undefined): string | null {
  if (code === undefined || code === null) return null;
  if (!regionByCode(code)) throw new UserInputError('input.originRegionCode', 'input.originRegionCode is not a known origin region code');
  return code;
}

/** A community worker acts only on their own community's files. */
function requireOwnCommunity(context: Context, communityCode: string): void {
  const { identity } = context.access;
  if (identity.role === 'COMMUNITY_WORKER' && identity.community !== communityCode) {
    throw forbidden(`A community worker may act only on community ${identity.community}`);
  }
}

async function requireCommunity(manager: EntityManager, code: string, field: string): Promise<Community> {
  requireId(code, 'community', field);
  const community = await manager.getRepository(Community).findOneBy({ code });
  if (!community) throw new UserInputError(field, `${field} ${code} is not a community of Yinchuan`);
  return community;
}

function lockRelief(manager: EntityManager, id: string): Promise<ReliefCase> {
  requireId(id, 'record', 'input.caseId');
  return lockOrNotFound(manager, ReliefCase, { id: Number(id) }, 'input.caseId', `No relief case ${id}`);
}

async function lockOpenDispute(manager: EntityManager, caseNumber: string): Promise<DisputeCase> {
  requireId(caseNumber, 'disputeCase', 'input.caseNumber');
  const found = await lockOrNotFound(manager, DisputeCase, { caseNumber }, 'input.caseNumber', `No dispute ${caseNumber}`);
  if (found.status === DisputeStatus.CLOSED) throw new UserInputError('input.caseNumber', `Dispute ${caseNumber} was closed on ${found.closedOn}`);
  return found;
}

/** Case numbers, as the files have them: street code, year, serial within both ('640104003-2026-0007'). */
function nextCaseNumber(manager: EntityManager, streetCode: string, day: string): Promise<string> {
  return nextSerialNumber(manager, { table: 'dispute_case', column: 'case_number', prefix: `${streetCode}-${day.slice(0, 4)}-`, digits: 4 });
}

const NEXT_LEVEL: Record<DisputeLevel, DisputeLevel | null> = {
  [DisputeLevel.COMMUNITY]: DisputeLevel.STREET,
  [DisputeLevel.STREET]: DisputeLevel.DISTRICT,
  [DisputeLevel.DISTRICT]: null,
};

const CONSTRAINT_FIELDS = { dispute_case_number_unique: 'input.caseNumber' };

@Resolver()
export class CaseMutations {
  @Authorized(RELIEF_WRITE)
  @Mutation(() => ReliefCase, { description: 'Record an application for relief.' })
  async applyForRelief(
    @Arg('input', () => ApplyForReliefInput, { description: 'What to record.' }) input: ApplyForReliefInput,
    @Ctx() context: Context,
  ): Promise<ReliefCase> {
    const appliedOn = requireNotInFuture(isoDay(input.appliedOn), 'input.appliedOn');
    if (Number(input.amountRequested) <= 0) throw new UserInputError('input.amountRequested', 'input.amountRequested must be more than zero');
    const personId = requireId(input.personId, 'person', 'input.personId');
    const customs = input.customsAccommodation ? requireNonBlank(input.customsAccommodation, 'input.customsAccommodation', 64) : null;
    const originRegionCode = optionalOrigin(input.originRegionCode);
    return inTransaction(context.db, CONSTRAINT_FIELDS, async (manager) => {
      const community = await requireCommunity(manager, input.communityCode, 'input.communityCode');
      const relief = await manager.getRepository(ReliefCase).save(
        Object.assign(new ReliefCase(), {
          personId,
          originRegionCode,
          kind: input.kind,
          communityCode: community.code,
          districtCode: community.districtCode,
          appliedOn,
          amountRequested: input.amountRequested,
          status: ReliefStatus.PENDING,
          amountApproved: null,
          decidedOn: null,
          paidOn: null,
          customsAccommodation: customs,
        }),
      );
      await this.recordReliefEvent(manager, relief, ReliefEventKind.APPLIED, appliedOn, input.amountRequested, context);
      return relief;
    });
  }

  @Authorized(RELIEF_WRITE)
  @Mutation(() => ReliefCase, { description: 'Approve or reject a pending relief application.' })
  async decideRelief(
    @Arg('input', () => DecideReliefInput, { description: 'What to record.' }) input: DecideReliefInput,
    @Ctx() context: Context,
  ): Promise<ReliefCase> {
    const decidedOn = requireNotInFuture(isoDay(input.decidedOn), 'input.decidedOn');
    return inTransaction(context.db, CONSTRAINT_FIELDS, async (manager) => {
      const relief = await lockRelief(manager, input.caseId);
      if (relief.status !== ReliefStatus.PENDING) throw new UserInputError('input.caseId', `Case ${relief.id} was already decided (${relief.status})`);
      requireNotBefore(decidedOn, relief.appliedOn, 'input.decidedOn', 'the application');
      if (input.approve) {
        if (input.amountApproved === undefined || input.amountApproved === null)
          throw new UserInputError('input.amountApproved', 'input.amountApproved is needed to approve');
        if (Number(input.amountApproved) <= 0 || Number(input.amountApproved) > Number(relief.amountRequested)) {
          throw new UserInputError('input.amountApproved', `input.amountApproved must be more than zero and at most ${relief.amountRequested}`);
        }
      }
      Object.assign(relief, {
        status: input.approve ? ReliefStatus.APPROVED : ReliefStatus.REJECTED,
        amountApproved: input.approve ? input.amountApproved : null,
        decidedOn,
      });
      await manager.getRepository(ReliefCase).save(relief);
      await this.recordReliefEvent(
        manager,
        relief,
        input.approve ? ReliefEventKind.APPROVED : ReliefEventKind.REJECTED,
        decidedOn,
        relief.amountApproved,
        context,
      );
      return relief;
    });
  }

  @Authorized(RELIEF_WRITE)
  @Mutation(() => ReliefCase, { description: 'Record that approved relief was paid out.' })
  async payRelief(@Arg('input', () => PayReliefInput, { description: 'What to record.' }) input: PayReliefInput, @Ctx() context: Context): Promise<ReliefCase> {
    const paidOn = requireNotInFuture(isoDay(input.paidOn), 'input.paidOn');
    return inTransaction(context.db, CONSTRAINT_FIELDS, async (manager) => {
      const relief = await lockRelief(manager, input.caseId);
      if (relief.status !== ReliefStatus.APPROVED)
        throw new UserInputError('input.caseId', `Only an approved case can be paid; case ${relief.id} is ${relief.status}`);
      requireNotBefore(paidOn, relief.decidedOn!, 'input.paidOn', 'the decision');
      Object.assign(relief, { status: ReliefStatus.PAID, paidOn });
      await manager.getRepository(ReliefCase).save(relief);
      await this.recordReliefEvent(manager, relief, ReliefEventKind.PAID, paidOn, relief.amountApproved, context);
      return relief;
    });
  }

  @Authorized(DISPUTE_WRITE)
  @Mutation(() => DisputeCase, { description: 'File a dispute found in screening; it starts at the community level.' })
  async openDispute(
    @Arg('input', () => OpenDisputeInput, { description: 'What to record.' }) input: OpenDisputeInput,
    @Ctx() context: Context,
  ): Promise<DisputeCase> {
    const foundOn = requireNotInFuture(isoDay(input.foundOn), 'input.foundOn');
    if (input.partyIds.length > 10) throw new UserInputError('input.partyIds', 'At most 10 parties');
    input.partyIds.forEach((id, index) => requireId(id, 'person', `input.partyIds[${index}]`));
    const originRegionCode = optionalOrigin(input.originRegionCode);
    return inTransaction(context.db, CONSTRAINT_FIELDS, async (manager) => {
      const community = await requireCommunity(manager, input.communityCode, 'input.communityCode');
      requireOwnCommunity(context, community.code);
      const dispute = await manager.getRepository(DisputeCase).save(
        Object.assign(new DisputeCase(), {
          caseNumber: await nextCaseNumber(manager, community.streetCode, foundOn),
          kind: input.kind,
          communityCode: community.code,
          streetCode: community.streetCode,
          districtCode: community.districtCode,
          foundOn,
          partyIds: [...new Set(input.partyIds)],
          originRegionCode,
          level: DisputeLevel.COMMUNITY,
          status: DisputeStatus.OPEN,
          mediatedOutcome: null,
          closedOn: null,
        }),
      );
      await this.recordDisputeEvent(manager, dispute, DisputeEventKind.OPENED, foundOn, null, context);
      return dispute;
    });
  }

  @Authorized(DISPUTE_WRITE)
  @Mutation(() => DisputeCase, { description: 'Pass an open dispute up one level: community → street → district (上报).' })
  async escalateDispute(
    @Arg('input', () => DisputeStepInput, { description: 'What to record.' }) input: DisputeStepInput,
    @Ctx() context: Context,
  ): Promise<DisputeCase> {
    return this.stepDispute(context, input, DisputeEventKind.ESCALATED, null, (dispute) => {
      const next = NEXT_LEVEL[dispute.level];
      if (!next) throw new UserInputError('input.caseNumber', `Dispute ${dispute.caseNumber} is already with the district`);
      dispute.level = next;
    });
  }

  @Authorized(DISPUTE_WRITE)
  @Mutation(() => DisputeCase, { description: 'Record a mediation held on an open dispute and its outcome.' })
  async recordMediation(
    @Arg('input', () => RecordMediationInput, { description: 'What to record.' }) input: RecordMediationInput,
    @Ctx() context: Context,
  ): Promise<DisputeCase> {
    const outcome = requireNonBlank(input.outcome, 'input.outcome', 200);
    return this.stepDispute(context, input, DisputeEventKind.MEDIATED, outcome, (dispute) => {
      dispute.mediatedOutcome = outcome;
    });
  }

  @Authorized(DISPUTE_WRITE)
  @Mutation(() => DisputeCase, { description: 'Close an open dispute (结案).' })
  async closeDispute(
    @Arg('input', () => DisputeStepInput, { description: 'What to record.' }) input: DisputeStepInput,
    @Ctx() context: Context,
  ): Promise<DisputeCase> {
    return this.stepDispute(context, input, DisputeEventKind.CLOSED, null, (dispute, on) => {
      Object.assign(dispute, { status: DisputeStatus.CLOSED, closedOn: on });
    });
  }

  private async recordReliefEvent(manager: EntityManager, relief: ReliefCase, kind: ReliefEventKind, on: string, amount: string | null, context: Context) {
    await manager.getRepository(ReliefEvent).insert({ caseId: relief.id, kind, on, amount, recordedBy: context.access.identity.subject });
  }

  /**
   * One step of an open dispute on a day (not in the future, not before it was found), in the caller's own community:
   * the case locked, changed by `change`, saved, and the step recorded as an event, in one transaction.
   */
  private stepDispute(
    context: Context,
    input: { caseNumber: string; on: Date },
    kind: DisputeEventKind,
    note: string | null,
    change: (dispute: DisputeCase, on: string) => void,
  ): Promise<DisputeCase> {
    const on = requireNotInFuture(isoDay(input.on), 'input.on');
    return inTransaction(context.db, CONSTRAINT_FIELDS, async (manager) => {
      const dispute = await lockOpenDispute(manager, input.caseNumber);
      requireOwnCommunity(context, dispute.communityCode);
      requireNotBefore(on, dispute.foundOn, 'input.on', 'the day it was found');
      change(dispute, on);
      await manager.getRepository(DisputeCase).save(dispute);
      await this.recordDisputeEvent(manager, dispute, kind, on, note, context);
      return dispute;
    });
  }

  private async recordDisputeEvent(manager: EntityManager, dispute: DisputeCase, kind: DisputeEventKind, on: string, note: string | null, context: Context) {
    await manager.getRepository(DisputeEvent).insert({ caseId: dispute.id, kind, on, level: dispute.level, note, recordedBy: context.access.identity.subject });
  }
}
