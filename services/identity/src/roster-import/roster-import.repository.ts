import { jurisdictionFilter } from '@yanxiu/auth';
import type { EntityManager } from 'typeorm';
import { UNIT_LEVELS } from '../orgs/org-rules.js';
import type { RowProblem, UnitRef } from './roster-row.js';

export type RosterImportStatus = 'awaiting_upload' | 'queued' | 'running' | 'succeeded' | 'failed';

export interface RosterImportJob {
  id: string;
  orgId: string;
  orgPath: string;
  dryRun: boolean;
  fileName: string;
  uploadKey: string;
  status: RosterImportStatus;
  rowsTotal: number;
  rowsDone: number;
  rowsCreated: number;
  rowsUnchanged: number;
  rowsFailed: number;
  /** The last sheet row whose batch committed; a resumed run continues below it. */
  cursorRow: number;
  /** Claims so far: a file that kills its worker every time is failed after a few. */
  attempts: number;
  failure: string | null;
  reportKey: string | null;
  createdBySubject: string;
  createdByUsername: string;
  createdAt: Date;
  finishedAt: Date | null;
}

/** A reported row as stored: its problems, and its cells sealed (they hold ID numbers and phones). */
export interface RowErrorRecord {
  rowNumber: number;
  problems: RowProblem[];
  valuesEnc: Buffer;
}

/** What one committed batch adds to a job. */
export interface BatchProgress {
  cursorRow: number;
  done: number;
  created: number;
  unchanged: number;
  failed: number;
}

interface JobRow {
  id: string;
  org_id: string;
  org_path: string;
  dry_run: number;
  file_name: string;
  upload_key: string;
  status: RosterImportStatus;
  rows_total: number;
  rows_done: number;
  rows_created: number;
  rows_unchanged: number;
  rows_failed: number;
  cursor_row: number;
  attempts: number;
  failure: string | null;
  report_key: string | null;
  created_by_subject: string;
  created_by_username: string;
  created_at: Date;
  finished_at: Date | null;
}

const COLUMNS =
  'id, org_id, org_path, dry_run, file_name, upload_key, status, rows_total, rows_done, rows_created, rows_unchanged, rows_failed, cursor_row, attempts, failure, report_key, created_by_subject, created_by_username, created_at, finished_at';

const toJob = (r: JobRow): RosterImportJob => ({
  id: r.id,
  orgId: r.org_id,
  orgPath: r.org_path,
  dryRun: Number(r.dry_run) === 1,
  fileName: r.file_name,
  uploadKey: r.upload_key,
  status: r.status,
  rowsTotal: Number(r.rows_total),
  rowsDone: Number(r.rows_done),
  rowsCreated: Number(r.rows_created),
  rowsUnchanged: Number(r.rows_unchanged),
  rowsFailed: Number(r.rows_failed),
  cursorRow: Number(r.cursor_row),
  attempts: Number(r.attempts),
  failure: r.failure,
  reportKey: r.report_key,
  createdBySubject: r.created_by_subject,
  createdByUsername: r.created_by_username,
  createdAt: r.created_at,
  finishedAt: r.finished_at,
});

/**
 * Jobs and their reported rows. Every write by a worker names its runner id: a worker whose lease
 * ran out (and whose job another worker took over) changes nothing any more.
 */
export class RosterImportRepository {
  async insertJob(manager: EntityManager, job: Pick<RosterImportJob, 'id' | 'orgId' | 'orgPath' | 'dryRun' | 'fileName' | 'uploadKey' | 'createdBySubject' | 'createdByUsername'>): Promise<void> {
    await manager.query(
      `INSERT INTO roster_import_jobs (id, org_id, org_path, dry_run, file_name, upload_key, status, created_by_subject, created_by_username)
       VALUES (?, ?, ?, ?, ?, ?, 'awaiting_upload', ?, ?)`,
      [job.id, job.orgId, job.orgPath, job.dryRun ? 1 : 0, job.fileName, job.uploadKey, job.createdBySubject, job.createdByUsername],
    );
  }

  async findJob(manager: EntityManager, id: string): Promise<RosterImportJob | null> {
    const rows: JobRow[] = await manager.query(`SELECT ${COLUMNS} FROM roster_import_jobs WHERE id = ?`, [id]);
    return rows[0] ? toJob(rows[0]) : null;
  }

  /** Jobs into `orgPath` or below it, newest first. */
  async listJobs(manager: EntityManager, orgPath: string, limit: number): Promise<RosterImportJob[]> {
    const scope = jurisdictionFilter('org_path', orgPath);
    const rows: JobRow[] = await manager.query(`SELECT ${COLUMNS} FROM roster_import_jobs WHERE ${scope.sql} ORDER BY created_at DESC, id DESC LIMIT ?`, [...scope.params, limit]);
    return rows.map(toJob);
  }

  /** awaiting_upload → queued; false when the job was already started. */
  async markQueued(manager: EntityManager, id: string): Promise<boolean> {
    const result: { affectedRows: number } = await manager.query(
      "UPDATE roster_import_jobs SET status = 'queued', queued_at = NOW(3) WHERE id = ? AND status = 'awaiting_upload'",
      [id],
    );
    return result.affectedRows === 1;
  }

  /**
   * Takes the oldest job that is queued, or running under a lease that ran out (its worker died),
   * for `leaseSeconds` of the database's clock. Concurrent workers serialise on the row lock.
   */
  async claimNext(manager: EntityManager, runnerId: string, leaseSeconds: number): Promise<RosterImportJob | null> {
    const result: { affectedRows: number } = await manager.query(
      `UPDATE roster_import_jobs SET status = 'running', runner_id = ?, lease_until = NOW(3) + INTERVAL ? SECOND, attempts = attempts + 1
        WHERE status IN ('queued', 'running') AND (lease_until IS NULL OR lease_until < NOW(3))
        ORDER BY queued_at, id LIMIT 1`,
      [runnerId, leaseSeconds],
    );
    if (result.affectedRows === 0) return null;
    const rows: JobRow[] = await manager.query(`SELECT ${COLUMNS} FROM roster_import_jobs WHERE runner_id = ? AND status = 'running'`, [runnerId]);
    return rows[0] ? toJob(rows[0]) : null;
  }

  /** Extends the lease; false when this runner no longer holds the job. */
  async renewLease(manager: EntityManager, id: string, runnerId: string, leaseSeconds: number): Promise<boolean> {
    const result: { affectedRows: number } = await manager.query(
      "UPDATE roster_import_jobs SET lease_until = NOW(3) + INTERVAL ? SECOND WHERE id = ? AND runner_id = ? AND status = 'running'",
      [leaseSeconds, id, runnerId],
    );
    return result.affectedRows === 1;
  }

  async setTotal(manager: EntityManager, id: string, runnerId: string, total: number): Promise<boolean> {
    const result: { affectedRows: number } = await manager.query("UPDATE roster_import_jobs SET rows_total = ? WHERE id = ? AND runner_id = ? AND status = 'running'", [total, id, runnerId]);
    return result.affectedRows === 1;
  }

  /**
   * Moves the cursor from `fromCursor` and adds the batch's counts, in the batch's transaction.
   * False when this runner lost the job or the cursor moved under it: the caller rolls back.
   */
  async commitBatch(manager: EntityManager, id: string, runnerId: string, fromCursor: number, batch: BatchProgress, leaseSeconds: number): Promise<boolean> {
    const result: { affectedRows: number } = await manager.query(
      `UPDATE roster_import_jobs
          SET cursor_row = ?, rows_done = rows_done + ?, rows_created = rows_created + ?, rows_unchanged = rows_unchanged + ?, rows_failed = rows_failed + ?,
              lease_until = NOW(3) + INTERVAL ? SECOND
        WHERE id = ? AND runner_id = ? AND status = 'running' AND cursor_row = ?`,
      [batch.cursorRow, batch.done, batch.created, batch.unchanged, batch.failed, leaseSeconds, id, runnerId, fromCursor],
    );
    return result.affectedRows === 1;
  }

  async insertErrors(manager: EntityManager, jobId: string, errors: readonly RowErrorRecord[]): Promise<void> {
    if (errors.length === 0) return;
    await manager.query(
      `INSERT INTO roster_import_errors (job_id, sheet_row, problems, values_enc) VALUES ${errors.map(() => '(?, ?, ?, ?)').join(', ')}`,
      errors.flatMap((e) => [jobId, e.rowNumber, JSON.stringify(e.problems), e.valuesEnc]),
    );
  }

  /** Reported rows after `afterRow`, by row number. */
  async listErrors(manager: EntityManager, jobId: string, afterRow: number, limit: number): Promise<RowErrorRecord[]> {
    const rows: { sheet_row: number; problems: string; values_enc: Buffer }[] = await manager.query(
      'SELECT sheet_row, problems, values_enc FROM roster_import_errors WHERE job_id = ? AND sheet_row > ? ORDER BY sheet_row LIMIT ?',
      [jobId, afterRow, limit],
    );
    return rows.map((r) => ({ rowNumber: Number(r.sheet_row), problems: JSON.parse(r.problems) as RowProblem[], valuesEnc: r.values_enc }));
  }

  /** Ends the job (succeeded or failed) and drops the lease; false when this runner no longer holds it. */
  async finish(manager: EntityManager, id: string, runnerId: string, outcome: { status: 'succeeded' | 'failed'; failure: string | null; reportKey: string | null }): Promise<boolean> {
    const result: { affectedRows: number } = await manager.query(
      `UPDATE roster_import_jobs SET status = ?, failure = ?, report_key = ?, finished_at = NOW(3), runner_id = NULL, lease_until = NULL
        WHERE id = ? AND runner_id = ? AND status = 'running'`,
      [outcome.status, outcome.failure?.slice(0, 500) ?? null, outcome.reportKey, id, runnerId],
    );
    return result.affectedRows === 1;
  }

  /** Gives a running job back (shutdown) so another worker resumes it at once instead of after the lease. */
  async release(manager: EntityManager, id: string, runnerId: string): Promise<void> {
    await manager.query("UPDATE roster_import_jobs SET runner_id = NULL, lease_until = NULL WHERE id = ? AND runner_id = ? AND status = 'running'", [id, runnerId]);
  }

  /** The schools, kindergartens and institutions at or below `orgPath`, that rows may name. */
  async unitsUnder(manager: EntityManager, orgPath: string): Promise<UnitRef[]> {
    const scope = jurisdictionFilter('path', orgPath);
    const rows: { id: string; path: string; name: string; code: string }[] = await manager.query(
      `SELECT id, path, name, code FROM orgs WHERE ${scope.sql} AND level IN (${UNIT_LEVELS.map(() => '?').join(', ')})`,
      [...scope.params, ...UNIT_LEVELS],
    );
    return rows;
  }
}
