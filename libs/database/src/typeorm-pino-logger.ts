import type { Logger as PinoLogger } from 'pino';
import type { Logger as TypeormLogger } from 'typeorm';

/**
 * Sends typeorm's messages to pino. Query parameters are never logged: they can hold personal
 * data (ID numbers, names) that must not reach the log pipeline.
 */
export class TypeormPinoLogger implements TypeormLogger {
  constructor(private readonly pino: PinoLogger) {}

  logQuery(query: string): void {
    this.pino.trace({ query }, 'query');
  }

  logQueryError(error: string | Error, query: string): void {
    this.pino.error({ err: error, query }, 'query failed');
  }

  logQuerySlow(time: number, query: string): void {
    this.pino.warn({ durationMs: time, query }, 'slow query');
  }

  logSchemaBuild(message: string): void {
    this.pino.debug(message);
  }

  logMigration(message: string): void {
    this.pino.info(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.pino.warn({ detail: message }, 'typeorm');
    else this.pino.info({ detail: message }, 'typeorm');
  }
}
