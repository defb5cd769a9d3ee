import 'reflect-metadata';
import { ConfigError, loadConfig } from './server/config';
import { DatabaseStartError } from './server/database';
import { EmbeddedPostgresError } from './server/embedded-postgres';
import { createLogger, logsWritten } from './server/logger';
import { installShutdown } from './server/shutdown';
import { DEMO_TEAM } from './server/dev-tokens';
import { startTracing } from './server/tracing';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger(config);
  // tracing first: its instrumentations patch http, pg and graphql as the server loads them
  const tracing = startTracing(config);
  const { startServer } = await import('./server/app.js');
  const server = await startServer(config, logger);
  const stop = async () => {
    await server.stop();
    await tracing?.shutdown(); // exports the last spans after the drain
  };
  installShutdown({ stop }, logger, config.shutdownTimeoutMs);
  if (server.devTokens) {
    const t = server.devTokens;
    await logsWritten(logger); // the banner comes after the ready line
    process.stdout.write(
      `\nchat-automation is listening on http://localhost:${server.port}/graphql` +
        (config.graphqlIde ? ' (open it in a browser: GraphiQL with these tokens and example operations)' : '') +
        `\nDevelopment tokens for team "${DEMO_TEAM}", 12 h` +
        (server.auth.secretFile ? ` (secret kept in ${server.auth.secretFile}, so they survive restarts)` : '') +
        `:\n` +
        `  ADMIN   (settings, ring plans):      Authorization: Bearer ${t.ADMIN}\n` +
        `  ADVISOR (read, advisor actions):     Authorization: Bearer ${t.ADVISOR}\n` +
        `  SERVICE (record calls and messages): Authorization: Bearer ${t.SERVICE}\n` +
        `More: npm run token -- --role SERVICE --team <team> [--ttl 12h]\n` +
        `Try: { team(id: "${DEMO_TEAM}") { chatSettings { senderName timeZone } } }\n\n`,
    );
  }
}

main().catch((err) => {
  // a failure we can explain is printed as its cause and what to do; anything else with its stack
  const known = err instanceof DatabaseStartError || err instanceof EmbeddedPostgresError;
  process.stderr.write(
    `chat-automation failed to start: ${known ? err.message : err instanceof Error ? err.stack : String(err)}\n`,
  );
  process.exit(1);
});
