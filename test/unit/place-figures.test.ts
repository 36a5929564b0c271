import 'reflect-metadata';
import { execute, parse, printSchema } from 'graphql';
import { Arg, Authorized, Field, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { ReadLog, STATISTICS } from '../../subgraphs/kit/auth/access';
import { publicGrant } from '../../subgraphs/kit/auth/grant';
import type { Identity } from '../../subgraphs/kit/auth/identity';
import { FIRST_MONTH, monthCounted } from '../../subgraphs/kit/monthly-series';
import { placeFigureResolvers } from '../../subgraphs/kit/place-figures';
import { PublishedTable } from '../../subgraphs/kit/published-table';
import { buildFederatedSchema } from '../../subgraphs/kit/schema';

// A bureau of its own publishing a count at districts and communities, and a monthly series at districts only.

const PLACE = publicGrant('probe place');

@ObjectType('ProbeDistrict')
class ProbeDistrict {
  @Authorized(PLACE)
  @Field()
  code!: string;
}

@ObjectType('ProbeCommunity')
class ProbeCommunity {
  @Authorized(PLACE)
  @Field()
  code!: string;
}

@ObjectType('ProbeFigures')
class ProbeFigures {
  @Authorized(STATISTICS)
  @Field(() => Int, { nullable: true })
  residents!: number | null;
}

@Resolver()
class ProbePlaces {
  @Authorized(PLACE)
  @Query(() => ProbeDistrict)
  district(@Arg('code') code: string): ProbeDistrict {
    return Object.assign(new ProbeDistrict(), { code });
  }

  @Authorized(PLACE)
  @Query(() => ProbeCommunity)
  community(@Arg('code') code: string): ProbeCommunity {
    return Object.assign(new ProbeCommunity(), { code });
  }
}

type Context = { loaderCalls: string[] };

/** The release the series is served from: cut off in mid-2020, as one served while the next is counted would be. */
const RELEASE = new PublishedTable('2020-06-30', {});

const figures = placeFigureResolvers<Context>({
  places: { DISTRICT: ProbeDistrict, COMMUNITY: ProbeCommunity },
  grant: STATISTICS,
  fields: {
    residents: {
      levels: ['DISTRICT', 'COMMUNITY'],
      type: () => ProbeFigures,
      description: (level) => `Residents of the ${level.toLowerCase()}.`,
      resolve: async (place, context) => {
        context.loaderCalls.push(place.code);
        return Object.assign(new ProbeFigures(), { residents: place.code.length });
      },
    },
    residentsByMonth: {
      levels: ['DISTRICT'],
      type: () => [String],
      description: 'Months asked for.',
      monthly: true,
      table: async (context) => {
        context.loaderCalls.push('release');
        return RELEASE;
      },
      resolve: (place, table, months) => months.map((month) => `${place.code}@${month} as of ${table.asOf}`),
    },
  },
});

const schema = buildFederatedSchema({ name: 'probe-figures', resolvers: [ProbePlaces, ...figures], references: {} });
const analyst: Identity = { subject: 'a', bureau: 'statistics', role: 'ANALYST', community: null };

async function run(query: string) {
  const context = {
    access: { identity: analyst, purpose: 'statistics', reads: new ReadLog(), approved: new WeakMap(), timings: { verifyMs: 0, checksMs: 0, auditMs: 0 } },
    bureauAccess: {},
    loaderCalls: [] as string[],
  };
  const result = await execute({ schema, document: parse(query), contextValue: context });
  return { result, loaderCalls: context.loaderCalls };
}

describe('placeFigureResolvers: the figure fields of a bureau at the levels it publishes them', () => {
  // The arguments come in the order the bureaus' schema/ has always had them (type-graphql's, last first).
  it('builds one resolver class per level published, adding each field only at its levels, with its description', () => {
    expect(figures.map((resolver) => resolver.name)).toEqual(['ProbeDistrictFiguresResolver', 'ProbeCommunityFiguresResolver']);
    const sdl = printSchema(schema);
    expect(sdl).toContain(`type ProbeDistrict {
  code: String!

  """Residents of the district."""
  residents: ProbeFigures

  """Months asked for."""
  residentsByMonth(
    """Last month, YYYY-MM; the month of the latest release when absent."""
    to: String

    """First month, YYYY-MM (default 2013-01, when the plan began)."""
    from: String! = "${FIRST_MONTH}"
  ): [String!]
}`);
    expect(sdl).toContain(`type ProbeCommunity {
  code: String!

  """Residents of the community."""
  residents: ProbeFigures
}`);
  });

  it('resolves a field from the place code under the grant', async () => {
    const { result, loaderCalls } = await run(
      '{ district(code: "640104") { residents { residents } } community(code: "640104001001") { residents { residents } } }',
    );
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ district: { residents: { residents: 6 } }, community: { residents: { residents: 12 } } });
    expect(loaderCalls).toEqual(['640104', '640104001001']);
  });

  it("checks a monthly range against the cut-off of the release it reads, not today's", async () => {
    const served = await run('{ district(code: "640104") { residentsByMonth(from: "2020-05") } }');
    expect(served.result.errors).toBeUndefined();
    expect(served.result.data).toEqual({ district: { residentsByMonth: ['640104@2020-05 as of 2020-06-30', '640104@2020-06 as of 2020-06-30'] } });
    expect(served.loaderCalls).toEqual(['release']);
    for (const [query, message] of [
      ['residentsByMonth(from: "2013-13")', 'from must be a month written YYYY-MM, e.g. 2013-01'],
      ['residentsByMonth(from: "2020-01", to: "2020-07")', 'to must be between 2013-01 and the month of the latest release (2020-06)'],
      ['residentsByMonth(from: "2020-06", to: "2020-05")', 'from must not be after to'],
    ]) {
      const { result } = await run(`{ district(code: "640104") { ${query} } }`);
      expect(result.data).toEqual({ district: { residentsByMonth: null } });
      expect(result.errors?.map((error) => [error.path?.join('.'), error.message])).toEqual([['district.residentsByMonth', message]]);
    }
  });

  it('refuses a level with figures but no place type', () => {
    expect(() =>
      placeFigureResolvers<Context>({
        places: {},
        grant: STATISTICS,
        fields: { residents: { levels: ['CITY'], type: () => ProbeFigures, description: 'x', resolve: async () => null } },
      }),
    ).toThrow('figures residents are published at CITY, which has no place type');
  });
});

describe('monthCounted: how far a month of a series is counted in a release', () => {
  it("counts a month to its last day, and the cut-off's month to the cut-off, partial unless the cut-off ends it", () => {
    expect(monthCounted('2026-11', '2026-12-01')).toEqual({ month: '2026-11', partial: false, lastDayCounted: '2026-11-30' });
    expect(monthCounted('2026-12', '2026-12-01')).toEqual({ month: '2026-12', partial: true, lastDayCounted: '2026-12-01' });
    expect(monthCounted('2024-02', '2024-02-28')).toEqual({ month: '2024-02', partial: true, lastDayCounted: '2024-02-28' });
    expect(monthCounted('2024-02', '2024-02-29')).toEqual({ month: '2024-02', partial: false, lastDayCounted: '2024-02-29' });
  });
});
