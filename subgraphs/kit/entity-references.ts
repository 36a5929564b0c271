import { Authorized, Directive, Field, ID, ObjectType } from 'type-graphql';
import { publicGrant } from './auth/grant';
import { ExternalResidenceStatement } from './auth/residence-statement';
import type { EntityReference } from './bureau';
import { regionByCode } from './reference-types';

/**
 * The shared graph surface (../shared/graph-contract.md, "Entities and their owners"): the grants on the keys of the
 * entities every bureau refers to, and the stubs a bureau declares to return a reference to another bureau's entity
 * or to add fields to it. The owner's entity guards its key with the same grant, so a key reads the same everywhere.
 */

/**
 * The registry id is the key of Person: whoever may reach a Person (through a grant of its own) sees the id it reached
 * it by. It is opaque, so it says nothing about the person by itself.
 */
export const PERSON_KEY = publicGrant('registry id (entity key)');

/** The codes of places, the keys of District, Street, Community and the city's CityStatistics: public administrative facts. */
export const PLACE_KEY = publicGrant('place codes (entity keys)');

/** The GB/T 2260 codes of the regions of origin, the key of OriginReport: public reference data. */
export const ORIGIN_REGION_KEY = publicGrant('region of origin codes (entity key)');

/** How a bureau that adds fields to Person resolves its stub: the id is all it holds. */
export const PERSON_REFERENCE: EntityReference<unknown> = { grant: PERSON_KEY, resolve: (reference) => ({ id: String(reference.id) }) };

/** How a bureau that adds fields to a place resolves its stub: the code, with any `@external` fields the gateway passed. */
export const PLACE_REFERENCE: EntityReference<unknown> = { grant: PLACE_KEY, resolve: (reference) => reference };

/**
 * The stub of Person in a bureau that adds fields to it; `adds` completes its description ("education adds their
 * schooling"). It declares the residence statement `@external`, for the bureau to `@requires` it (residence-statement.ts).
 */
export function personReference(adds: string) {
  @Directive('@key(fields: "id")')
  @ObjectType('Person', { description: `A migrant person (public security); ${adds}.` })
  class PersonReference {
    @Authorized(PERSON_KEY)
    @Field(() => ID, { description: 'Registry id issued by public security.' })
    id!: string;

    @ExternalResidenceStatement()
    residenceStatement?: string | null;
  }
  return PersonReference;
}

/** The description of each level's code in a stub. */
const PLACE_CODES = {
  CityStatistics: 'GB/T 2260 code of the city (640100).',
  District: 'GB/T 2260 six-digit code.',
  Street: '9-digit street code.',
  Community: '12-digit community code.',
} as const;

export type PlaceLevel = keyof typeof PLACE_CODES;

/** The decorator of an `@external` field a stub declares, typed with the value the gateway passes in it. */
export type ExternalField<T> = PropertyDecorator & { readonly passes?: T };

type ExternalValues<E> = { [K in keyof E]?: E[K] extends ExternalField<infer T> ? T | null : never };

/**
 * The stub of a place (owned by civil affairs) in a bureau that returns references to it or adds fields to it, with the
 * `@external` fields the bureau `@requires` declared after the key, in the order given. type-graphql does not inherit
 * `@key` or `@ObjectType`, so they are passed here rather than declared on a subclass.
 */
export function placeReference<E extends Record<string, ExternalField<unknown>> = Record<never, never>>(level: PlaceLevel, description: string, externals?: E) {
  @Directive('@key(fields: "code")')
  @ObjectType(level, { description })
  class PlaceReference {
    @Authorized(PLACE_KEY)
    @Field(() => ID, { description: PLACE_CODES[level] })
    code!: string;
  }
  for (const [property, declare] of Object.entries(externals ?? {})) declare(PlaceReference.prototype, property);
  return PlaceReference as new () => PlaceReference & ExternalValues<E>;
}

/**
 * The stub of OriginReport (owned by public security) in a bureau that adds its figures of the migrants from a region
 * of origin; `adds` completes its description ("education adds the children enrolled").
 */
export function originReportReference(adds: string) {
  @Directive('@key(fields: "code")')
  @ObjectType('OriginReport', { description: `The figures for the exchange with one region of origin (public security); ${adds}.` })
  class OriginReportReference {
    @Authorized(ORIGIN_REGION_KEY)
    @Field(() => ID, { description: 'GB/T 2260 code of the region of origin.' })
    code!: string;
  }
  return OriginReportReference;
}

/** How a bureau that adds fields to OriginReport resolves its stub: a region of origin's code, else no report. */
export const ORIGIN_REPORT_REFERENCE: EntityReference<unknown> = {
  grant: ORIGIN_REGION_KEY,
  resolve: (reference) => (regionByCode(String(reference.code)) ? { code: String(reference.code) } : null),
};
