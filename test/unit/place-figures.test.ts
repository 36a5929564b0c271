import 'reflect-metadata';
import { execute, parse, printSchema } from 'graphql';
import { Arg, Authorized, Field, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { ReadLog, STATISTICS } from '../../subgraphs/kit/auth/access';
import { publicGrant } from '../../subgraphs/kit/auth/grant';
import type { Identity } from '../../subgraphs/kit/auth/identity';
import { FIRST_MONTH } from '../../subgraphs/kit/monthly-series';
import { placeFigureResolvers } from '../../subgraphs/kit/place-figures';
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
      resolve: async (place, _context, months) => months.map((month) => `${place.code}@${month}`),
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

  it('checks a monthly range before the field reads anything', async () => {
    const { result } = await run('{ district(code: "640104") { residentsByMonth(from: "2013-13") } }');
    expect(result.data).toEqual({ district: { residentsByMonth: null } });
    expect(result.errors?.map((error) => [error.path?.join('.'), error.message])).toEqual([
      ['district.residentsByMonth', 'from must be a month written YYYY-MM, e.g. 2013-01'],
    ]);
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
