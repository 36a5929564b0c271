import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';

/**
 * The direct-SQL floor of `npm run bench`: what the page-of-20 workload costs with the best hand-written SQL straight
 * against the bureaus' databases, no GraphQL, no federation, no access checks. It answers the same JSON as the gateway
 * (same fields, same order), and the bench checks that before it measures. Only the page of 20 so far (issue 16).
 * The databases are found by the tables they hold, so no bureau is named here.
 */

export const RESIDENCE = `currentResidence { address community { code name street { name } district { name } } } residencePermits { number status }`;
/** The workload the floor answers: a page of 20 of a district ($district). */
export const PAGE_20 = `query BenchPage20($district: ID!) { persons(filter: { districtCode: $district }, first: 20) { totalCount edges { node { id name ${RESIDENCE} } } } }`;

export interface Floor {
  url: string;
  stop(): Promise<void>;
}

// The day in UTC, as kit/dates `today()` decides permit status.
const TODAY = `(now() AT TIME ZONE 'UTC')::date`;
const STATUS = `CASE WHEN revoked_on IS NOT NULL AND revoked_on <= ${TODAY} THEN 'REVOKED' WHEN valid_until < ${TODAY} THEN 'EXPIRED'
  WHEN valid_from > ${TODAY} THEN 'NOT_YET_VALID' ELSE 'VALID' END`;

async function poolHolding(pools: pg.Pool[], table: string): Promise<pg.Pool> {
  for (const pool of pools) {
    const { rows } = await pool.query(`SELECT to_regclass($1) IS NOT NULL AS present`, [`public.${table}`]);
    if (rows[0].present) return pool;
  }
  throw new Error(`no database holds the table ${table}`);
}

/** Starts the floor on the given PostgreSQL URLs (one per bureau) and an ephemeral port. */
export async function startFloor(databaseUrls: string[], connectionsPerDatabase = 10): Promise<Floor> {
  const pools = databaseUrls.map((connectionString) => new pg.Pool({ connectionString, max: connectionsPerDatabase }));
  const registry = await poolHolding(pools, 'residence_registration');
  const places = await poolHolding(pools, 'community');

  // Two statements on the registry (page with residence and permits; count), one on the places: as the federation must
  // cross databases, so does the floor, but each as one statement.
  async function page20(district: string) {
    const [pageRows, countRows] = await Promise.all([
      registry.query(
        `SELECT p.id, p.family_name || p.given_name AS name, r.address, r.community_code,
           (SELECT coalesce(json_agg(json_build_object('number', number, 'status', ${STATUS}) ORDER BY valid_from DESC, id DESC), '[]')
              FROM residence_permit WHERE person_id = p.id) AS permits
         FROM person p JOIN residence_registration r ON r.person_id = p.id AND r.ended_on IS NULL
         WHERE r.district_code = $1 ORDER BY r.person_id LIMIT 20`,
        [district],
      ),
      registry.query(
        // Every registration has its person (foreign key): the count needs the residence index alone.
        `SELECT count(*)::int AS count FROM residence_registration r WHERE r.ended_on IS NULL AND r.district_code = $1`,
        [district],
      ),
    ]);
    const codes = [...new Set(pageRows.rows.map((row) => row.community_code as string))];
    const { rows: placeRows } = await places.query(
      `SELECT c.code, c.name_zh AS name, s.name_zh AS street, d.name_zh AS district
       FROM community c JOIN street s ON s.code = c.street_code JOIN district d ON d.code = c.district_code WHERE c.code = ANY($1::varchar[])`,
      [codes],
    );
    const place = new Map(placeRows.map((row) => [row.code, row]));
    return {
      persons: {
        totalCount: countRows.rows[0].count,
        edges: pageRows.rows.map((row) => {
          const community = place.get(row.community_code);
          return {
            node: {
              id: row.id,
              name: row.name,
              currentResidence: {
                address: row.address,
                community: community
                  ? { code: community.code, name: community.name, street: { name: community.street }, district: { name: community.district } }
                  : null,
              },
              residencePermits: row.permits,
            },
          };
        }),
      },
    };
  }

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { variables?: { district?: string } };
      page20(String(body.variables?.district))
        .then((data) => {
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ data }));
        })
        .catch((error: Error) => {
          response.writeHead(500, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ errors: [{ message: error.message }] }));
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all(pools.map((pool) => pool.end()));
    },
  };
}
