import { graphql, type GraphQLSchema } from 'graphql';

/** The SDL of `_service { sdl }` (exactly what a router composes), as committed in schema.graphql. */
export async function printSubgraphSdl(schema: GraphQLSchema): Promise<string> {
  const result = await graphql({ schema, source: '{ _service { sdl } }' });
  const sdl = (result.data as { _service?: { sdl?: string } } | null)?._service?.sdl;
  if (!sdl) throw new Error(`_service { sdl } failed: ${JSON.stringify(result.errors)}`);
  return `${sdl.trim()}\n`;
}
