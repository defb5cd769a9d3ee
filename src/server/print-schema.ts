import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { printSubgraphSdl } from '../graphql/print-sdl';
import { subgraphSchema } from './app';

/** `npm run schema`: writes schema.graphql, the subgraph SDL a router composes. */
async function main(): Promise<void> {
  const sdl = await printSubgraphSdl(await subgraphSchema());
  const target = path.resolve(__dirname, '../../../schema.graphql');
  fs.writeFileSync(target, sdl);
  process.stdout.write(`wrote ${target}\n`);
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
