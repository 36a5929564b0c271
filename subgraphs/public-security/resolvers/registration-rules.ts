import type { EntityManager } from 'typeorm';
import { today, yearsBetween } from '../../kit/dates';
import { UserInputError } from '../../kit/errors';
import { parseIdCardNumber } from '../../kit/idcard';
import { ethnicityByCode, regionByCode } from '../../kit/reference-types';
import { lockOrNotFound } from '../../kit/transactions';
import { requireId, requireNonBlank, requireNotBefore } from '../../kit/validation';
import { Person, Sex } from '../entities/person';

// Validation of registrations that needs no database, and the look-ups that do; mutations call both.

export interface PersonFields {
  familyName: string;
  givenName: string;
  sex: Sex;
  birthDate: string;
  ethnicityCode: string;
  originRegionCode: string;
  idCardNumber: string;
  arrivalDate: string;
}

/** Checks a new person's own fields; returns them trimmed. Errors name `input.<field>`. */
export function validatePersonFields(fields: PersonFields, on: string = today()): PersonFields {
  const familyName = requireNonBlank(fields.familyName, 'input.familyName', 16);
  const givenName = requireNonBlank(fields.givenName, 'input.givenName', 16);
  if (fields.birthDate > on) throw new UserInputError('input.birthDate', 'input.birthDate must not be in the future');
  if (yearsBetween(fields.birthDate, on) > 120) throw new UserInputError('input.birthDate', 'input.birthDate is more than 120 years ago');
  if (!ethnicityByCode(fields.ethnicityCode)) {
    throw new UserInputError('input.ethnicityCode', 'input.ethnicityCode is not a GB/T 3304 ethnic group code');
  }
  if (!regionByCode(fields.originRegionCode)) {
    throw new UserInputError('input.originRegionCode', 'input.originRegionCode is not a known origin region code');
  }
  const idCardNumber = fields.idCardNumber.trim().toUpperCase();
  const parsed = parseIdCardNumber(idCardNumber);
  if (!parsed) throw new UserInputError('input.idCardNumber', 'input.idCardNumber is not a valid 18-character ID-card number');
  if (parsed.birthDate !== fields.birthDate) {
    throw new UserInputError('input.idCardNumber', 'input.idCardNumber does not match input.birthDate');
  }
  if (parsed.sex !== fields.sex) throw new UserInputError('input.idCardNumber', 'input.idCardNumber does not match input.sex');
  requireNotBefore(fields.arrivalDate, fields.birthDate, 'input.arrivalDate', 'the birth date');
  if (fields.arrivalDate > on) throw new UserInputError('input.arrivalDate', 'input.arrivalDate must not be in the future');
  return { ...fields, familyName, givenName, idCardNumber };
}

/** A community code that public security's division list knows; errors name `field`. */
export async function requireKnownCommunity(manager: EntityManager, code: string, field: string): Promise<string> {
  requireId(code, 'community', field);
  const found = await manager.query(`SELECT 1 FROM administrative_division WHERE code = $1 AND level = 'COMMUNITY'`, [code]);
  if (found.length === 0) throw new UserInputError(field, `${field} ${code} is not a community of Yinchuan`);
  return code;
}

/** Loads a person for update inside a mutation's transaction, locking the row against concurrent changes. */
export async function lockPerson(manager: EntityManager, personId: string, field: string) {
  requireId(personId, 'person', field);
  return lockOrNotFound(manager, Person, { id: personId }, field, `No person with id ${personId}`);
}
