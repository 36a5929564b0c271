import { Authorized, Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { DateScalar } from '../../kit/scalars';
import { VACCINATIONS } from '../access';
import { Vaccine } from './vaccines';

/** One dose given to one child. */
@ObjectType('VaccinationRecord', { description: 'A dose of a programme vaccine given to a migrant child (预防接种记录).' })
@Entity('vaccination')
export class VaccinationRecord {
  @Authorized(VACCINATIONS)
  @Field(() => ID, { nullable: true, description: 'Id of this record.' })
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'child_id', type: 'varchar', length: 16 })
  childId!: string;

  @Authorized(VACCINATIONS)
  @Field(() => Vaccine, { nullable: true, description: 'The vaccine (疫苗).' })
  @Column({ type: 'varchar', length: 8 })
  vaccine!: Vaccine;

  @Authorized(VACCINATIONS)
  @Field(() => Int, { nullable: true, description: 'Which dose of the vaccine (剂次), from 1.' })
  @Column({ type: 'smallint' })
  dose!: number;

  @Authorized(VACCINATIONS)
  @Field(() => DateScalar, { nullable: true, description: 'Day the dose was given (接种日期).' })
  @Column({ name: 'vaccinated_on', type: 'date' })
  vaccinatedOn!: string;

  /** Null for a dose given before the child came, copied from the vaccination certificate (预防接种证). */
  @Column({ name: 'clinic_code', type: 'varchar', length: 10, nullable: true })
  clinicCode!: string | null;
}
