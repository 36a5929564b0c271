import { Authorized, Directive, Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { CLINICS } from '../access';

@Directive('@key(fields: "code")')
@ObjectType('Clinic', { description: 'A vaccination clinic (预防接种门诊) of the Health Bureau (市卫生局).' })
@Entity('clinic')
export class Clinic {
  @Authorized(CLINICS)
  @Field(() => ID, { description: 'Ten-digit clinic code: district code, 9, serial.' })
  @PrimaryColumn({ type: 'varchar', length: 10 })
  code!: string;

  @Authorized(CLINICS)
  @Field({ description: 'Name in Chinese (门诊名称).' })
  @Column({ type: 'varchar', length: 48 })
  name!: string;

  @Column({ name: 'district_code', type: 'varchar', length: 6 })
  districtCode!: string;

  @Column({ name: 'community_code', type: 'varchar', length: 12 })
  communityCode!: string;
}
