import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import { IsNull } from 'typeorm';
import { REGISTRY_WRITE } from '../access';
import type { SubgraphContext } from '../../kit/bureau';
import { addDays } from '../../kit/dates';
import { entityRows } from '../../kit/entity-rows';
import { UserInputError } from '../../kit/errors';
import { OpaqueIds } from '../../kit/opaque-ids';
import { isoDay } from '../../kit/scalars';
import { inTransaction } from '../../kit/transactions';
import { requireNonBlank, requireNotInFuture } from '../../kit/validation';
import { Person } from '../entities/person';
import { ResidenceRegistration } from '../entities/residence-registration';
import type { PublicSecurityLoaders } from '../loaders';
import { RecordMoveInput, RegisterPersonInput } from './registration-inputs';
import { lockPerson, requireKnownCommunity, validatePersonFields } from './registration-rules';

type Context = SubgraphContext<PublicSecurityLoaders>;

/** Registry ids of people registered through the API: a sequence, made opaque like the seeded ones. */
const registryIds = new OpaqueIds('public-security-registry', 'P');

const CONSTRAINT_FIELDS = {
  person_id_card_number_unique: 'input.idCardNumber',
  residence_current_unique: 'input.personId',
};

async function insertResidence(
  context: Context['db']['manager'],
  personId: string,
  communityCode: string,
  address: string,
  registeredOn: string,
): Promise<ResidenceRegistration> {
  const residenceRows = entityRows(context, ResidenceRegistration);
  const rows = await context.query(
    `INSERT INTO residence_registration AS r (person_id, address, community_code, street_code, district_code, registered_on)
     VALUES ($1, $2, $3::varchar, left($3::varchar, 9), left($3::varchar, 6), $4) RETURNING ${residenceRows.columns('r')}`,
    [personId, address, communityCode, registeredOn],
  );
  return residenceRows.fromRow(rows[0]);
}

@Resolver()
export class RegistrationMutations {
  @Authorized(REGISTRY_WRITE)
  @Mutation(() => Person, { description: 'Register a migrant and their first residence (流动人口登记).' })
  async registerPerson(
    @Arg('input', () => RegisterPersonInput, { description: 'What to record.' }) input: RegisterPersonInput,
    @Ctx() context: Context,
  ): Promise<Person> {
    const fields = validatePersonFields({
      familyName: input.familyName,
      givenName: input.givenName,
      sex: input.sex,
      birthDate: isoDay(input.birthDate),
      ethnicityCode: input.ethnicityCode,
      originRegionCode: input.originRegionCode,
      idCardNumber: input.idCardNumber,
      arrivalDate: isoDay(input.arrivalDate),
    });
    const address = requireNonBlank(input.residence.address, 'input.residence.address', 100);
    const person = await inTransaction(context.db, CONSTRAINT_FIELDS, async (manager) => {
      const communityCode = await requireKnownCommunity(manager, input.residence.communityCode, 'input.residence.communityCode');
      const taken = await manager.query('SELECT 1 FROM person WHERE id_card_number = $1', [fields.idCardNumber]);
      if (taken.length > 0) throw new UserInputError('input.idCardNumber', 'A person with this ID-card number is already registered');
      const [{ next }] = await manager.query(`SELECT nextval('person_registry_seq') AS next`);
      const created = Object.assign(new Person(), fields, { id: registryIds.make(Number(next)) });
      created.householdId = created.id;
      await manager.getRepository(Person).insert(created);
      await insertResidence(manager, created.id, communityCode, address, fields.arrivalDate);
      return created;
    });
    context.log.info({ personId: person.id }, 'person registered');
    return person;
  }

  @Authorized(REGISTRY_WRITE)
  @Mutation(() => ResidenceRegistration, {
    description: 'Record a move within the city: ends the current registration the day before and starts a new one.',
  })
  async recordMove(
    @Arg('input', () => RecordMoveInput, { description: 'What to record.' }) input: RecordMoveInput,
    @Ctx() context: Context,
  ): Promise<ResidenceRegistration> {
    const movedOn = isoDay(input.movedOn);
    requireNotInFuture(movedOn, 'input.movedOn');
    const address = requireNonBlank(input.address, 'input.address', 100);
    return inTransaction(context.db, CONSTRAINT_FIELDS, async (manager) => {
      const communityCode = await requireKnownCommunity(manager, input.communityCode, 'input.communityCode');
      await lockPerson(manager, input.personId, 'input.personId');
      const current = await manager.getRepository(ResidenceRegistration).findOneBy({ personId: input.personId, endedOn: IsNull() });
      if (current) {
        if (movedOn <= current.registeredOn) {
          throw new UserInputError('input.movedOn', `input.movedOn must be after the current registration began (${current.registeredOn})`);
        }
        if (current.communityCode === communityCode && current.address === address) {
          throw new UserInputError('input.address', 'The person is already registered at this address');
        }
        await manager.query('UPDATE residence_registration SET ended_on = $2 WHERE id = $1', [current.id, addDays(movedOn, -1)]);
      }
      return insertResidence(manager, input.personId, communityCode, address, movedOn);
    });
  }
}
