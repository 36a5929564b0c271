import { Authorized, Directive, Field, ID, ObjectType } from 'type-graphql';
import { CITY } from '../../kit/places';
import { PLACE_KEY } from '../../kit/entity-references';
import { GEOGRAPHY } from '../access';

/** The city as a whole: civil affairs owns it with the geography; every bureau adds its figures for the city. */
@Directive('@key(fields: "code")')
@ObjectType('CityStatistics', {
  description: 'Statistics of the whole city (全市统计, 银川市): each bureau adds its own figures, protected before they leave it (counts of 1–9 withheld).',
})
export class CityStatistics {
  @Authorized(PLACE_KEY)
  @Field(() => ID, { description: 'GB/T 2260 code of the city (640100).' })
  code!: string;

  @Authorized(GEOGRAPHY)
  @Field({ nullable: true, description: 'Name in Chinese (银川市).' })
  name!: string;

  @Authorized(GEOGRAPHY)
  @Field({ nullable: true, description: 'Name in English.' })
  nameEn!: string;
}

export function cityStatistics(): CityStatistics {
  return Object.assign(new CityStatistics(), CITY);
}
