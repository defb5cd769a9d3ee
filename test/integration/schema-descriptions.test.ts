import 'reflect-metadata';
import {
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isObjectType,
  isSpecifiedScalarType,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';
import { subgraphSchema } from '../../src/server/app';

/** Federation's and GraphQL's own elements, which this service does not describe. */
function isBuiltIn(type: GraphQLNamedType): boolean {
  return isIntrospectionType(type) || isSpecifiedScalarType(type) || /^(_|link__|federation__)/.test(type.name);
}

/** Every element of the public schema without a description, as Type, Type.field, Type.field(arg), Enum.VALUE. */
export function undocumented(schema: GraphQLSchema): string[] {
  const roots = new Set(
    [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].map((t) => t?.name),
  );
  const missing: string[] = [];
  const describe = (what: string, description: string | null | undefined) => {
    if (!description?.trim()) missing.push(what);
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (isBuiltIn(type)) continue;
    // the root operation types are documented by their fields
    if (!roots.has(type.name)) describe(type.name, type.description);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (field.name.startsWith('_')) continue; // _service, _entities
        describe(`${type.name}.${field.name}`, field.description);
        for (const arg of field.args) describe(`${type.name}.${field.name}(${arg.name})`, arg.description);
      }
    }
    if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) describe(`${type.name}.${field.name}`, field.description);
    }
    if (isEnumType(type)) {
      for (const value of type.getValues()) describe(`${type.name}.${value.name}`, value.description);
    }
  }
  return missing;
}

it('describes every type, field, argument, input field and enum value of the schema', async () => {
  expect(undocumented(await subgraphSchema())).toEqual([]);
});
