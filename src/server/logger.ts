import pino, { type Logger } from 'pino';
import type { Config } from './config';

export type { Logger };

/**
 * Structured JSON logs; phone numbers and message bodies are never logged in full at info.
 * Written to stdout in batches: lines gather until 4 KiB or at most 250 ms, then go out in one
 * asynchronous write (an activity logs two lines; a write per line was a profiled ~7 % of its CPU).
 * What is pending is written synchronously on exit; a stdout that stops draining holds at most
 * 16 MiB of lines, then drops them rather than the process's memory.
 */
export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  return pino(
    {
      level: config.logLevel,
      base: { service: 'chat-automation' },
      // query parameters of a failed statement hold phone numbers and message texts
      redact: {
        paths: ['req.headers.authorization', 'authorization', '*.authorization', 'err.parameters'],
        censor: '[redacted]',
      },
    },
    pino.destination({ dest: 1, sync: false, minLength: 4096, periodicFlush: 250, maxLength: 16 * 1024 * 1024 }),
  );
}

/** Resolves once every line logged so far is written (before writing to stdout directly). */
export function logsWritten(logger: Logger): Promise<void> {
  return new Promise((resolve) => logger.flush(() => resolve()));
}

/** "+4930123456" → "+49•••••456": enough to correlate, not enough to identify. */
export function maskPhone(phone: string | null | undefined): string | undefined {
  if (!phone) return undefined;
  if (phone.length <= 6) return '•'.repeat(phone.length);
  return `${phone.slice(0, 3)}${'•'.repeat(phone.length - 6)}${phone.slice(-3)}`;
}
