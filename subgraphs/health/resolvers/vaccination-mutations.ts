import { Arg, Authorized, Ctx, Field, ID, InputType, Int, Mutation, Resolver } from 'type-graphql';
import type { SubgraphContext } from '../../kit/bureau';
import { entityRows } from '../../kit/entity-rows';
import { UserInputError } from '../../kit/errors';
import { DateScalar, isoDay } from '../../kit/scalars';
import { inTransaction } from '../../kit/transactions';
import { requireId, requireNotBefore, requireNotInFuture } from '../../kit/validation';
import { VACCINATION_WRITE } from '../access';
import { Clinic } from '../entities/clinic';
import { RegisteredChild } from '../entities/registered-child';
import { VaccinationRecord } from '../entities/vaccination-record';
import { SCHEDULE, Vaccine } from '../entities/vaccines';
import type { HealthLoaders } from '../loaders';

type Context = SubgraphContext<HealthLoaders>;

@InputType({ description: 'A dose given to a migrant child at a clinic (接种登记).' })
export class RecordVaccinationInput {
  @Field(() => ID, { description: 'Registry id of the child (public security); the child must be in the health register.' })
  childId!: string;

  @Field(() => Vaccine, { description: 'The vaccine given.' })
  vaccine!: Vaccine;

  @Field(() => Int, { description: 'Which dose of the vaccine, from 1; the dose before it must be recorded first.' })
  dose!: number;

  @Field(() => DateScalar, { description: 'Day the dose was given; not in the future, not before the child was born.' })
  vaccinatedOn!: Date;

  @Field(() => ID, { description: 'The clinic that gave it (10 digits).' })
  clinicCode!: string;
}

const CONSTRAINT_FIELDS = { vaccination_dose_unique: 'input.dose' };

@Resolver()
export class VaccinationMutations {
  @Authorized(VACCINATION_WRITE)
  @Mutation(() => VaccinationRecord, { description: 'Record a dose given to a migrant child (接种登记), in the order of the schedule.' })
  async recordVaccination(
    @Arg('input', () => RecordVaccinationInput, { description: 'What to record.' }) input: RecordVaccinationInput,
    @Ctx() context: Context,
  ): Promise<VaccinationRecord> {
    const childId = requireId(input.childId, 'person', 'input.childId');
    const doses = SCHEDULE[input.vaccine].ageInMonths.length;
    if (!Number.isInteger(input.dose) || input.dose < 1 || input.dose > doses) {
      throw new UserInputError('input.dose', `input.dose must be from 1 to ${doses} for ${input.vaccine}`);
    }
    const vaccinatedOn = requireNotInFuture(isoDay(input.vaccinatedOn), 'input.vaccinatedOn');
    requireId(input.clinicCode, 'clinic', 'input.clinicCode');
    return inTransaction(context.db, CONSTRAINT_FIELDS, async (manager) => {
      // Locked, so that two doses of one child are recorded one after the other and each sees the dose before it.
      const child = await manager.getRepository(RegisteredChild).findOne({ where: { childId }, lock: { mode: 'pessimistic_write' } });
      if (!child) throw new UserInputError('input.childId', `${childId} is not a child in the health register`);
      requireNotBefore(vaccinatedOn, child.birthDate, 'input.vaccinatedOn', 'the birth date');
      if (!(await manager.getRepository(Clinic).existsBy({ code: input.clinicCode }))) {
        throw new UserInputError('input.clinicCode', `input.clinicCode ${input.clinicCode} is not a known clinic`);
      }
      const given: { dose: number; vaccinated_on: string }[] = await manager.query(
        `SELECT dose, to_char(vaccinated_on, 'YYYY-MM-DD') AS vaccinated_on FROM vaccination WHERE child_id = $1 AND vaccine = $2`,
        [childId, input.vaccine],
      );
      if (given.some((record) => record.dose === input.dose))
        throw new UserInputError('input.dose', `Dose ${input.dose} of ${input.vaccine} is already recorded`);
      const before = given.find((record) => record.dose === input.dose - 1);
      if (input.dose > 1 && !before) throw new UserInputError('input.dose', `Dose ${input.dose - 1} of ${input.vaccine} must be recorded first`);
      if (before && before.vaccinated_on >= vaccinatedOn) {
        throw new UserInputError('input.vaccinatedOn', `input.vaccinatedOn must be after dose ${input.dose - 1} (${before.vaccinated_on})`);
      }
      const records = entityRows(manager, VaccinationRecord);
      const rows = await manager.query(
        `INSERT INTO vaccination AS v (child_id, vaccine, dose, vaccinated_on, clinic_code) VALUES ($1, $2, $3, $4, $5) RETURNING ${records.columns('v')}`,
        [childId, input.vaccine, input.dose, vaccinatedOn, input.clinicCode],
      );
      return records.fromRow(rows[0]);
    });
  }
}
