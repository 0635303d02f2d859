import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateTeacherTransfers1795600000000 implements MigrationInterface {
  name = 'CreateTeacherTransfers1795600000000';

  async up(runner: QueryRunner): Promise<void> {
    // Bumped by every departure and transfer and carried in their events: consumers read created,
    // departed and transferred from different topics, and keep the state with the highest version.
    await runner.query('ALTER TABLE teachers ADD COLUMN status_version INT UNSIGNED NOT NULL DEFAULT 0');
    // The history of 调动. Unique (teacher_id, status_version): one history row per state step.
    await runner.query(`
      CREATE TABLE teacher_transfers (
        id CHAR(36) NOT NULL,
        teacher_id CHAR(36) NOT NULL,
        status_version INT UNSIGNED NOT NULL,
        from_org_id CHAR(36) NOT NULL,
        from_org_path VARCHAR(255) NOT NULL,
        to_org_id CHAR(36) NOT NULL,
        to_org_path VARCHAR(255) NOT NULL,
        kind VARCHAR(24) NOT NULL,
        by_subject VARCHAR(64) NOT NULL,
        by_username VARCHAR(255) NOT NULL,
        transferred_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        UNIQUE KEY uq_teacher_transfers_step (teacher_id, status_version),
        CONSTRAINT fk_teacher_transfers_teacher FOREIGN KEY (teacher_id) REFERENCES teachers (id),
        CONSTRAINT fk_teacher_transfers_from FOREIGN KEY (from_org_id) REFERENCES orgs (id),
        CONSTRAINT fk_teacher_transfers_to FOREIGN KEY (to_org_id) REFERENCES orgs (id),
        CONSTRAINT ck_teacher_transfers_kind CHECK (kind IN ('from_departed_pool', 'within_county', 'within_city', 'across_cities'))
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE teacher_transfers');
    await runner.query('ALTER TABLE teachers DROP COLUMN status_version');
  }
}
