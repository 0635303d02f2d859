import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Roster corrections, the audit of personal-data reveals, and information collection (信息采集).
 * - `teachers.status_changed_at`: when the status last changed (departure, transfer, retirement), so a
 *   campaign can count the teachers a unit set to 离职 inside its window. NULL = unchanged since creation.
 * - `teachers.revision`: corrections so far, carried by identity.teacher.updated.v1.
 * - `ix_teachers_path_name`: lists page by (org_path, name, id) inside a subtree without a filesort.
 */
export class CreateRosterReadsAndInformationCollection1796100000000 implements MigrationInterface {
  name = 'CreateRosterReadsAndInformationCollection1796100000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE teachers
        ADD COLUMN status_changed_at DATETIME(3) NULL,
        ADD COLUMN revision INT UNSIGNED NOT NULL DEFAULT 0,
        ADD KEY ix_teachers_path_name (org_path, name)`);
    // Who was shown a teacher's full ID number / phone, when and why. Append-only; `seq` orders it.
    await runner.query(`
      CREATE TABLE personal_data_reads (
        seq BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        id CHAR(36) NOT NULL,
        teacher_id CHAR(36) NOT NULL,
        teacher_org_path VARCHAR(255) NOT NULL,
        reader_subject VARCHAR(64) NOT NULL,
        reader_username VARCHAR(255) NOT NULL,
        reader_role VARCHAR(32) NOT NULL,
        reader_org_path VARCHAR(255) NULL,
        fields VARCHAR(64) NOT NULL,
        reason VARCHAR(200) NOT NULL,
        endpoint VARCHAR(64) NOT NULL,
        read_at DATETIME(3) NOT NULL,
        PRIMARY KEY (seq),
        UNIQUE KEY uq_personal_data_reads_id (id),
        KEY ix_personal_data_reads_teacher (teacher_id),
        KEY ix_personal_data_reads_path (teacher_org_path),
        CONSTRAINT fk_personal_data_reads_teacher FOREIGN KEY (teacher_id) REFERENCES teachers (id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    // One campaign per scope (province or city) and year; overlapping open campaigns are refused by the use case.
    await runner.query(`
      CREATE TABLE collection_campaigns (
        id CHAR(36) NOT NULL,
        org_id CHAR(36) NOT NULL,
        org_path VARCHAR(255) NOT NULL,
        year SMALLINT UNSIGNED NOT NULL,
        name VARCHAR(100) NOT NULL,
        starts_at DATETIME(3) NOT NULL,
        ends_at DATETIME(3) NOT NULL,
        status VARCHAR(8) NOT NULL,
        opened_by_username VARCHAR(255) NOT NULL,
        opened_at DATETIME(3) NOT NULL,
        closed_by_username VARCHAR(255) NULL,
        closed_at DATETIME(3) NULL,
        PRIMARY KEY (id),
        UNIQUE KEY uq_collection_campaigns_scope_year (org_id, year),
        KEY ix_collection_campaigns_path (org_path),
        CONSTRAINT fk_collection_campaigns_org FOREIGN KEY (org_id) REFERENCES orgs (id),
        CONSTRAINT ck_collection_campaigns_status CHECK (status IN ('open', 'closed')),
        CONSTRAINT ck_collection_campaigns_window CHECK (ends_at > starts_at)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    // A teacher verified in a campaign, at the unit they were in; verifying again at another unit replaces the row.
    await runner.query(`
      CREATE TABLE collection_verifications (
        campaign_id CHAR(36) NOT NULL,
        teacher_id CHAR(36) NOT NULL,
        org_id CHAR(36) NOT NULL,
        org_path VARCHAR(255) NOT NULL,
        verified_by_username VARCHAR(255) NOT NULL,
        verified_at DATETIME(3) NOT NULL,
        PRIMARY KEY (campaign_id, teacher_id),
        KEY ix_collection_verifications_teacher (teacher_id),
        CONSTRAINT fk_collection_verifications_campaign FOREIGN KEY (campaign_id) REFERENCES collection_campaigns (id),
        CONSTRAINT fk_collection_verifications_teacher FOREIGN KEY (teacher_id) REFERENCES teachers (id),
        CONSTRAINT fk_collection_verifications_org FOREIGN KEY (org_id) REFERENCES orgs (id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE collection_verifications');
    await runner.query('DROP TABLE collection_campaigns');
    await runner.query('DROP TABLE personal_data_reads');
    await runner.query('ALTER TABLE teachers DROP KEY ix_teachers_path_name, DROP COLUMN revision, DROP COLUMN status_changed_at');
  }
}
