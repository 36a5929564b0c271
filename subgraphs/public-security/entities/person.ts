import { Authorized, Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { BIRTH_DATE, IDENTITY_CORE } from '../access';
import { PERSON_KEY } from '../../kit/entity-references';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateScalar } from '../../kit/scalars';

export enum Sex {
  MALE = 'MALE',
  FEMALE = 'FEMALE',
}
registerEnumType(Sex, {
  name: 'Sex',
  description: 'Sex (性别) as recorded in the identity registry.',
  valuesConfig: { MALE: { description: 'Male (男).' }, FEMALE: { description: 'Female (女).' } },
});

/** The identity core of a migrant, kept by public security; other bureaus key their records on `id`. */
@Directive('@key(fields: "id")')
@ObjectType('Person', {
  description:
    'A migrant person (流动人口) registered by the Public Security Bureau (市公安局). The identity core lives here; every other bureau adds its own records about the person as fields.',
})
@Entity('person')
export class Person {
  @Authorized(PERSON_KEY)
  @Field(() => ID, { description: 'Opaque registry id issued by public security; never the ID-card number.' })
  @PrimaryColumn({ type: 'varchar', length: 16 })
  id!: string;

  @Authorized(IDENTITY_CORE)
  @Field({ nullable: true, description: 'Family name (姓).' })
  @Column({ name: 'family_name', type: 'varchar', length: 16 })
  familyName!: string;

  @Authorized(IDENTITY_CORE)
  @Field({ nullable: true, description: 'Given name (名).' })
  @Column({ name: 'given_name', type: 'varchar', length: 16 })
  givenName!: string;

  @Authorized(IDENTITY_CORE)
  @Field(() => Sex, { nullable: true, description: 'Sex (性别).' })
  @Column({ type: 'varchar', length: 6 })
  sex!: Sex;

  @Authorized(BIRTH_DATE)
  @Field(() => DateScalar, { nullable: true, description: 'Date of birth (出生日期).' })
  @Column({ name: 'birth_date', type: 'date' })
  birthDate!: string;

  /** GB/T 3304 code, exposed as `ethnicity`. */
  @Column({ name: 'ethnicity_code', type: 'varchar', length: 2 })
  ethnicityCode!: string;

  /** Place of household registration (户籍地), exposed as `originRegion`. */
  @Column({ name: 'origin_region_code', type: 'varchar', length: 6 })
  originRegionCode!: string;

  /** Citizen ID-card number (公民身份号码); only ever returned masked. */
  @Column({ name: 'id_card_number', type: 'varchar', length: 18 })
  idCardNumber!: string;

  @Authorized(IDENTITY_CORE)
  @Field(() => DateScalar, { nullable: true, description: 'Date of arrival in Yinchuan (来银日期).' })
  @Column({ name: 'arrival_date', type: 'date' })
  arrivalDate!: string;

  @Column({ name: 'household_id', type: 'varchar', length: 16 })
  householdId!: string;
}
