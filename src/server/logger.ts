import pino, { type Logger } from 'pino';
import type { Config } from './config';

export type { Logger };

/** Structured JSON logs; phone numbers and message bodies are never logged in full at info. */
export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  return pino({
    level: config.logLevel,
    base: { service: 'chat-automation' },
    // query parameters of a failed statement hold phone numbers and message texts
    redact: {
      paths: ['req.headers.authorization', 'authorization', '*.authorization', 'err.parameters'],
      censor: '[redacted]',
    },
  });
}

/** "+4930123456" → "+49•••••456": enough to correlate, not enough to identify. */
export function maskPhone(phone: string | null | undefined): string | undefined {
  if (!phone) return undefined;
  if (phone.length <= 6) return '•'.repeat(phone.length);
  return `${phone.slice(0, 3)}${'•'.repeat(phone.length - 6)}${phone.slice(-3)}`;
}
