import { randomBytes } from 'node:crypto';
import type { DatabaseConnectionOptions } from './data-source.js';
import { dropDatabase, ensureDatabase } from './ensure-database.js';

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
