export { createDataSource, type CreateDataSourceOptions, type DatabaseConnectionOptions } from './data-source.js';
export { ensureDatabase } from './ensure-database.js';
export { runMigrations } from './run-migrations.js';
export { createTestDatabase, type TestDatabase } from './test-database.js';
