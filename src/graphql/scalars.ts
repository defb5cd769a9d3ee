import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { GraphQLDateTime, GraphQLJSON } from 'graphql-scalars';
import { parseLocalDate } from '../domain/ring-plans/local-time';

export { GraphQLDateTime as DateTimeScalar, GraphQLJSON as JSONScalar };

function localDate(value: unknown): string {
  if (typeof value !== 'string' || parseLocalDate(value) === null) {
    throw new GraphQLError(
      `Date must be a calendar date in the form YYYY-MM-DD, e.g. 2026-12-24 (got ${JSON.stringify(value)})`,
    );
  }
  return value;
}

/**
 * A local calendar date "YYYY-MM-DD" without time or zone (validity of ring plans). Kept as a
 * string: a JS Date would pin it to an instant and shift it across zones. Impossible dates such
 * as 2026-02-30 are refused.
 */
export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: 'A local calendar date "YYYY-MM-DD" (no time, no zone), e.g. 2026-12-24',
  specifiedByURL: 'https://www.rfc-editor.org/rfc/rfc3339#section-5.6',
  serialize: localDate,
  parseValue: localDate,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING)
      throw new GraphQLError('Date must be a string in the form YYYY-MM-DD', { nodes: ast });
    return localDate(ast.value);
  },
});
