import 'reflect-metadata';
import { Authorized, ClassType, Directive, Field, Int, ObjectType } from 'type-graphql';
import { PUBLIC_STRUCTURE } from './auth/access';
import { UserInputError } from './errors';
import { IdKind, isWellFormedId } from './validation';

/** The graph's cap on `first`, the same for every connection. */
export const MAX_PAGE_SIZE = 100;

@Directive('@shareable')
@ObjectType({ description: 'Where a page of a connection stands in the whole list.' })
export class PageInfo {
  @Authorized(PUBLIC_STRUCTURE)
  @Field({ description: 'Whether more items follow the last one of this page.' })
  hasNextPage!: boolean;

  @Authorized(PUBLIC_STRUCTURE)
  @Field(() => String, { nullable: true, description: 'Cursor of the last item of this page; pass it as `after` for the next page.' })
  endCursor!: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

/** A page of a cursor connection; `totalCount` is a getter so the count is only queried when asked for. */
export interface ConnectionPage<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  readonly totalCount: Promise<number> | number;
}

/** Builds the `…Connection` and `…Edge` object types for a node type, all alike across the graph. */
export function connectionTypes<T extends object>(node: ClassType<T>, nodeName: string, description: string) {
  @ObjectType(`${nodeName}Edge`, { description: `One ${description} in a connection, with its cursor.` })
  class EdgeType {
    @Authorized(PUBLIC_STRUCTURE)
    @Field({ description: 'Opaque cursor of this item; stable when other items are added.' })
    cursor!: string;

    @Authorized(PUBLIC_STRUCTURE)
    @Field(() => node, { description: `The ${description}.` })
    node!: T;
  }

  @ObjectType(`${nodeName}Connection`, { description: `A page of ${description}s (cursor connection).` })
  class ConnectionType {
    @Authorized(PUBLIC_STRUCTURE)
    @Field(() => [EdgeType], { description: 'The items of this page, in the order of the list.' })
    edges!: EdgeType[];

    @Authorized(PUBLIC_STRUCTURE)
    @Field(() => PageInfo, { description: 'Whether more items follow, and the cursor to ask for them.' })
    pageInfo!: PageInfo;

    @Authorized(PUBLIC_STRUCTURE)
    @Field(() => Int, { description: 'Number of items in the whole list, all pages together.' })
    totalCount!: number;
  }
  return ConnectionType;
}

/** Checks `first` against the cap; `field` names the argument in the error. */
export function pageSize(first: number, field = 'first'): number {
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw new UserInputError(field, `${field} must be between 0 and ${MAX_PAGE_SIZE}`);
  }
  return first;
}

/** Cursors are the opaque form of a stable sort key (a primary key), so inserts never shift a page. */
export function encodeCursor(kind: string, key: string): string {
  return Buffer.from(`${kind}:${key}`, 'utf8').toString('base64url');
}

/** The key of a cursor of `kind`, checked to be an id of `key` before it goes into SQL like any id argument. */
export function decodeCursor(kind: string, cursor: string | null | undefined, key: IdKind, field = 'after'): string | undefined {
  if (cursor === null || cursor === undefined) return undefined;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const prefix = `${kind}:`;
  if (!text.startsWith(prefix) || !isWellFormedId(text.slice(prefix.length), key)) {
    throw new UserInputError(field, `${field} is not a cursor of this list`);
  }
  return text.slice(prefix.length);
}

/** What a page of a connection reads: rows in key order after a key, at most `limit`, and the count of the whole list. */
export interface PageSource<T> {
  /** The kind of the list's cursors (`school`), and of the key they carry, checked like any id before it goes into SQL. */
  kind: string;
  key: IdKind;
  /** Written before `keyOf` in a call, so that the compiler takes the row type from it. */
  read: (afterKey: string | undefined, limit: number) => Promise<T[]>;
  keyOf: (row: T) => string | number;
  count: () => Promise<number>;
  /** Each row read, handed to the request's entity loader, so that later lookups of it in the request cost nothing. */
  prime?: (row: T) => void;
}

/**
 * One page of a connection: `first` checked, `after` decoded, and one row more than the page read in key order; the
 * extra row only tells that more follow. `totalCount` is counted only when asked for.
 */
export async function readPage<T>(first: number, after: string | null | undefined, source: PageSource<T>): Promise<ConnectionPage<T>> {
  const size = pageSize(first);
  const rows = await source.read(decodeCursor(source.kind, after, source.key), size + 1);
  if (source.prime) for (const row of rows) source.prime(row);
  const edges = rows.slice(0, size).map((row) => ({ cursor: encodeCursor(source.kind, String(source.keyOf(row))), node: row }));
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > size, endCursor: edges.length ? edges[edges.length - 1].cursor : null },
    get totalCount() {
      return source.count();
    },
  };
}

/** A numeric key of a cursor (a record id), as the loaders take it. */
export const numericKey = (key: string | undefined): number | undefined => (key === undefined ? undefined : Number(key));
