import { createLogger } from './logger';
import { loadSettings, LogLevel, Settings, SettingsError } from './settings';

/** What a process's start gives back: how to stop it. */
export interface Stoppable {
  stop(): Promise<void>;
}

export interface ProcessEntry<T extends Stoppable> {
  /** The service, in its log lines. */
  name: string;
  /** Starts the process's work on settings already checked. */
  start(settings: Settings): Promise<T>;
  /**
   * Tells of a fatal error (`message`: "failed to start", "the configuration is not valid", …) before the process
   * exits 1; by default a `fatal` JSON log line, as the services log. A configuration refused comes as a
   * SettingsError, whose `problems` name each variable and what it accepts.
   */
  reportFatal?(message: string, error: unknown): void;
}

/**
 * The entry of every process (a subgraph, the gateway, `npm start`): checks the whole configuration before anything
 * opens, starts, and stops on SIGINT or SIGTERM (exit 0; another signal while stopping changes nothing, and one during
 * the start stops the process once started). A configuration refused, a start or a stop that fails, an uncaught
 * exception or an unhandled rejection is told and ends the process with exit 1.
 */
export function runProcess<T extends Stoppable>(entry: ProcessEntry<T>): void {
  // Until the settings are read: a refused configuration is told at the default level.
  let level: LogLevel = 'info';
  const reportFatal =
    entry.reportFatal ??
    ((message: string, error: unknown) => {
      const details = error instanceof SettingsError ? { problems: error.problems } : { err: error };
      createLogger(entry.name, level).fatal(details, message);
    });
  const fail = (message: string) => (error: unknown) => {
    reportFatal(message, error);
    process.exit(1);
  };
  process.on('uncaughtException', fail('uncaught exception'));
  process.on('unhandledRejection', fail('unhandled rejection'));

  let settings: Settings;
  try {
    settings = loadSettings(process.env);
  } catch (error) {
    fail('the configuration is not valid')(error);
    return;
  }
  level = settings.LOG_LEVEL;
  const started = entry.start(settings);
  started.catch(fail('failed to start'));

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    let running: T;
    try {
      running = await started;
    } catch {
      return; // told above, and exiting
    }
    try {
      await running.stop();
    } catch (error) {
      fail('failed to stop')(error);
    }
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
