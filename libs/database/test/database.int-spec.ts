import { createConnection } from 'mysql2/promise';
import { pino } from 'pino';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createDataSource, createTestDatabase, runMigrations, type TestDatabase } from '../src/index.js';

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
    const connection = await createConnection({ host: scratch.options.host, port: scratch.options.port, user: scratch.options.username, password: scratch.options.password });
    try {
      const [rows] = await connection.query('SHOW DATABASES LIKE ?', [scratch.options.database]);
      expect(rows).toEqual([]);
    } finally {
      await connection.end();
    }
  });
});
