import 'reflect-metadata';
import { Authorized, Directive, Field, ID, ObjectType } from 'type-graphql';
import { PUBLIC_STRUCTURE } from './auth/access';
import { loadEthnicGroups, loadOriginRegions } from './reference-data';

// National reference codes every bureau uses the same way: value types any subgraph may return (@shareable).

@Directive('@shareable')
@ObjectType('Ethnicity', { description: 'Ethnic group (民族), GB/T 3304.' })
export class Ethnicity {
  @Authorized(PUBLIC_STRUCTURE)
  @Field(() => ID, { description: 'Two-digit GB/T 3304 code (03 = Hui 回族).' })
  code!: string;

  @Authorized(PUBLIC_STRUCTURE)
  @Field({ description: 'Name in Chinese (民族名称).' })
  name!: string;

  @Authorized(PUBLIC_STRUCTURE)
  @Field({ description: 'Name in English.' })
  nameEn!: string;
}

@Directive('@shareable')
@ObjectType('Region', { description: 'Administrative region (行政区划), GB/T 2260: a province, prefecture or city.' })
export class Region {
  @Authorized(PUBLIC_STRUCTURE)
  @Field(() => ID, { description: 'Six-digit GB/T 2260 code.' })
  code!: string;

  @Authorized(PUBLIC_STRUCTURE)
  @Field({ description: 'Name in Chinese.' })
  name!: string;

  @Authorized(PUBLIC_STRUCTURE)
  @Field({ description: 'Name in English.' })
  nameEn!: string;
}

let ethnicities: Map<string, Ethnicity> | undefined;
let regions: Map<string, Region> | undefined;

export function ethnicityByCode(code: string): Ethnicity | null {
  ethnicities ??= new Map(loadEthnicGroups().map((row) => [row.code, { code: row.code, name: row.nameZh, nameEn: row.nameEn }]));
  return ethnicities.get(code) ?? null;
}

export function regionByCode(code: string): Region | null {
  regions ??= new Map(loadOriginRegions().map((row) => [row.code, { code: row.code, name: row.nameZh, nameEn: row.nameEn }]));
  return regions.get(code) ?? null;
}
