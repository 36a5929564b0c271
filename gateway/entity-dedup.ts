import type { GraphQLFormattedError } from 'graphql';

/**
 * The query planner passes `_entities` one representation per place in the answer: a page of 100 persons of one
 * district asks for the same District 100 times. A fetch sends each distinct representation once (the subgraph loads,
 * checks and counts less) and its answer is expanded back to the original positions, errors included, so that the
 * plan sees exactly the answer the subgraph would have given to every representation.
 */

/** A fetch's representations without their repeats, and for each original position the distinct one it stands for. */
export interface DistinctRepresentations {
  distinct: unknown[];
  positions: number[];
}

/** Null when there is nothing to remove (no list, or no repeats). */
export function distinctRepresentations(representations: unknown): DistinctRepresentations | null {
  if (!Array.isArray(representations) || representations.length < 2) return null;
  const index = new Map<string, number>();
  const distinct: unknown[] = [];
  // The planner builds each representation of a type with its fields in one order, so equal ones serialize alike.
  const positions = representations.map((representation) => {
    const key = JSON.stringify(representation);
    let at = index.get(key);
    if (at === undefined) {
      at = distinct.length;
      index.set(key, at);
      distinct.push(representation);
    }
    return at;
  });
  return distinct.length === representations.length ? null : { distinct, positions };
}

interface EntitiesAnswer {
  data?: Record<string, unknown> | null;
  errors?: readonly GraphQLFormattedError[];
}

/**
 * The answer to the distinct representations as the answer to all of them: `_entities[i]` is the distinct one's, and
 * an error at `_entities.<k>…` is repeated at each position that stands for k (an error at no entity stays as it is).
 */
export function expandEntities<T extends EntitiesAnswer>(answer: T, positions: number[]): T {
  const expanded = { ...answer };
  const entities = answer.data?._entities;
  if (Array.isArray(entities)) expanded.data = { ...answer.data, _entities: positions.map((at) => entities[at] ?? null) };
  if (answer.errors) {
    const originals: number[][] = [];
    positions.forEach((at, original) => (originals[at] ??= []).push(original));
    expanded.errors = answer.errors.flatMap((error) => {
      const [field, at, ...rest] = error.path ?? [];
      if (field !== '_entities' || typeof at !== 'number' || !originals[at]) return [error];
      return originals[at].map((original) => ({ ...error, path: [field, original, ...rest] }));
    });
  }
  return expanded;
}
