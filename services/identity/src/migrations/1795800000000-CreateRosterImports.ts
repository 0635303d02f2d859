import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Excel roster imports (roster-import/). A job row is the whole state of an import: `cursor_row`
 * (the last sheet row whose batch committed) moves in the same transaction as that batch's
 * teachers, outbox events and error rows, so a worker that dies resumes after it, never doubling
 * a row. `runner_id` + `lease_until` (database clock) let one worker at a time own a job;
 * `attempts` counts claims, so a file that kills its worker every time is given up on.
 * Bad rows keep their cell values sealed (`values_enc`, they hold ID numbers) for the error report.
 */
export class CreateRosterImports1795800000000 implements MigrationInterface {
  name = 'CreateRosterImports1795800000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE roster_import_jobs (
        id CHAR(36) NOT NULL,
        org_id CHAR(36) NOT NULL,
        org_path VARCHAR(255) NOT NULL,
        dry_run TINYINT(1) NOT NULL,
        file_name VARCHAR(255) NOT NULL,
        upload_key VARCHAR(255) NOT NULL,
        status VARCHAR(16) NOT NULL,
        rows_total INT UNSIGNED NOT NULL DEFAULT 0,
        rows_done INT UNSIGNED NOT NULL DEFAULT 0,
        rows_created INT UNSIGNED NOT NULL DEFAULT 0,
        rows_unchanged INT UNSIGNED NOT NULL DEFAULT 0,
        rows_failed INT UNSIGNED NOT NULL DEFAULT 0,
        cursor_row INT UNSIGNED NOT NULL DEFAULT 0,
        attempts SMALLINT UNSIGNED NOT NULL DEFAULT 0,
        failure VARCHAR(500) NULL,
        report_key VARCHAR(255) NULL,
        created_by_subject VARCHAR(64) NOT NULL,
        created_by_username VARCHAR(255) NOT NULL,
        runner_id CHAR(36) NULL,
        lease_until DATETIME(3) NULL,
        created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        queued_at DATETIME(3) NULL,
        finished_at DATETIME(3) NULL,
        PRIMARY KEY (id),
        KEY ix_roster_import_jobs_claim (status, queued_at),
        KEY ix_roster_import_jobs_org_path (org_path, created_at),
        CONSTRAINT fk_roster_import_jobs_org FOREIGN KEY (org_id) REFERENCES orgs (id),
        CONSTRAINT ck_roster_import_jobs_status CHECK (status IN ('awaiting_upload', 'queued', 'running', 'succeeded', 'failed'))
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await runner.query(`
      CREATE TABLE roster_import_errors (
        job_id CHAR(36) NOT NULL,
        sheet_row INT UNSIGNED NOT NULL,
        problems TEXT NOT NULL,
        values_enc BLOB NOT NULL,
        PRIMARY KEY (job_id, sheet_row),
        CONSTRAINT fk_roster_import_errors_job FOREIGN KEY (job_id) REFERENCES roster_import_jobs (id) ON DELETE CASCADE
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE roster_import_errors');
    await runner.query('DROP TABLE roster_import_jobs');
  }
}
