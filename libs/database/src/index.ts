export { createDataSource, type CreateDataSourceOptions, type DatabaseConnectionOptions } from './data-source.js';
export { dropDatabase, ensureDatabase } from './ensure-database.js';
export { migrateDatabase, runMigrations } from './run-migrations.js';
export { createTestDatabase, migratedTestDatabase, type MigratedTestDatabase, type TestDatabase } from './test-database.js';
