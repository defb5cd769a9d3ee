import { Kind, parse, type ConstDirectiveNode } from 'graphql';
import { startTestServer, type TestServer } from '../support/server';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => t?.close());

const isPublic = (directives: readonly ConstDirectiveNode[] | undefined) =>
  (directives ?? []).some(
    (d) =>
      d.name.value === 'tag' &&
      d.arguments?.some((a) => a.name.value === 'name' && a.value.kind === Kind.STRING && a.value.value === 'public'),
  );

it('tags every type and root field of the subgraph SDL @tag(name: "public") for contracts, with the link import', async () => {
  const res = await t.gql(`{ _service { sdl } }`);
  const sdl: string = res.data!._service.sdl;
  expect(sdl).toMatch(/@link\(url: "https:\/\/specs\.apollo\.dev\/federation\/v2\.\d", import: \[[^\]]*"@tag"/);
  const untagged: string[] = [];
  for (const def of parse(sdl).definitions) {
    if (
      !('name' in def) ||
      !def.name ||
      /^(_|link__|federation__)/.test(def.name.value) ||
      def.kind === Kind.DIRECTIVE_DEFINITION
    )
      continue;
    if (['Query', 'Mutation', 'Subscription'].includes(def.name.value) && 'fields' in def) {
      for (const f of def.fields ?? [])
        if (!f.name.value.startsWith('_') && !isPublic(f.directives))
          untagged.push(`${def.name.value}.${f.name.value}`);
    } else if (!isPublic('directives' in def ? (def.directives as readonly ConstDirectiveNode[]) : undefined)) {
      untagged.push(def.name.value);
    }
  }
  expect(untagged).toEqual([]);
});
