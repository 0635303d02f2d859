import { rosterImport as contract } from '@yanxiu/contracts';
import type { PresignedRequest } from '@yanxiu/storage';
import { COLUMN_HEADERS } from './roster-columns.js';
import type { RosterImportJob, RosterImportStatus, RowErrorRecord } from './roster-import.repository.js';

const S = contract.RosterImportStatus;
const statuses: Record<RosterImportStatus, contract.RosterImportStatus> = {
  awaiting_upload: S.ROSTER_IMPORT_STATUS_AWAITING_UPLOAD,
  queued: S.ROSTER_IMPORT_STATUS_QUEUED,
  running: S.ROSTER_IMPORT_STATUS_RUNNING,
  succeeded: S.ROSTER_IMPORT_STATUS_SUCCEEDED,
  failed: S.ROSTER_IMPORT_STATUS_FAILED,
};

export function rosterImportToProto(job: RosterImportJob): contract.RosterImport {
  return {
    id: job.id,
    orgId: job.orgId,
    orgPath: job.orgPath,
    dryRun: job.dryRun,
    fileName: job.fileName,
    status: statuses[job.status],
    rowsTotal: job.rowsTotal,
    rowsDone: job.rowsDone,
    rowsCreated: job.rowsCreated,
    rowsUnchanged: job.rowsUnchanged,
    rowsFailed: job.rowsFailed,
    failure: job.failure ?? '',
    hasErrorReport: job.reportKey !== null,
    createdByUsername: job.createdByUsername,
    createdAt: job.createdAt.toISOString(),
    finishedAt: job.finishedAt?.toISOString() ?? '',
  };
}

export function presignedToProto(request: PresignedRequest): contract.RosterImportPresignedRequest {
  return { url: request.url, method: request.method, headers: request.headers, expiresAt: request.expiresAt.toISOString() };
}

/** Problems name the template's column (身份证号), not the code's key. */
export function rowErrorToProto(row: RowErrorRecord): contract.RosterImportRowError {
  return { rowNumber: row.rowNumber, problems: row.problems.map((p) => ({ column: COLUMN_HEADERS[p.column], reason: p.reason })) };
}
