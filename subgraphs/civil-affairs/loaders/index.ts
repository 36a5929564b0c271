import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import { entityRows } from '../../kit/entity-rows';
import { manyByKey, once, oneByKey } from '../../kit/loaders';
import { Community } from '../entities/community';
import { District } from '../entities/district';
import { ServicePoint } from '../entities/service-point';
import { Street } from '../entities/street';
import { createCaseRelease } from './case-figures';
import { createCaseLoaders } from './cases';

/**
 * Communities with their street and district, in one statement: a community is nearly always shown with both (an
 * address), and the two loaders are primed with them, so `community { street { name } district { name } }` costs
 * one statement, not three.
 */
function communitiesWithTheirPlaces(db: DataSource, street: DataLoader<string, Street | null>, district: DataLoader<string, District | null>) {
  const [communityRows, streetRows, districtRows] = [entityRows(db, Community), entityRows(db, Street), entityRows(db, District)];
  return new DataLoader<string, Community | null>(async (codes) => {
    const rows: Record<string, unknown>[] = await db.query(
      `SELECT ${communityRows.columns('c', 'c_')}, ${streetRows.columns('s', 's_')}, ${districtRows.columns('d', 'd_')}
       FROM community c JOIN street s ON s.code = c.street_code JOIN district d ON d.code = c.district_code
       WHERE c.code = ANY($1::varchar[])`,
      [codes],
    );
    const found = rows.map((row) => {
      const place = streetRows.fromPrefixedRow(row, 's_');
      street.prime(place.code, place);
      const county = districtRows.fromPrefixedRow(row, 'd_');
      district.prime(county.code, county);
      return communityRows.fromPrefixedRow(row, 'c_');
    });
    return oneByKey(codes, found, (c) => c.code);
  });
}

/** Per-request loaders: each batch is one SQL statement, whatever the number of keys. */
export function createLoaders(db: DataSource) {
  const districts = db.getRepository(District);
  const streets = db.getRepository(Street);
  const communities = db.getRepository(Community);
  const servicePoints = db.getRepository(ServicePoint);
  const district = new DataLoader<string, District | null>(async (codes) => oneByKey(codes, await districts.findBy({ code: In([...codes]) }), (d) => d.code));
  const street = new DataLoader<string, Street | null>(async (codes) => oneByKey(codes, await streets.findBy({ code: In([...codes]) }), (s) => s.code));
  return {
    allDistricts: once(() => districts.find({ order: { code: 'ASC' } })),
    district,
    street,
    community: communitiesWithTheirPlaces(db, street, district),
    streetsOfDistrict: new DataLoader<string, Street[]>(async (codes) =>
      manyByKey(codes, await streets.find({ where: { districtCode: In([...codes]) }, order: { code: 'ASC' } }), (s) => s.districtCode),
    ),
    communitiesOfDistrict: new DataLoader<string, Community[]>(async (codes) =>
      manyByKey(codes, await communities.find({ where: { districtCode: In([...codes]) }, order: { code: 'ASC' } }), (c) => c.districtCode),
    ),
    communitiesOfStreet: new DataLoader<string, Community[]>(async (codes) =>
      manyByKey(codes, await communities.find({ where: { streetCode: In([...codes]) }, order: { code: 'ASC' } }), (c) => c.streetCode),
    ),
    servicePointOfCommunity: new DataLoader<string, ServicePoint | null>(async (codes) =>
      oneByKey(codes, await servicePoints.findBy({ communityCode: In([...codes]) }), (p) => p.communityCode),
    ),
    ...createCaseLoaders(db),
    /** The bureau's latest statistics release, looked up once per request. */
    release: createCaseRelease(db),
    servicePointsOfDistrict: new DataLoader<string, ServicePoint[]>(async (codes) => {
      const points = await servicePoints
        .createQueryBuilder('sp')
        .where('left(sp.community_code, 6) IN (:...codes)', { codes })
        .orderBy('sp.opened_year')
        .addOrderBy('sp.community_code')
        .getMany();
      return manyByKey(codes, points, (p) => p.communityCode.slice(0, 6));
    }),
  };
}

export type CivilAffairsLoaders = ReturnType<typeof createLoaders>;
