import 'reflect-metadata';
import { startServer } from './server/app';
import { ConfigError, loadConfig } from './server/config';
import { DatabaseStartError } from './server/database';
import { EmbeddedPostgresError } from './server/embedded-postgres';
import { createLogger } from './server/logger';
import { installShutdown } from './server/shutdown';

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
  const server = await startServer(config, logger);
  installShutdown(server, logger, config.shutdownTimeoutMs);
  if (config.env !== 'production' && server.auth.sign) {
    const token = await server.auth.sign({ sub: 'dev-admin', role: 'ADMIN', teams: ['demo-team'] });
    process.stdout.write(
      `\nchat-automation is listening on http://localhost:${server.port}/graphql\n` +
        `Development token (ADMIN of team "demo-team", 12 h):\n  Authorization: Bearer ${token}\n` +
        `Try: { team(id: "demo-team") { chatSettings { senderName timeZone } } }\n\n`,
    );
  }
}

main().catch((err) => {
  // a failure we can explain is printed as its cause and what to do; anything else with its stack
  const known = err instanceof DatabaseStartError || err instanceof EmbeddedPostgresError;
  process.stderr.write(`chat-automation failed to start: ${known ? err.message : err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
