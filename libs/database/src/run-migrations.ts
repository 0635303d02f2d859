import { pino, type Logger } from 'pino';
import type { DataSource } from 'typeorm';

/**
 * Runs the pending migrations, each in its own transaction, and logs their names. Note that
 * MySQL commits DDL implicitly, so a failed migration can leave its earlier statements applied:
 * keep each migration to one DDL change where possible.
 */
export async function runMigrations(dataSource: DataSource, logger: Logger = pino({ name: 'migrate' })): Promise<string[]> {
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  const names = applied.map((migration) => migration.name);
  if (names.length === 0) logger.info({ database: dataSource.options.database }, 'no pending migrations');
  for (const name of names) logger.info({ database: dataSource.options.database, migration: name }, 'migration applied');
  return names;
}
