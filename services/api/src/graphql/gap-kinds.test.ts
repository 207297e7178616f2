import { GAP_DESCRIPTORS } from '@pathway/graph/gaps/gap-kinds';
import { buildSchema, GraphQLEnumType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { typeDefs } from './schema.ts';

describe('the GapKind enum of the SDL', () => {
  it('lists exactly the kinds the gap engine describes, in the same order', () => {
    const gapKind = buildSchema(typeDefs).getType('GapKind');
    expect(gapKind).toBeInstanceOf(GraphQLEnumType);
    const values = (gapKind as GraphQLEnumType).getValues().map((v) => v.name);
    expect(values).toEqual(Object.keys(GAP_DESCRIPTORS));
  });
});
