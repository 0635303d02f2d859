import { type identity, transfer as transferContract } from '@yanxiu/contracts';
import { enrollmentView } from '../enrollment/enrollment.mapper.js';
import { accountSyncName, teacherView } from '../teachers/teacher.mapper.js';
import type { TransferResultView, TransferView } from './transfer.dto.js';

const K = transferContract.TransferKind;
const kinds: Record<number, string> = {
  [K.TRANSFER_KIND_FROM_DEPARTED_POOL]: 'from_departed_pool',
  [K.TRANSFER_KIND_WITHIN_COUNTY]: 'within_county',
  [K.TRANSFER_KIND_WITHIN_CITY]: 'within_city',
  [K.TRANSFER_KIND_ACROSS_CITIES]: 'across_cities',
};

export function transferView(t: transferContract.TeacherTransfer | undefined): TransferView {
  if (!t) throw new Error('service answered without a transfer');
  return {
    id: t.id,
    teacherId: t.teacherId,
    fromOrgId: t.fromOrgId,
    fromOrgPath: t.fromOrgPath,
    toOrgId: t.toOrgId,
    toOrgPath: t.toOrgPath,
    kind: kinds[t.kind] ?? 'unspecified',
    byUsername: t.byUsername,
    transferredAt: t.transferredAt,
  };
}

export function transferResultView(response: identity.TransferTeacherResponse): TransferResultView {
  return {
    teacher: teacherView(response.teacher),
    transfer: transferView(response.transfer),
    movedEnrollments: response.movedEnrollments.map(enrollmentView),
    accountSync: accountSyncName(response.accountSync),
  };
}
