import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import type { DataSource } from 'typeorm';
import { createDataSource, type CreateDataSourceOptions, type DatabaseConnectionOptions } from './data-source.js';
import { dropDatabase, ensureDatabase } from './ensure-database.js';
import { runMigrations } from './run-migrations.js';

export interface TestDatabase {
  /** Connection options naming the fresh schema; spread them into `createDataSource`. */
  options: DatabaseConnectionOptions;
  drop(): Promise<void>;
}

const PREFIX = /^[a-z0-9_]{1,40}$/;

/**
 * Creates an empty schema `test_<prefix>_<random>` on the server named by DB_HOST, DB_PORT,
 * DB_USER and DB_PASSWORD (the local stack's env file), so test files running in parallel
 * never share tables.
 */
export async function createTestDatabase(prefix: string): Promise<TestDatabase> {
  if (!PREFIX.test(prefix)) throw new Error(`createTestDatabase: prefix "${prefix}" must be 1–40 lowercase letters, digits or underscores`);
  const options: DatabaseConnectionOptions = { ...serverFromEnv(), database: `test_${prefix}_${randomBytes(4).toString('hex')}` };
  await ensureDatabase(options);
  return { options, drop: () => dropDatabase(options) };
}

export interface MigratedTestDatabase {
  /** The schema; its `drop()` closes `dataSource` first, so it is the one clean-up call. */
  db: TestDatabase;
  /** Initialised on the schema, with every migration applied. */
  dataSource: DataSource;
}

/**
 * A fresh schema (see `createTestDatabase`) with `migrations` applied, quietly, and a data source on it.
 * When a migration fails the schema is dropped again before the error is rethrown.
 */
export async function migratedTestDatabase(prefix: string, migrations: CreateDataSourceOptions['migrations']): Promise<MigratedTestDatabase> {
  const schema = await createTestDatabase(prefix);
  const dataSource = createDataSource({ ...schema.options, migrations });
  const db: TestDatabase = {
    options: schema.options,
    drop: async () => {
      if (dataSource.isInitialized) await dataSource.destroy();
      await schema.drop();
    },
  };
  try {
    await dataSource.initialize();
    await runMigrations(dataSource, pino({ level: 'silent' }));
  } catch (error) {
    await db.drop();
    throw error;
  }
  return { db, dataSource };
}

function serverFromEnv(): Omit<DatabaseConnectionOptions, 'database'> {
  const missing: string[] = [];
  const read = (key: string): string => {
    const value = process.env[key];
    if (value === undefined) missing.push(key);
    return value ?? '';
  };
  const server = { host: read('DB_HOST'), port: Number(read('DB_PORT')), username: read('DB_USER'), password: read('DB_PASSWORD') };
  if (missing.length > 0) {
    throw new Error(`createTestDatabase: ${missing.join(', ')} not set; integration tests load them from the local stack's env file`);
  }
  if (!Number.isInteger(server.port)) throw new Error(`createTestDatabase: DB_PORT "${process.env.DB_PORT}" is not a port number`);
  return server;
}
