import type { Principal } from '@yanxiu/auth';
import type { ObjectStorage, PresignedRequest } from '@yanxiu/storage';
import type { DataSource } from 'typeorm';
import { IdentityError } from '../identity.error.js';
import type { OrgRepository } from '../orgs/org.repository.js';
import { assertMayImport, findJobInJurisdiction } from './create-roster-import.use-case.js';
import type { RosterImportJob, RosterImportRepository, RowErrorRecord } from './roster-import.repository.js';
import type { RosterImportSettings } from './roster-import.settings.js';
import { buildRosterTemplate, TEMPLATE_FILE_NAME, XLSX_CONTENT_TYPE } from './roster-workbook.js';

const pageSize = (requested: number, fallback: number, max: number) => (requested >= 1 ? Math.min(requested, max) : fallback);

/** The template is the same for everyone; built once per process. */
export class GetRosterImportTemplateUseCase {
  private template: Promise<Buffer> | null = null;

  execute(): Promise<{ content: Buffer; fileName: string; contentType: string }> {
    this.template ??= buildRosterTemplate();
    return this.template.then((content) => ({ content, fileName: TEMPLATE_FILE_NAME, contentType: XLSX_CONTENT_TYPE }));
  }
}

export class GetRosterImportUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly jobs: RosterImportRepository,
  ) {}

  execute(principal: Principal, id: string): Promise<RosterImportJob> {
    return findJobInJurisdiction(this.dataSource, this.jobs, principal, id);
  }
}

/** Imports into an org of the principal's subtree (their own by default) or below it, newest first. */
export class ListRosterImportsUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly orgs: OrgRepository,
    private readonly jobs: RosterImportRepository,
  ) {}

  async execute(principal: Principal, query: { orgId: string; pageSize: number }): Promise<RosterImportJob[]> {
    let path = principal.orgPath ?? '';
    if (query.orgId) {
      const org = await this.orgs.findById(this.dataSource.manager, query.orgId);
      if (!org) throw new IdentityError('org_not_found', `org ${query.orgId} not found`);
      path = org.path;
    }
    assertMayImport(principal, path);
    return this.jobs.listJobs(this.dataSource.manager, path, pageSize(query.pageSize, 20, 100));
  }
}

/** The reported rows of a job, page by page: row number, column and reason (no cell values: those are in the report file). */
export class ListRosterImportErrorsUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly jobs: RosterImportRepository,
  ) {}

  async execute(principal: Principal, query: { id: string; afterRow: number; pageSize: number }): Promise<{ rows: RowErrorRecord[]; nextAfterRow: number }> {
    await findJobInJurisdiction(this.dataSource, this.jobs, principal, query.id);
    const limit = pageSize(query.pageSize, 100, 500);
    const rows = await this.jobs.listErrors(this.dataSource.manager, query.id, query.afterRow, limit);
    return { rows, nextAfterRow: rows.length === limit ? rows[rows.length - 1]!.rowNumber : 0 };
  }
}

/** A short-lived download link for the error report, for admins over the job's org. */
export class GetRosterImportErrorReportUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly jobs: RosterImportRepository,
    private readonly storage: ObjectStorage,
    private readonly settings: RosterImportSettings,
  ) {}

  async execute(principal: Principal, id: string): Promise<{ download: PresignedRequest; fileName: string }> {
    const job = await findJobInJurisdiction(this.dataSource, this.jobs, principal, id);
    if (!job.reportKey) {
      const why = job.status === 'succeeded' ? 'every row was imported or unchanged' : `the import is ${job.status}`;
      throw new IdentityError('roster_import_no_report', `import ${id} has no error report: ${why}`);
    }
    const fileName = `${job.fileName.replace(/\.xlsx$/i, '')}-错误报告.xlsx`;
    const download = await this.storage.presignDownload({ bucket: this.settings.bucket, key: job.reportKey, expiresInSeconds: this.settings.urlExpirySeconds, downloadFileName: fileName });
    return { download, fileName };
  }
}
