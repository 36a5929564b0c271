import { Authorized, Directive, Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { EMPLOYERS } from '../access';
import { EmployerSize, Industry } from './enums';

@Directive('@key(fields: "code")')
@ObjectType('Employer', { description: 'An employer (用人单位) known to the Human Resources and Social Security Bureau (市人社局).' })
@Entity('employer')
export class Employer {
  @Authorized(EMPLOYERS)
  @Field(() => ID, { description: 'Unified social credit code (统一社会信用代码), 18 characters (synthetic).' })
  @PrimaryColumn({ type: 'varchar', length: 18 })
  code!: string;

  @Authorized(EMPLOYERS)
  @Field({ description: 'Registered name (单位名称).' })
  @Column({ type: 'varchar', length: 64 })
  name!: string;

  @Authorized(EMPLOYERS)
  @Field(() => Industry, { description: 'Industry (行业).' })
  @Column({ type: 'varchar', length: 24 })
  industry!: Industry;

  @Authorized(EMPLOYERS)
  @Field(() => EmployerSize, { description: 'Size class (规模).' })
  @Column({ type: 'varchar', length: 8 })
  size!: EmployerSize;

  @Column({ name: 'district_code', type: 'varchar', length: 6 })
  districtCode!: string;

  @Column({ name: 'community_code', type: 'varchar', length: 12 })
  communityCode!: string;
}
