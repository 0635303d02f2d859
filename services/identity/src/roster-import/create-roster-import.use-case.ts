import { randomUUID } from 'node:crypto';
import { adminLevel, type Principal } from '@yanxiu/auth';
import type { ObjectStorage, PresignedRequest } from '@yanxiu/storage';
import type { DataSource } from 'typeorm';
import { assertInJurisdiction, IdentityError } from '../identity.error.js';
import type { OrgRepository } from '../orgs/org.repository.js';
import type { RosterImportRunner } from './roster-import-runner.js';
import type { RosterImportJob, RosterImportRepository } from './roster-import.repository.js';
import { uploadKey, type RosterImportSettings } from './roster-import.settings.js';
import { XLSX_CONTENT_TYPE } from './roster-workbook.js';
import { tooLarge } from './run-roster-import.use-case.js';

export interface CreateRosterImportCommand {
  orgId: string;
  fileName: string;
  dryRun: boolean;
}

/** The file name as shown back to the admin; the stored object has a key of its own. */
export function importFileName(fileName: string): string {
  const name = fileName.trim().split(/[\\/]/).pop() ?? '';
  if (!name || [...name].length > 200) throw new IdentityError('invalid_argument', 'fileName must be 1–200 characters');
  if (!/\.xlsx$/i.test(name)) throw new IdentityError('invalid_argument', `fileName: 只能导入 .xlsx 文件（.xls 请先在 Excel 中另存为 .xlsx），收到“${name}”`);
  return name;
}

/**
 * An admin starts an import into a unit or area of their subtree: the job is recorded first (so
 * the upload belongs to it and to that subtree), then the client gets a presigned PUT for the file.
 */
export class CreateRosterImportUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly orgs: OrgRepository,
    private readonly jobs: RosterImportRepository,
    private readonly storage: ObjectStorage,
    private readonly settings: RosterImportSettings,
  ) {}

  async execute(principal: Principal, command: CreateRosterImportCommand): Promise<{ job: RosterImportJob; upload: PresignedRequest }> {
    const fileName = importFileName(command.fileName);
    const org = await this.orgs.findById(this.dataSource.manager, command.orgId);
    if (!org) throw new IdentityError('org_not_found', `org ${command.orgId} not found`);
    assertMayImport(principal, org.path);

    const id = randomUUID();
    await this.jobs.insertJob(this.dataSource.manager, {
      id,
      orgId: org.id,
      orgPath: org.path,
      dryRun: command.dryRun,
      fileName,
      uploadKey: uploadKey(id),
      createdBySubject: principal.subject,
      createdByUsername: principal.username,
    });
    const upload = await this.storage.presignUpload({ bucket: this.settings.bucket, key: uploadKey(id), contentType: XLSX_CONTENT_TYPE, expiresInSeconds: this.settings.urlExpirySeconds });
    const job = await this.jobs.findJob(this.dataSource.manager, id);
    if (!job) throw new Error(`roster import ${id} vanished after insert`);
    return { job, upload };
  }
}

/** After the upload: checks the file is there and within the size limit, then queues the job for a worker. */
export class StartRosterImportUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly jobs: RosterImportRepository,
    private readonly storage: ObjectStorage,
    private readonly runner: RosterImportRunner,
    private readonly settings: RosterImportSettings,
  ) {}

  async execute(principal: Principal, id: string): Promise<RosterImportJob> {
    const job = await findJobInJurisdiction(this.dataSource, this.jobs, principal, id);
    if (job.status !== 'awaiting_upload') throw new IdentityError('roster_import_not_startable', `import ${id} was already started (${job.status})`);
    const head = await this.storage.headObject({ bucket: this.settings.bucket, key: job.uploadKey });
    if (!head) throw new IdentityError('roster_import_not_startable', '文件还没有上传：请先用创建导入时得到的地址上传 .xlsx 文件');
    if (head.size > this.settings.maxBytes) throw new IdentityError('invalid_argument', tooLarge(head.size, this.settings.maxBytes));
    if (!(await this.jobs.markQueued(this.dataSource.manager, id))) throw new IdentityError('roster_import_not_startable', `import ${id} was already started`);
    this.runner.nudge();
    return (await this.jobs.findJob(this.dataSource.manager, id)) ?? job;
  }
}

/** A job the principal may see: it exists and its org lies in their subtree. */
export async function findJobInJurisdiction(dataSource: DataSource, jobs: RosterImportRepository, principal: Principal, id: string): Promise<RosterImportJob> {
  const job = await jobs.findJob(dataSource.manager, id);
  if (!job) throw new IdentityError('roster_import_not_found', `roster import ${id} not found`);
  assertMayImport(principal, job.orgPath);
  return job;
}

/** Imports, their rows and reports are admin work, inside the admin's subtree (a teacher's token has an org path too). */
export function assertMayImport(principal: Principal, orgPath: string): void {
  if (!adminLevel(principal)) throw new IdentityError('role_not_allowed', 'only admins import rosters');
  assertInJurisdiction(principal, orgPath);
}
