import { rosterImport as contract } from '@yanxiu/contracts';
import type { PresignedRequestView, RosterImportView } from './roster-import.dto.js';

const S = contract.RosterImportStatus;
const statuses: Record<number, string> = {
  [S.ROSTER_IMPORT_STATUS_AWAITING_UPLOAD]: 'awaiting_upload',
  [S.ROSTER_IMPORT_STATUS_QUEUED]: 'queued',
  [S.ROSTER_IMPORT_STATUS_RUNNING]: 'running',
  [S.ROSTER_IMPORT_STATUS_SUCCEEDED]: 'succeeded',
  [S.ROSTER_IMPORT_STATUS_FAILED]: 'failed',
};

export function rosterImportView(r: contract.RosterImport | undefined): RosterImportView {
  if (!r) throw new Error('service answered without an import');
  return {
    id: r.id,
    orgId: r.orgId,
    orgPath: r.orgPath,
    dryRun: r.dryRun,
    fileName: r.fileName,
    status: statuses[r.status] ?? 'unspecified',
    rowsTotal: r.rowsTotal,
    rowsDone: r.rowsDone,
    rowsCreated: r.rowsCreated,
    rowsUnchanged: r.rowsUnchanged,
    rowsFailed: r.rowsFailed,
    ...(r.failure ? { failure: r.failure } : {}),
    hasErrorReport: r.hasErrorReport,
    createdByUsername: r.createdByUsername,
    createdAt: r.createdAt,
    ...(r.finishedAt ? { finishedAt: r.finishedAt } : {}),
  };
}

export function presignedView(p: contract.RosterImportPresignedRequest | undefined): PresignedRequestView {
  if (!p) throw new Error('service answered without a presigned request');
  return { url: p.url, method: p.method, headers: p.headers, expiresAt: p.expiresAt };
}
