import { GraphQLDateTime, GraphQLJSON, GraphQLLocalDate } from 'graphql-scalars';

export { GraphQLDateTime as DateTimeScalar, GraphQLJSON as JSONScalar, GraphQLLocalDate as DateScalar };
