import { pino, type Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { MysqlDataSourceOptions } from 'typeorm/driver/mysql/MysqlDataSourceOptions.js';
import { ensureDatabase } from './ensure-database.js';

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

/**
 * The migrate job (Helm pre-upgrade hook, local platform start): creates the schema the data source
 * names if it is missing, applies pending migrations, disconnects. Schema first, then the services.
 */
export async function migrateDatabase(dataSource: DataSource, logger?: Logger): Promise<void> {
  const { host, port, username, password, database } = dataSource.options as MysqlDataSourceOptions;
  if (!host || !port || !username || typeof password !== 'string' || !database) throw new Error('migrateDatabase: the data source must name host, port, user, password and database');
  await ensureDatabase({ host, port, username, password, database });
  await dataSource.initialize();
  try {
    await runMigrations(dataSource, logger);
  } finally {
    await dataSource.destroy();
  }
}
