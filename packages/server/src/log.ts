import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs on stdout (or `destination`, e.g. a test's in-memory list). Secrets are
 * redacted wherever they might appear.
 */
export function createLogger(level: string, destination?: { write(line: string): void }): Logger {
  const options = {
    level,
    base: undefined,
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.code', '*.token'],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
