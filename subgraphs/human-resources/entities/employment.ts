import { Authorized, Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { DateScalar, MoneyScalar } from '../../kit/scalars';
import { PAY, WORK_RECORDS } from '../access';
import { ContractType } from './enums';

@ObjectType('Employment', { description: 'A job held by a migrant (就业记录), with its labour contract.' })
@Entity('employment')
export class Employment {
  @Authorized(WORK_RECORDS)
  @Field(() => ID, { nullable: true, description: 'Id of this employment record.' })
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'person_id', type: 'varchar', length: 16 })
  personId!: string;

  @Column({ name: 'employer_code', type: 'varchar', length: 18 })
  employerCode!: string;

  @Authorized(WORK_RECORDS)
  @Field({ nullable: true, description: 'Job title (岗位).' })
  @Column({ name: 'job_title', type: 'varchar', length: 48 })
  jobTitle!: string;

  @Authorized(WORK_RECORDS)
  @Field(() => DateScalar, { nullable: true, description: 'First day of work.' })
  @Column({ name: 'start_date', type: 'date' })
  startDate!: string;

  @Authorized(WORK_RECORDS)
  @Field(() => DateScalar, { nullable: true, description: 'Last day of work; null while employed.' })
  @Column({ name: 'end_date', type: 'date', nullable: true })
  endDate!: string | null;

  @Authorized(PAY)
  @Field(() => MoneyScalar, { nullable: true, description: 'Monthly wage in yuan (月工资).' })
  @Column({ name: 'monthly_wage_yuan', type: 'numeric', precision: 10, scale: 2 })
  monthlyWage!: string;

  @Authorized(PAY)
  @Field(() => Int, { nullable: true, description: 'Hours worked in a usual week (周工时).' })
  @Column({ name: 'weekly_hours', type: 'smallint' })
  weeklyHours!: number;

  @Authorized(WORK_RECORDS)
  @Field({ nullable: true, description: 'Whether a written labour contract was signed (签订劳动合同).' })
  @Column({ name: 'contract_signed', type: 'boolean' })
  contractSigned!: boolean;

  @Authorized(WORK_RECORDS)
  @Field(() => ContractType, { nullable: true, description: 'Kind of contract; null when none was signed.' })
  @Column({ name: 'contract_type', type: 'varchar', length: 12, nullable: true })
  contractType!: ContractType | null;
}
