import pino, { type Logger } from 'pino';

/** JSON logs; secrets and media bytes are redacted wherever they appear in a logged object. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'orchestrator' },
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        '*.data_base64',
        '*.*.data_base64',
        '*.*.*.data_base64',
        'authorization',
        'password',
        'apiKey',
      ],
      censor: '[redacted]',
    },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}

export type { Logger };
