import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateWatchStates1796800000000 implements MigrationInterface {
  name = 'CreateWatchStates1796800000000';

  async up(runner: QueryRunner): Promise<void> {
    // One row per teacher who ever reported watching: every transaction that changes a teacher's
    // progress locks it first, so heartbeats, quiz results and catalog changes of one teacher never
    // interleave (and no transaction reads a total another is about to change).
    await runner.query(`
      CREATE TABLE learners (
        teacher_id CHAR(36) NOT NULL,
        PRIMARY KEY (teacher_id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    // What a teacher watched of a course: unions of intervals per medium and day, and of the wall
    // clock per day (watching/watch-state.ts), as compact JSON. Never a total: a union applied twice
    // changes nothing, so redelivered heartbeats cannot double time.
    await runner.query(`
      CREATE TABLE watch_states (
        teacher_id CHAR(36) NOT NULL,
        course_id VARCHAR(64) NOT NULL,
        state MEDIUMTEXT NOT NULL,
        updated_at DATETIME(3) NOT NULL,
        PRIMARY KEY (teacher_id, course_id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE watch_states');
    await runner.query('DROP TABLE learners');
  }
}
