import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { enqueueEvents } from '@yanxiu/messaging';
import type { ObjectStorage } from '@yanxiu/storage';
import type { DataSource } from 'typeorm';
import { UNIT_LEVELS } from '../orgs/org-rules.js';
import type { OrgRepository } from '../orgs/org.repository.js';
import type { PersonalDataCipher } from '../teachers/personal-data-cipher.js';
import type { TeacherRecord, TeacherRepository } from '../teachers/teacher.repository.js';
import { sealNewTeacher } from '../teachers/teacher-rules.js';
import { teacherCreatedOutgoing } from '../teachers/teacher.mapper.js';
import { missingColumns, type ColumnIndex } from './roster-columns.js';
import type { RosterImportJob, RosterImportRepository, RowErrorRecord } from './roster-import.repository.js';
import { reportKey, type RosterImportSettings } from './roster-import.settings.js';
import { matchWithRoster } from './roster-match.js';
import { InFileDuplicates, isBlankRow, parseRosterRow, unitResolver, type ParsedRow, type UnitRef, type UnitResolver } from './roster-row.js';
import { readRosterSheet, UnreadableRosterError, writeErrorReport, XLSX_CONTENT_TYPE, type ReportRow } from './roster-workbook.js';

/** Another worker holds the job now (this one's lease ran out): stop without touching it. */
export class LeaseLostError extends Error {
  constructor(jobId: string) {
    super(`roster import ${jobId}: the lease was lost to another worker`);
    this.name = 'LeaseLostError';
  }
}

/** Someone put one of the batch's ID numbers on the roster between its lookup and its insert: redo the batch. */
class RosterChangedError extends Error {}

/** Tries of a batch that keeps meeting concurrent inserts of its ID numbers. */
const BATCH_TRIES = 3;

export type RunOutcome = 'finished' | 'stopped';

/**
 * Runs one claimed import job: reads the uploaded file from object storage (twice, streaming: a
 * first pass counts the rows and checks the header, so progress has a total), then writes the rows
 * batch by batch. Each batch is one transaction: its new teachers (one multi-row INSERT), their
 * teacher-created events, its reported rows and the job's cursor and counts. A worker that dies
 * mid-job loses at most the open batch; the next one resumes below the committed cursor, and the
 * unique ID-number hash would refuse a second insert anyway. A dry run does everything but write
 * teachers and events.
 */
export class RunRosterImportUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly jobs: RosterImportRepository,
    private readonly orgs: OrgRepository,
    private readonly teachers: TeacherRepository,
    private readonly cipher: PersonalDataCipher,
    private readonly storage: ObjectStorage,
    private readonly settings: RosterImportSettings,
  ) {}

  /** Runs the job to its end, or until `signal` aborts between batches ('stopped': it stays resumable). */
  async execute(job: RosterImportJob, runnerId: string, signal: AbortSignal): Promise<RunOutcome> {
    if (job.attempts > this.settings.maxAttempts) {
      return this.fail(job, runnerId, `导入已中断${job.attempts - 1}次，不再重试；请检查文件后重新导入`);
    }
    const manager = this.dataSource.manager;
    const org = await this.orgs.findById(manager, job.orgId);
    if (!org) throw new Error(`roster import ${job.id}: org ${job.orgId} vanished`);
    const unit: UnitRef | null = UNIT_LEVELS.includes(org.level) ? { id: org.id, path: org.path, name: org.name, code: org.code } : null;
    const units = unit ? [unit] : await this.jobs.unitsUnder(manager, org.path);
    const target = { resolve: unitResolver(unit, units), unitNames: new Map(units.map((u) => [u.id, u.name])), needsSchool: unit === null };

    const head = await this.storage.headObject({ bucket: this.settings.bucket, key: job.uploadKey });
    if (!head) return this.fail(job, runnerId, '没有找到上传的文件；请重新创建导入并上传');
    if (head.size > this.settings.maxBytes) return this.fail(job, runnerId, tooLarge(head.size, this.settings.maxBytes));

    try {
      if (job.rowsTotal === 0) {
        const total = await this.countRows(job, target.needsSchool);
        if (!(await this.jobs.setTotal(manager, job.id, runnerId, total))) throw new LeaseLostError(job.id);
      }
      if ((await this.importRows(job, runnerId, target, signal)) === 'stopped') return 'stopped';
    } catch (error) {
      if (error instanceof UnreadableRosterError) return this.fail(job, runnerId, error.message);
      throw error;
    }

    const done = await this.jobs.findJob(manager, job.id);
    const report = done && done.rowsFailed > 0 ? await this.writeReport(job.id) : null;
    if (!(await this.jobs.finish(manager, job.id, runnerId, { status: 'succeeded', failure: null, reportKey: report }))) throw new LeaseLostError(job.id);
    // The upload holds personal data and is of no use once read.
    await this.storage.deleteObject({ bucket: this.settings.bucket, key: job.uploadKey });
    return 'finished';
  }

  private async fail(job: RosterImportJob, runnerId: string, reason: string): Promise<RunOutcome> {
    if (!(await this.jobs.finish(this.dataSource.manager, job.id, runnerId, { status: 'failed', failure: reason, reportKey: null }))) throw new LeaseLostError(job.id);
    await this.storage.deleteObject({ bucket: this.settings.bucket, key: job.uploadKey });
    return 'finished';
  }

  private async openUpload(job: RosterImportJob) {
    const body = await this.storage.getObjectStream({ bucket: this.settings.bucket, key: job.uploadKey });
    if (!body) throw new UnreadableRosterError('没有找到上传的文件；请重新创建导入并上传');
    return readRosterSheet(body);
  }

  /** The first pass: the header is complete and the data rows (blank ones aside) are within the limit. */
  private async countRows(job: RosterImportJob, needsSchool: boolean): Promise<number> {
    let header = false;
    let total = 0;
    for await (const event of await this.openUpload(job)) {
      if (event.kind === 'header') {
        header = true;
        const missing = missingColumns(event.columns, needsSchool);
        if (missing.length > 0) throw new UnreadableRosterError(`第${event.rowNumber}行的表头缺少必需的列：${missing.join('、')}${needsSchool ? '（在区县及以上导入时需要“学校”列）' : ''}；请使用导入模板`);
      } else if (!isBlankRow(event.cells) && ++total > this.settings.maxRows) {
        throw new UnreadableRosterError(`文件超过${this.settings.maxRows}行数据；请按区县或学校拆分后分批导入`);
      }
    }
    if (!header) throw new UnreadableRosterError('没有找到表头：前10行中没有“身份证号”列；请使用导入模板');
    if (total === 0) throw new UnreadableRosterError('文件中没有教师数据：表头以下都是空行');
    return total;
  }

  /**
   * The second pass, from the committed cursor on; rows above it only feed the duplicate check.
   * One batch is written while the next one is parsed: batches still commit one after the other,
   * in sheet order, each from the cursor the one before left.
   */
  private async importRows(job: RosterImportJob, runnerId: string, target: { resolve: UnitResolver; unitNames: Map<string, string> }, signal: AbortSignal): Promise<RunOutcome> {
    const today = new Date();
    const duplicates = new InFileDuplicates();
    let columns: ColumnIndex | null = null;
    let cursor = job.cursorRow;
    let batch: ParsedRow[] = [];
    let writing: Promise<number> | null = null;
    try {
      for await (const event of await this.openUpload(job)) {
        if (event.kind === 'header') {
          columns = event.columns;
          continue;
        }
        if (!columns || isBlankRow(event.cells)) continue;
        const row = duplicates.check(parseRosterRow(event.rowNumber, event.cells, columns, target.resolve, today));
        if (row.rowNumber <= cursor) continue;
        batch.push(row);
        if (batch.length >= this.settings.batchSize) {
          if (writing) {
            await writing;
            if (signal.aborted) return 'stopped';
          }
          writing = this.commitBatch(job, runnerId, cursor, batch, target.unitNames);
          // Its failure is thrown where it is awaited; until then it must not count as unhandled.
          writing.catch(() => undefined);
          cursor = batch[batch.length - 1]!.rowNumber;
          batch = [];
        }
      }
      if (writing) await writing;
      if (batch.length > 0) await this.commitBatch(job, runnerId, cursor, batch, target.unitNames);
      return 'finished';
    } finally {
      // A reading error must not leave a batch writing behind the caller's back.
      await writing?.catch(() => undefined);
    }
  }

  private async commitBatch(job: RosterImportJob, runnerId: string, fromCursor: number, rows: readonly ParsedRow[], unitNames: Map<string, string>): Promise<number> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.tryBatch(job, runnerId, fromCursor, rows, unitNames);
      } catch (error) {
        if (!(error instanceof RosterChangedError) || attempt >= BATCH_TRIES) throw error;
      }
    }
  }

  /** Matches the batch against the roster (one query), then writes it in one transaction. Returns the new cursor. */
  private async tryBatch(job: RosterImportJob, runnerId: string, fromCursor: number, rows: readonly ParsedRow[], unitNames: Map<string, string>): Promise<number> {
    const hashes = new Map<ParsedRow, string>();
    for (const row of rows) if (row.candidate) hashes.set(row, this.cipher.lookupHash(row.candidate.idNumber));
    const onRoster = new Map((await this.teachers.findByIdNumberHashes(this.dataSource.manager, [...hashes.values()])).map((t) => [t.idNumberHash, t]));

    const creates: TeacherRecord[] = [];
    const failed: RowErrorRecord[] = [];
    let unchanged = 0;
    for (const row of rows) {
      let problems = row.problems;
      if (row.candidate) {
        const existing = onRoster.get(hashes.get(row) ?? '');
        const match = matchWithRoster(row.candidate, existing, {
          importOrgPath: job.orgPath,
          existingPhone: () => (existing?.phoneEnc ? this.cipher.decrypt(existing.phoneEnc) : null),
          unitName: (orgId) => unitNames.get(orgId),
        });
        if (match.kind === 'create') creates.push(sealNewTeacher(this.cipher, row.candidate.unit, row.candidate));
        else if (match.kind === 'unchanged') unchanged++;
        else problems = match.problems;
      }
      if (problems.length > 0) failed.push({ rowNumber: row.rowNumber, problems, valuesEnc: this.cipher.encrypt(JSON.stringify(row.values)) });
    }

    const cursorRow = rows[rows.length - 1]!.rowNumber;
    await this.dataSource.transaction(async (manager) => {
      if (!job.dryRun && creates.length > 0) {
        if ((await this.teachers.insertMany(manager, creates)) !== creates.length) throw new RosterChangedError();
        await enqueueEvents(manager, 'identity', creates.map(teacherCreatedOutgoing));
      }
      await this.jobs.insertErrors(manager, job.id, failed);
      const progress = { cursorRow, done: rows.length, created: creates.length, unchanged, failed: failed.length };
      if (!(await this.jobs.commitBatch(manager, job.id, runnerId, fromCursor, progress, this.settings.leaseSeconds))) throw new LeaseLostError(job.id);
    });
    return cursorRow;
  }

  /** Streams the reported rows into an .xlsx in a temporary directory, then stores it. */
  private async writeReport(jobId: string): Promise<string> {
    const dir = await mkdtemp(path.join(tmpdir(), 'roster-report-'));
    try {
      const file = path.join(dir, 'errors.xlsx');
      await writeErrorReport(createWriteStream(file), this.reportRows(jobId));
      const key = reportKey(jobId);
      await this.storage.putObject({ bucket: this.settings.bucket, key, body: createReadStream(file), contentLength: (await stat(file)).size, contentType: XLSX_CONTENT_TYPE });
      return key;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  private async *reportRows(jobId: string): AsyncGenerator<ReportRow> {
    let after = 0;
    for (;;) {
      const page = await this.jobs.listErrors(this.dataSource.manager, jobId, after, 1000);
      if (page.length === 0) return;
      for (const e of page) yield { rowNumber: e.rowNumber, problems: e.problems, values: JSON.parse(this.cipher.decrypt(e.valuesEnc)) as ReportRow['values'] };
      after = page[page.length - 1]!.rowNumber;
    }
  }
}

export function tooLarge(size: number, max: number): string {
  const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
  return `文件有${mb(size)} MB，超过了${mb(max)} MB的上限；请按区县或学校拆分后分批导入`;
}
