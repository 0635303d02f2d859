import type { MigrationInterface, QueryRunner } from 'typeorm';

export class TrackCountedTeacherState1795600000000 implements MigrationInterface {
  name = 'TrackCountedTeacherState1795600000000';

  async up(runner: QueryRunner): Promise<void> {
    // counted_teachers becomes each teacher's current counted state (where, whether counted, as of
    // which identity status_version): a delta is applied only when that state moves forward, so a
    // redelivered or stale departure / transfer can never count twice.
    await runner.query(`
      ALTER TABLE counted_teachers
        ADD COLUMN status VARCHAR(16) NOT NULL DEFAULT 'in_service',
        ADD COLUMN status_version INT UNSIGNED NOT NULL DEFAULT 0`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE counted_teachers DROP COLUMN status_version, DROP COLUMN status');
  }
}
