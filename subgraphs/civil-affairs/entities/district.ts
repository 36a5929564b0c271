import { Authorized, Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { PLACE_KEY } from '../../kit/entity-references';
import { GEOGRAPHY } from '../access';
import { Column, Entity, PrimaryColumn } from 'typeorm';

export enum DistrictKind {
  URBAN_DISTRICT = 'URBAN_DISTRICT',
  COUNTY = 'COUNTY',
  COUNTY_LEVEL_CITY = 'COUNTY_LEVEL_CITY',
}
registerEnumType(DistrictKind, {
  name: 'DistrictKind',
  description: 'Kind of county-level division.',
  valuesConfig: {
    URBAN_DISTRICT: { description: 'Urban district (市辖区).' },
    COUNTY: { description: 'County (县).' },
    COUNTY_LEVEL_CITY: { description: 'County-level city (县级市).' },
  },
});

@Directive('@key(fields: "code")')
@ObjectType('District', { description: 'District or county of Yinchuan (区/县), GB/T 2260; owned by civil affairs (市民政局).' })
@Entity('district')
export class District {
  @Authorized(PLACE_KEY)
  @Field(() => ID, { description: 'GB/T 2260 six-digit code, e.g. 640104.' })
  @PrimaryColumn({ type: 'varchar', length: 6 })
  code!: string;

  @Authorized(GEOGRAPHY)
  @Field({ nullable: true, description: 'Name in Chinese (名称).' })
  @Column({ name: 'name_zh', type: 'varchar', length: 32 })
  name!: string;

  @Authorized(GEOGRAPHY)
  @Field({ nullable: true, description: 'Name in English.' })
  @Column({ name: 'name_en', type: 'varchar', length: 64 })
  nameEn!: string;

  @Authorized(GEOGRAPHY)
  @Field(() => DistrictKind, { nullable: true, description: 'Urban district, county or county-level city.' })
  @Column({ type: 'varchar', length: 20 })
  kind!: DistrictKind;
}
