import type { Logger as PinoLogger } from 'pino';
import { DataSource, type EntitySchema, type MigrationInterface } from 'typeorm';
import type { MysqlDataSourceOptions } from 'typeorm/driver/mysql/MysqlDataSourceOptions.js';
import { TypeormPinoLogger } from './typeorm-pino-logger.js';

/** Where a schema lives and how to log in: everything `ensureDatabase` and `createTestDatabase` deal in. */
export interface DatabaseConnectionOptions {
  host: string;
  port: number;
  username: string;
  password: string;
  database: string;
}

export interface CreateDataSourceOptions extends DatabaseConnectionOptions {
  /** The service's migration classes, in order; run by `runMigrations`, never on start-up. */
  migrations: Array<new () => MigrationInterface>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- typeorm's own type for entity classes
  entities?: Array<Function | EntitySchema>;
  logger?: PinoLogger;
  /** Connections in the pool per process; keep replicas × poolSize under the server's max_connections. */
  poolSize?: number;
}

const DEFAULT_POOL_SIZE = 10;
const SLOW_QUERY_MS = 1000;

/** The typeorm options behind `createDataSource`, separate so they can be checked without a server. */
export function dataSourceOptions(options: CreateDataSourceOptions): MysqlDataSourceOptions {
  return {
    type: 'mysql',
    host: options.host,
    port: options.port,
    username: options.username,
    password: options.password,
    database: options.database,
    // MySQL 8 and MariaDB 10.11 both know this collation; MySQL's utf8mb4_0900_* does not exist in MariaDB.
    charset: 'utf8mb4_unicode_ci',
    // DATETIME columns carry no zone: store and read them as UTC so every process agrees.
    timezone: 'Z',
    poolSize: options.poolSize ?? DEFAULT_POOL_SIZE,
    entities: options.entities ?? [],
    migrations: options.migrations,
    // Schema changes go through reviewed migrations run by a job, never implicitly.
    synchronize: false,
    migrationsRun: false,
    ...(options.logger ? { logger: new TypeormPinoLogger(options.logger), maxQueryExecutionTime: SLOW_QUERY_MS } : {}),
  };
}

/** A typeorm DataSource for MySQL/MariaDB through mysql2; call `initialize()` before use. */
export function createDataSource(options: CreateDataSourceOptions): DataSource {
  return new DataSource(dataSourceOptions(options));
}
