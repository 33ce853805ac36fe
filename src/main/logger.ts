import pino, { type Logger } from 'pino';
import type { Environment } from './config';

/** Never written to a log line, wherever they appear in a logged object. */
export const REDACTED_PATHS = [
  'password',
  '*.password',
  'passwordHash',
  '*.passwordHash',
  'token',
  '*.token',
  'refreshToken',
  '*.refreshToken',
  'jwtToken',
  '*.jwtToken',
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
];

export type LogFormat = 'json' | 'pretty';

/** Readable lines for a developer at a terminal; JSON for everything else (files, pipes, log shippers, production). */
export const logFormatFor = (environment: Environment, stdoutIsTerminal: boolean): LogFormat =>
  stdoutIsTerminal && environment !== 'production' ? 'pretty' : 'json';

/**
 * Structured logs on stdout (or `destination`): JSON lines with ISO-8601 times, which log
 * shippers parse without configuration; or, `pretty`, coloured one-line text through pino's
 * own transport (pino-pretty, on a worker thread). Redaction applies to both.
 */
export const createLogger = (level: string, destination?: pino.DestinationStream, format: LogFormat = 'json'): Logger => {
  const options: pino.LoggerOptions = {
    level,
    base: undefined,
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  };
  if (format === 'pretty' && destination === undefined) {
    return pino({
      ...options,
      transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l', singleLine: true } },
    });
  }
  return pino(options, destination);
};
