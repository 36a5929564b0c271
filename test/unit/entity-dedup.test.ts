import { distinctRepresentations, expandEntities } from '../../gateway/entity-dedup';

const district = (code: string) => ({ __typename: 'District', code });

/** What a subgraph answers for `representations`, one entity or null each, with an error at each null (its oracle). */
function subgraphAnswer(representations: { code: string }[], missing: Set<string>) {
  const errors = representations.flatMap((r, i) =>
    missing.has(r.code) ? [{ message: `No district ${r.code}`, path: ['_entities', i, 'name'], extensions: { code: 'NOT_FOUND' } }] : [],
  );
  return {
    data: { _entities: representations.map((r) => (missing.has(r.code) ? null : { __typename: 'District', name: `District ${r.code}` })) },
    ...(errors.length ? { errors } : {}),
  };
}

describe('deduplicated _entities representations', () => {
  it('sends each distinct representation once and expands the answer, errors at their paths included, to what all would have got', () => {
    const codes = ['640104', '640105', '640104', '640106', '640104', '640105', '640106', '640107'];
    const representations = codes.map(district);
    const missing = new Set(['640106']);
    const repeats = distinctRepresentations(representations)!;
    expect(repeats.distinct).toEqual(['640104', '640105', '640106', '640107'].map(district));

    const answer = subgraphAnswer(repeats.distinct as { code: string }[], missing);
    // An error about the whole fetch, at no entity, is passed on once.
    const whole = { message: 'Slow', extensions: { code: 'SLOW' } };
    const expanded = expandEntities({ ...answer, errors: [...answer.errors!, whole] }, repeats.positions);
    const direct = subgraphAnswer(representations, missing);
    expect(expanded.data).toEqual(direct.data);
    expect(expanded.errors).toEqual(expect.arrayContaining([...direct.errors!, whole]));
    expect(expanded.errors).toHaveLength(direct.errors!.length + 1);
  });

  it('leaves fetches without repeats, or without representations, as they are', () => {
    expect(distinctRepresentations([district('1'), district('2')])).toBeNull();
    expect(distinctRepresentations([district('1')])).toBeNull();
    expect(distinctRepresentations(undefined)).toBeNull();
    // Representations that differ in any field are distinct.
    expect(distinctRepresentations([district('1'), { ...district('1'), extra: 1 }])).toBeNull();
  });

  it('expands an answer without data (the subgraph failed) to the same failure', () => {
    const repeats = distinctRepresentations([district('1'), district('1')])!;
    const failed = { errors: [{ message: 'The subgraph is unavailable', extensions: { code: 'SERVICE_UNAVAILABLE' } }] };
    expect(expandEntities(failed, repeats.positions)).toEqual(failed);
  });
});
