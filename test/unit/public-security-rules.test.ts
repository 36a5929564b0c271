import 'reflect-metadata';
import { permitEligibleDay, permitEligibleFrom } from '../../subgraphs/kit/permit-eligibility';
import { idCardCheckCharacter } from '../../subgraphs/kit/idcard';
import { formatDate, parseDate } from '../../subgraphs/kit/dates';
import { Sex } from '../../subgraphs/public-security/entities/person';
import { PermitStatus, permitStatusOn } from '../../subgraphs/public-security/entities/residence-permit';
import { personCriteria } from '../../subgraphs/public-security/resolvers/person-filter';
import { maskIdCardNumber } from '../../subgraphs/public-security/resolvers/person-resolver';
import { validatePersonFields } from '../../subgraphs/public-security/resolvers/registration-rules';
import { refusedField } from '../support/checks';

const first17 = '62290019880704003';
const valid = {
  familyName: ' 马 ',
  givenName: '建国',
  sex: Sex.MALE,
  birthDate: '1988-07-04',
  ethnicityCode: '03',
  originRegionCode: '622900',
  idCardNumber: first17 + idCardCheckCharacter(first17),
  arrivalDate: '2019-03-01',
};

describe('validatePersonFields', () => {
  it('accepts a consistent registration and trims names', () => {
    expect(validatePersonFields(valid, '2026-11-26')).toMatchObject({ familyName: '马', givenName: '建国' });
  });

  it.each([
    ['input.familyName', { familyName: '' }],
    ['input.givenName', { givenName: '一二三四五六七八九十一二三四五六七' }],
    ['input.birthDate', { birthDate: '2027-01-01' }],
    ['input.ethnicityCode', { ethnicityCode: '57' }],
    ['input.originRegionCode', { originRegionCode: '110000' }],
    ['input.idCardNumber', { idCardNumber: first17 + 'Y' }],
    ['input.idCardNumber', { sex: Sex.FEMALE }],
    ['input.idCardNumber', { birthDate: '1988-07-05' }],
    ['input.arrivalDate', { arrivalDate: '1980-01-01' }],
    ['input.arrivalDate', { arrivalDate: '2027-01-01' }],
  ])('names %s', (field, change) => {
    expect(refusedField(() => validatePersonFields({ ...valid, ...change }, '2026-11-26'))).toBe(field);
  });
});

describe('persons filter', () => {
  it('passes well-formed criteria through and names malformed ones', () => {
    expect(personCriteria({ districtCode: '640104', permitStatus: PermitStatus.VALID })).toEqual(
      expect.objectContaining({ districtCode: '640104', permitStatus: 'VALID' }),
    );
    expect(refusedField(() => personCriteria({ communityCode: '64010400100' }))).toBe('filter.communityCode');
    expect(refusedField(() => personCriteria({ ids: Array.from({ length: 101 }, (_, i) => `P${i}`) }))).toBe('filter.ids');
    expect(refusedField(() => personCriteria({ arrivedFrom: new Date('2024-01-02'), arrivedTo: new Date('2024-01-01') }))).toBe('filter.arrivedTo');
  });
});

describe('residence permit rules', () => {
  const permit = { validFrom: '2026-01-01', validUntil: '2026-12-31', revokedOn: null };

  it('derives the status on a day', () => {
    expect(permitStatusOn(permit, '2026-06-01')).toBe(PermitStatus.VALID);
    expect(permitStatusOn(permit, '2025-12-31')).toBe(PermitStatus.NOT_YET_VALID);
    expect(permitStatusOn(permit, '2027-01-01')).toBe(PermitStatus.EXPIRED);
    expect(permitStatusOn({ ...permit, revokedOn: '2026-03-01' }, '2026-06-01')).toBe(PermitStatus.REVOKED);
  });

  it('allows a permit from six months after arrival to the day, not the day before', () => {
    // The first allowed day, so the day before it is refused; month ends clamp, leap days count.
    expect(permitEligibleFrom('2026-01-15')).toBe('2026-07-15');
    expect(permitEligibleFrom('2026-01-14')).toBe('2026-07-14');
    expect(permitEligibleFrom('2026-07-31')).toBe('2027-01-31');
    expect(permitEligibleFrom('2026-02-28')).toBe('2026-08-28');
    expect(permitEligibleFrom('2025-08-31')).toBe('2026-02-28');
    expect(permitEligibleFrom('2023-08-31')).toBe('2024-02-29');
    expect(formatDate(permitEligibleDay(parseDate('2025-08-31')))).toBe(permitEligibleFrom('2025-08-31'));
  });

  it('sets no age limit: a child born in the city may hold a permit at six months old', () => {
    // 居住证暂行条例 art. 9: a minor applies through their guardian; the rule depends on the arrival day alone.
    expect(permitEligibleFrom('2026-03-10')).toBe('2026-09-10');
  });

  it('shows only the last four characters of an ID-card number', () => {
    expect(maskIdCardNumber('62290019880704003X')).toBe('**************003X');
  });
});
