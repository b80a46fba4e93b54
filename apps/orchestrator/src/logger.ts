import pino, { type Logger } from 'pino';
import { activeTraceIds } from './observability/tracing';

/** JSON logs; secrets and media bytes are redacted wherever they appear in a logged object. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
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
      mixin: activeTraceIds,
    },
    destination,
  );
}

export type { Logger };
