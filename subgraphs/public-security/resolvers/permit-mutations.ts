import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import { REGISTRY_WRITE } from '../access';
import type { EntityManager } from 'typeorm';
import type { SubgraphContext } from '../../kit/bureau';
import { addDays } from '../../kit/dates';
import { entityRows } from '../../kit/entity-rows';
import { NotFoundError, UserInputError } from '../../kit/errors';
import { permitEligibleFrom } from '../../kit/permit-eligibility';
import { isoDay } from '../../kit/scalars';
import { inTransaction, nextSerialNumber } from '../../kit/transactions';
import { requireId, requireNotInFuture } from '../../kit/validation';
import { ResidencePermit } from '../entities/residence-permit';
import type { PublicSecurityLoaders } from '../loaders';
import { IssueResidencePermitInput, RenewResidencePermitInput } from './registration-inputs';
import { lockPerson } from './registration-rules';

type Context = SubgraphContext<PublicSecurityLoaders>;

const CONSTRAINT_FIELDS = { residence_permit_number_unique: 'input.permitNumber' };

/** Permit numbers: issuing district (6) + year (4) + serial within both (6), the layout of the seeded permits. */
function nextPermitNumber(manager: EntityManager, districtCode: string, issuedOn: string): Promise<string> {
  return nextSerialNumber(manager, { table: 'residence_permit', column: 'number', prefix: `${districtCode}${issuedOn.slice(0, 4)}`, digits: 6 });
}

async function insertPermit(
  manager: EntityManager,
  values: { personId: string; districtCode: string; issuedOn: string; validFrom: string; validUntil: string; renewsPermitId: number | null },
): Promise<ResidencePermit> {
  const number = await nextPermitNumber(manager, values.districtCode, values.issuedOn);
  // Callers only ever add a period after the person's latest one, so the new permit becomes the latest.
  await manager.query('UPDATE residence_permit SET is_latest = false WHERE person_id = $1 AND is_latest', [values.personId]);
  const permitRows = entityRows(manager, ResidencePermit);
  const rows = await manager.query(
    `INSERT INTO residence_permit AS rp (number, person_id, issued_on, valid_from, valid_until, renews_permit_id, is_latest)
     VALUES ($1, $2, $3, $4, $5, $6, true) RETURNING ${permitRows.columns('rp')}`,
    [number, values.personId, values.issuedOn, values.validFrom, values.validUntil, values.renewsPermitId],
  );
  return permitRows.fromRow(rows[0]);
}

function latestPermit(manager: EntityManager, personId: string): Promise<ResidencePermit | null> {
  return manager.getRepository(ResidencePermit).findOne({ where: { personId }, order: { validFrom: 'DESC', id: 'DESC' } });
}

async function currentDistrict(manager: EntityManager, personId: string): Promise<string> {
  const [row] = await manager.query('SELECT district_code FROM residence_registration WHERE person_id = $1 AND ended_on IS NULL', [personId]);
  if (!row) throw new UserInputError('input.personId', 'The person has no current residence registration to issue a permit for');
  return row.district_code;
}

@Resolver()
export class PermitMutations {
  @Authorized(REGISTRY_WRITE)
  @Mutation(() => ResidencePermit, { description: 'Issue a residence permit (办理居住证) to a registered person.' })
  async issueResidencePermit(
    @Arg('input', () => IssueResidencePermitInput, { description: 'What to record.' }) input: IssueResidencePermitInput,
    @Ctx() context: Context,
  ): Promise<ResidencePermit> {
    const issuedOn = isoDay(input.issuedOn);
    const validUntil = isoDay(input.validUntil);
    requireNotInFuture(issuedOn, 'input.issuedOn');
    if (validUntil <= issuedOn) throw new UserInputError('input.validUntil', 'input.validUntil must be after input.issuedOn');
    return inTransaction(context.db, CONSTRAINT_FIELDS, async (manager) => {
      const person = await lockPerson(manager, input.personId, 'input.personId');
      const eligibleFrom = permitEligibleFrom(person.arrivalDate);
      if (issuedOn < eligibleFrom) {
        throw new UserInputError('input.issuedOn', `A permit needs six months of residence: not before ${eligibleFrom}`);
      }
      const latest = await latestPermit(manager, person.id);
      if (latest && latest.revokedOn === null && latest.validUntil >= issuedOn) {
        throw new UserInputError('input.issuedOn', `The person holds permit ${latest.number} valid until ${latest.validUntil}: renew it instead`);
      }
      const districtCode = await currentDistrict(manager, person.id);
      return insertPermit(manager, { personId: person.id, districtCode, issuedOn, validFrom: issuedOn, validUntil, renewsPermitId: null });
    });
  }

  @Authorized(REGISTRY_WRITE)
  @Mutation(() => ResidencePermit, { description: 'Renew (续签) the latest permit: a new period following the old one.' })
  async renewResidencePermit(
    @Arg('input', () => RenewResidencePermitInput, { description: 'What to record.' }) input: RenewResidencePermitInput,
    @Ctx() context: Context,
  ): Promise<ResidencePermit> {
    const permitNumber = requireId(input.permitNumber, 'permit', 'input.permitNumber');
    const renewedOn = isoDay(input.renewedOn);
    const validUntil = isoDay(input.validUntil);
    requireNotInFuture(renewedOn, 'input.renewedOn');
    return inTransaction(context.db, CONSTRAINT_FIELDS, async (manager) => {
      const permit = await manager.getRepository(ResidencePermit).findOneBy({ number: permitNumber });
      if (!permit) throw new NotFoundError(`No residence permit numbered ${permitNumber}`, 'input.permitNumber');
      await lockPerson(manager, permit.personId, 'input.permitNumber');
      if (permit.revokedOn !== null) throw new UserInputError('input.permitNumber', 'A revoked permit cannot be renewed');
      const latest = await latestPermit(manager, permit.personId);
      if (latest && latest.id !== permit.id) {
        throw new UserInputError('input.permitNumber', `Permit ${permit.number} is not the latest; the latest is ${latest.number}`);
      }
      if (renewedOn < permit.issuedOn) throw new UserInputError('input.renewedOn', 'input.renewedOn must not be before the permit was issued');
      const validFrom = renewedOn > permit.validUntil ? renewedOn : addDays(permit.validUntil, 1);
      if (validUntil <= validFrom) throw new UserInputError('input.validUntil', `input.validUntil must be after the new period starts (${validFrom})`);
      const districtCode = await currentDistrict(manager, permit.personId);
      return insertPermit(manager, { personId: permit.personId, districtCode, issuedOn: renewedOn, validFrom, validUntil, renewsPermitId: permit.id });
    });
  }
}
