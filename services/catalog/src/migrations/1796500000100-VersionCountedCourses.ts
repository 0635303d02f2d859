import type { MigrationInterface, QueryRunner } from 'typeorm';

const TABLE = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';

export class VersionCountedCourses1796500000100 implements MigrationInterface {
  name = 'VersionCountedCourses1796500000100';

  async up(runner: QueryRunner): Promise<void> {
    // The version and time of the last counted-courses event per (project, teacher): both only grow, so
    // consumers keep the newest list; the row lock orders concurrent republications of one teacher.
    await runner.query(`
      CREATE TABLE counted_versions (
        project_id CHAR(36) NOT NULL,
        teacher_id CHAR(36) NOT NULL,
        version INT UNSIGNED NOT NULL,
        occurred_at DATETIME(3) NOT NULL,
        PRIMARY KEY (project_id, teacher_id)
      ) ${TABLE}`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE counted_versions');
  }
}
