import { Authorized, Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { SCHOOLS } from '../access';

export enum SchoolLevel {
  KINDERGARTEN = 'KINDERGARTEN',
  PRIMARY = 'PRIMARY',
  JUNIOR_SECONDARY = 'JUNIOR_SECONDARY',
  SENIOR_SECONDARY = 'SENIOR_SECONDARY',
  VOCATIONAL = 'VOCATIONAL',
}
registerEnumType(SchoolLevel, {
  name: 'SchoolLevel',
  description: 'Level of a school.',
  valuesConfig: {
    KINDERGARTEN: { description: 'Kindergarten (幼儿园).' },
    PRIMARY: { description: 'Primary school (小学).' },
    JUNIOR_SECONDARY: { description: 'Junior secondary school (初中).' },
    SENIOR_SECONDARY: { description: 'Senior secondary school (普通高中).' },
    VOCATIONAL: { description: 'Secondary vocational school (中等职业学校).' },
  },
});

export enum SchoolOwnership {
  PUBLIC = 'PUBLIC',
  PRIVATE = 'PRIVATE',
}
registerEnumType(SchoolOwnership, {
  name: 'SchoolOwnership',
  description: 'Who runs a school.',
  valuesConfig: { PUBLIC: { description: 'Public (公办).' }, PRIVATE: { description: 'Private (民办).' } },
});

@Directive('@key(fields: "code")')
@ObjectType('School', { description: 'A school (学校) as registered by the Education Bureau (市教育局).' })
@Entity('school')
export class School {
  @Authorized(SCHOOLS)
  @Field(() => ID, { description: 'Ten-digit school code: district code, level digit, serial.' })
  @PrimaryColumn({ type: 'varchar', length: 10 })
  code!: string;

  @Authorized(SCHOOLS)
  @Field({ description: 'Name in Chinese (学校名称).' })
  @Column({ type: 'varchar', length: 48 })
  name!: string;

  @Authorized(SCHOOLS)
  @Field(() => SchoolLevel, { description: 'Level (学段).' })
  @Column({ type: 'varchar', length: 20 })
  level!: SchoolLevel;

  @Authorized(SCHOOLS)
  @Field(() => SchoolOwnership, { description: 'Public or private (公办/民办).' })
  @Column({ type: 'varchar', length: 8 })
  ownership!: SchoolOwnership;

  @Column({ name: 'district_code', type: 'varchar', length: 6 })
  districtCode!: string;

  @Column({ name: 'community_code', type: 'varchar', length: 12 })
  communityCode!: string;

  @Authorized(SCHOOLS)
  @Field(() => Int, { description: 'Places for the migrant pupils this bureau records (随迁子女学位).' })
  @Column({ type: 'integer' })
  capacity!: number;
}
