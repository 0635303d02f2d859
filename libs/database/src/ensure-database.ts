import { createConnection } from 'mysql2/promise';
import type { DatabaseConnectionOptions } from './data-source.js';

const DATABASE_NAME = /^[A-Za-z0-9_]{1,64}$/;

/** The name, back-quoted for SQL; names are interpolated into DDL, so anything unusual is refused. */
export function quoteDatabaseName(name: string): string {
  if (!DATABASE_NAME.test(name)) {
    throw new Error(`database name "${name}" is invalid: use 1–64 letters, digits or underscores`);
  }
  return `\`${name}\``;
}

/** Creates the schema if missing (utf8mb4), for migrate jobs and tests; a no-op when it exists. */
export async function ensureDatabase(options: DatabaseConnectionOptions): Promise<void> {
  await withServerConnection(options, (connection) =>
    connection.query(`CREATE DATABASE IF NOT EXISTS ${quoteDatabaseName(options.database)} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`),
  );
}

/** Drops the schema if it exists. */
export async function dropDatabase(options: DatabaseConnectionOptions): Promise<void> {
  await withServerConnection(options, (connection) => connection.query(`DROP DATABASE IF EXISTS ${quoteDatabaseName(options.database)}`));
}

type Connection = Awaited<ReturnType<typeof createConnection>>;

/** Runs `fn` on a connection to the server without selecting a schema (it may not exist yet). */
async function withServerConnection(options: DatabaseConnectionOptions, fn: (connection: Connection) => Promise<unknown>): Promise<void> {
  const connection = await createConnection({ host: options.host, port: options.port, user: options.username, password: options.password });
  try {
    await fn(connection);
  } finally {
    await connection.end();
  }
}
