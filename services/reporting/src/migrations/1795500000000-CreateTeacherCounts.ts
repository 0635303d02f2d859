import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateTeacherCounts1795500000000 implements MigrationInterface {
  name = 'CreateTeacherCounts1795500000000';

  async up(runner: QueryRunner): Promise<void> {
    // Orgs as reporting knows them from identity's events: only what reports need.
    await runner.query(`
      CREATE TABLE report_orgs (
        org_id CHAR(36) NOT NULL,
        path VARCHAR(255) NOT NULL,
        name VARCHAR(100) NOT NULL,
        level VARCHAR(16) NOT NULL,
        PRIMARY KEY (org_id),
        UNIQUE KEY uq_report_orgs_path (path)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    // One row per counted teacher: a second TeacherCreated for the same teacher cannot count twice.
    await runner.query(`
      CREATE TABLE counted_teachers (
        teacher_id CHAR(36) NOT NULL,
        org_path VARCHAR(255) NOT NULL,
        PRIMARY KEY (teacher_id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    // Keyed by path so counts can grow before the org's own event has arrived (topics are not ordered together).
    await runner.query(`
      CREATE TABLE teacher_counts (
        org_path VARCHAR(255) NOT NULL,
        direct INT UNSIGNED NOT NULL DEFAULT 0,
        total INT UNSIGNED NOT NULL DEFAULT 0,
        PRIMARY KEY (org_path)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE teacher_counts');
    await runner.query('DROP TABLE counted_teachers');
    await runner.query('DROP TABLE report_orgs');
  }
}
