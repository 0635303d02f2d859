import { transfer as transferContract } from '@yanxiu/contracts';
import type { TransferKind } from './transfer-rules.js';
import type { TransferRecord } from './transfer.repository.js';

const K = transferContract.TransferKind;
const kinds: Record<TransferKind, transferContract.TransferKind> = {
  from_departed_pool: K.TRANSFER_KIND_FROM_DEPARTED_POOL,
  within_county: K.TRANSFER_KIND_WITHIN_COUNTY,
  within_city: K.TRANSFER_KIND_WITHIN_CITY,
  across_cities: K.TRANSFER_KIND_ACROSS_CITIES,
};

export function transferToProto(t: TransferRecord): transferContract.TeacherTransfer {
  return {
    id: t.id,
    teacherId: t.teacherId,
    fromOrgId: t.fromOrgId,
    fromOrgPath: t.fromOrgPath,
    toOrgId: t.toOrgId,
    toOrgPath: t.toOrgPath,
    kind: kinds[t.kind],
    byUsername: t.byUsername,
    transferredAt: t.transferredAt.toISOString(),
  };
}

/** The event: ids and paths only, like every identity event. */
export function teacherTransferredEvent(t: TransferRecord): transferContract.TeacherTransferred {
  return {
    teacherId: t.teacherId,
    fromOrgId: t.fromOrgId,
    fromOrgPath: t.fromOrgPath,
    toOrgId: t.toOrgId,
    toOrgPath: t.toOrgPath,
    kind: kinds[t.kind],
    transferredAt: t.transferredAt.toISOString(),
    statusVersion: t.statusVersion,
  };
}
