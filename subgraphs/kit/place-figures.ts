import { Authorized, ClassType, Ctx, Directive, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Grant } from './auth/grant';
import { FromMonth, requireMonthRange, ToMonth } from './monthly-series';
import type { PlaceLevel } from './places';
import type { PublishedTable } from './published-table';

/** A place as a figure field receives it: its code, and what the gateway brought for a `@requires`. */
export type FigurePlace = { code: string };

interface FigureFieldOptions {
  /** The levels the bureau publishes the field at. */
  levels: PlaceLevel[];
  /** The figure type at a level, as type-graphql takes it: `() => Figures` or `() => [Month]`. */
  type: (level: PlaceLevel) => object;
  description: string | ((level: PlaceLevel) => string);
  /** A federation directive on the field, e.g. `@requires(fields: "…")`, or at a level (none where it gives undefined). */
  directive?: string | ((level: PlaceLevel) => string | undefined);
}

/** A figure of a place, read from the bureau's release. */
export interface PlaceFigure<Context> extends FigureFieldOptions {
  monthly?: false;
  resolve(place: FigurePlace, context: Context): Promise<unknown>;
}

/**
 * A monthly series of a place (arguments `from` and `to`), read from the release table `table` gives: `months` are
 * the months asked for, checked against that release's cut-off — the one served, which while the next is counted is
 * the one before, whose series ends a month earlier.
 */
export interface MonthlyPlaceFigure<Context> extends FigureFieldOptions {
  monthly: true;
  table(context: Context): Promise<PublishedTable>;
  resolve(place: FigurePlace, table: PublishedTable, months: string[]): unknown;
}

const LEVELS: PlaceLevel[] = ['CITY', 'DISTRICT', 'STREET', 'COMMUNITY'];

/**
 * The resolvers of a bureau's figure fields on its place types: for each level it publishes a figure at, one resolver
 * class on that level's type (`places`) with the fields published there, in the order given, each a nullable field
 * under `grant`. A bureau keeps its own place types, loaders and figure types; the field resolver is written once.
 */
export function placeFigureResolvers<Context>(options: {
  places: Partial<Record<PlaceLevel, ClassType>>;
  grant: Grant;
  fields: Record<string, PlaceFigure<Context> | MonthlyPlaceFigure<Context>>;
}): ClassType[] {
  const resolvers: ClassType[] = [];
  for (const level of LEVELS) {
    const fields = Object.entries(options.fields).filter(([, field]) => field.levels.includes(level));
    if (fields.length === 0) continue;
    const placeType = options.places[level];
    if (!placeType) throw new Error(`figures ${fields.map(([name]) => name).join(', ')} are published at ${level}, which has no place type`);
    const resolver = class {};
    Object.defineProperty(resolver, 'name', { value: `${placeType.name}FiguresResolver` });
    for (const [name, field] of fields) addField(resolver.prototype, name, field, level, options.grant);
    Resolver(() => placeType)(resolver);
    resolvers.push(resolver);
  }
  return resolvers;
}

/** Defines the field's method and decorates it as `@Authorized @Directive @FieldResolver` with its parameters would. */
function addField<Context>(prototype: object, name: string, field: PlaceFigure<Context> | MonthlyPlaceFigure<Context>, level: PlaceLevel, grant: Grant): void {
  // Async, so that a bad month range rejects like any error of the field.
  const value = field.monthly
    ? async (place: FigurePlace, context: Context, from: string, to: string | null) => {
        const table = await field.table(context);
        return field.resolve(place, table, requireMonthRange(from, to, table.asOf));
      }
    : (place: FigurePlace, context: Context) => field.resolve(place, context);
  Object.defineProperty(prototype, name, { value, writable: true, configurable: true });
  const descriptor = Object.getOwnPropertyDescriptor(prototype, name)!;
  // Parameters first, the last first, then the method's decorators from the innermost, as TypeScript applies them:
  // type-graphql lists arguments in the order their decorators ran (`to` before `from` in schema/).
  if (field.monthly) {
    ToMonth()(prototype, name, 3);
    FromMonth()(prototype, name, 2);
  }
  Ctx()(prototype, name, 1);
  Root()(prototype, name, 0);
  const description = typeof field.description === 'string' ? field.description : field.description(level);
  FieldResolver(() => field.type(level), { nullable: true, description })(prototype, name, descriptor);
  const directive = typeof field.directive === 'function' ? field.directive(level) : field.directive;
  if (directive) Directive(directive)(prototype, name, descriptor);
  Authorized(grant)(prototype, name, descriptor);
}
