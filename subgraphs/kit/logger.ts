import pino from 'pino';
import { envString } from './config';

/** Structured JSON logs on stdout, one line per event; `LOG_LEVEL` sets the threshold. */
export function createLogger(service: string): pino.Logger {
  return pino({ name: service, level: envString('LOG_LEVEL', 'info'), base: { service } });
}

export type Logger = pino.Logger;
