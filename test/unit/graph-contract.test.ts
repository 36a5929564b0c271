import { isNonNullType, isObjectType } from 'graphql';
import { loadSupergraph, typeGraphs } from '../support/supergraph';

// The graph contract: a bureau that is down nulls only its own fields. The gateway nulls a failed field, and a
// non-null one takes its parent with it — so entry points, and the fields a bureau serves on an entity that other
// bureaus hand out references to, must be nullable. Checked on the composed supergraph, so a bureau's change that
// breaks the rule fails here with the field's name.

describe('nullability across bureaus', () => {
  const supergraph = loadSupergraph();

  it('keeps every entry point nullable, so one bureau down cannot null the whole answer', () => {
    const nonNull = Object.values(supergraph.getQueryType()!.getFields())
      .filter((field) => !field.name.startsWith('_') && isNonNullType(field.type))
      .map((field) => `Query.${field.name}`);
    expect(nonNull).toEqual([]);
  });

  it('keeps nullable every field of a shared entity that only some of its bureaus resolve', () => {
    const nonNull: string[] = [];
    for (const type of Object.values(supergraph.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('_') || type.name === 'Query' || type.name === 'Mutation') continue;
      const graphs = typeGraphs(type);
      // Value types (no key) are resolved whole by the bureau that returns them; entities are joined across bureaus.
      if (graphs.length < 2 || !graphs.some(({ key }) => key)) continue;
      const keyFields = new Set(graphs.flatMap(({ key }) => key?.split(/\s+/) ?? []));
      for (const field of Object.values(type.getFields())) {
        if (!keyFields.has(field.name) && isNonNullType(field.type)) nonNull.push(`${type.name}.${field.name}`);
      }
    }
    expect(nonNull).toEqual([]);
  });
});
