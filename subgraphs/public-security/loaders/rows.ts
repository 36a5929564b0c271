import { Person, Sex } from '../entities/person';
import { ResidencePermit } from '../entities/residence-permit';
import { ResidenceRegistration } from '../entities/residence-registration';

// Column lists and row mappers shared by the loaders: every read goes through raw SQL of one statement.

export const PERSON_COLUMNS = `p.id, p.family_name, p.given_name, p.sex, p.birth_date, p.ethnicity_code,
  p.origin_region_code, p.id_card_number, p.arrival_date, p.household_id`;

export const RESIDENCE_COLUMNS = `r.id, r.person_id, r.address, r.community_code, r.street_code, r.district_code,
  r.registered_on, r.ended_on`;

export const PERMIT_COLUMNS = `rp.id, rp.number, rp.person_id, rp.issued_on, rp.valid_from, rp.valid_until,
  rp.revoked_on, rp.renews_permit_id`;

type Row = Record<string, any>;

export function personFromRow(row: Row): Person {
  return Object.assign(new Person(), {
    id: row.id,
    familyName: row.family_name,
    givenName: row.given_name,
    sex: row.sex as Sex,
    birthDate: row.birth_date,
    ethnicityCode: row.ethnicity_code,
    originRegionCode: row.origin_region_code,
    idCardNumber: row.id_card_number,
    arrivalDate: row.arrival_date,
    householdId: row.household_id,
  });
}

export function residenceFromRow(row: Row): ResidenceRegistration {
  return Object.assign(new ResidenceRegistration(), {
    id: row.id,
    personId: row.person_id,
    address: row.address,
    communityCode: row.community_code,
    streetCode: row.street_code,
    districtCode: row.district_code,
    registeredOn: row.registered_on,
    endedOn: row.ended_on,
  });
}

export function permitFromRow(row: Row): ResidencePermit {
  return Object.assign(new ResidencePermit(), {
    id: row.id,
    number: row.number,
    personId: row.person_id,
    issuedOn: row.issued_on,
    validFrom: row.valid_from,
    validUntil: row.valid_until,
    revokedOn: row.revoked_on,
    renewsPermitId: row.renews_permit_id,
  });
}
