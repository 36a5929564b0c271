import pino from 'pino';
import { loadSettings, LogLevel } from './settings';

/** Structured JSON logs on stdout, one line per event, from `level` (default `LOG_LEVEL`) up. */
export function createLogger(service: string, level: LogLevel = loadSettings().LOG_LEVEL): pino.Logger {
  return pino({ name: service, level, base: { service } });
}

export type Logger = pino.Logger;
