import { createConnection } from 'mysql2/promise';
import { pino } from 'pino';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createDataSource, createTestDatabase, dropDatabase, migrateDatabase, migratedTestDatabase, runMigrations, type DatabaseConnectionOptions, type TestDatabase } from '../src/index.js';

class FailingMigration1795462798297 implements MigrationInterface {
  name = 'FailingMigration1795462798297';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('SELECT * FROM no_such_table');
  }
  async down(): Promise<void> {}
}

class CreateWidgets1795462798296 implements MigrationInterface {
  name = 'CreateWidgets1795462798296';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE TABLE widgets (id INT PRIMARY KEY, label VARCHAR(50) NOT NULL, at DATETIME(3) NOT NULL)');
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE widgets');
  }
}

const silent = pino({ level: 'silent' });

describe('database against MariaDB', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase('database');
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('creates a utf8mb4 schema with a unique name', async () => {
    expect(db.options.database).toMatch(/^test_database_[0-9a-f]{8}$/);
    const other = await createTestDatabase('database');
    await other.drop();
    expect(other.options.database).not.toBe(db.options.database);

    const dataSource = await createDataSource({ ...db.options, migrations: [] }).initialize();
    try {
      const rows: Array<{ charset: string }> = await dataSource.query(
        'SELECT DEFAULT_CHARACTER_SET_NAME AS charset FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?',
        [db.options.database],
      );
      expect(rows).toEqual([{ charset: 'utf8mb4' }]);
    } finally {
      await dataSource.destroy();
    }
  });

  it('runs pending migrations once and round-trips text and instants', async () => {
    const dataSource = await createDataSource({ ...db.options, migrations: [CreateWidgets1795462798296] }).initialize();
    try {
      expect(await runMigrations(dataSource, silent)).toEqual(['CreateWidgets1795462798296']);
      expect(await runMigrations(dataSource, silent)).toEqual([]);

      const at = new Date('2026-03-01T23:30:00.123Z');
      await dataSource.query('INSERT INTO widgets (id, label, at) VALUES (1, ?, ?)', ['研修 😀', at]);
      const rows: Array<{ label: string; at: Date }> = await dataSource.query('SELECT label, at FROM widgets');
      expect(rows).toEqual([{ label: '研修 😀', at }]);
    } finally {
      await dataSource.destroy();
    }
  });

  it('drop() removes the schema', async () => {
    const scratch = await createTestDatabase('database');
    await scratch.drop();
    expect(await schemasLike(scratch.options, scratch.options.database)).toEqual([]);
  });

  it('migratedTestDatabase applies the migrations; its drop() closes the data source and removes the schema', async () => {
    const { db: migrated, dataSource } = await migratedTestDatabase('database', [CreateWidgets1795462798296]);
    expect(await dataSource.query('SELECT COUNT(*) AS n FROM widgets')).toEqual([{ n: '0' }]);
    await migrated.drop();
    expect(dataSource.isInitialized).toBe(false);
    expect(await schemasLike(db.options, migrated.options.database)).toEqual([]);
  });

  it('migrateDatabase (the migrate job) creates a missing schema, applies pending migrations once and disconnects', async () => {
    const options = { ...db.options, database: `${db.options.database}_job` };
    try {
      for (let run = 0; run < 2; run++) {
        const dataSource = createDataSource({ ...options, migrations: [CreateWidgets1795462798296] });
        await migrateDatabase(dataSource, silent);
        expect(dataSource.isInitialized).toBe(false);
      }
      const check = await createDataSource({ ...options, migrations: [] }).initialize();
      try {
        expect(await check.query('SELECT name FROM migrations')).toEqual([{ name: 'CreateWidgets1795462798296' }]);
      } finally {
        await check.destroy();
      }
    } finally {
      await dropDatabase(options);
    }
  });

  it('migratedTestDatabase drops the schema again when a migration fails', async () => {
    await expect(migratedTestDatabase('database_failing', [CreateWidgets1795462798296, FailingMigration1795462798297])).rejects.toThrow(/no_such_table/);
    expect(await schemasLike(db.options, 'test\\_database\\_failing\\_%')).toEqual([]);
  });
});

/** The server's schemas whose names match the LIKE `pattern`. */
async function schemasLike(server: DatabaseConnectionOptions, pattern: string): Promise<unknown[]> {
  const connection = await createConnection({ host: server.host, port: server.port, user: server.username, password: server.password });
  try {
    const [rows] = await connection.query('SHOW DATABASES LIKE ?', [pattern]);
    return rows as unknown[];
  } finally {
    await connection.end();
  }
}
