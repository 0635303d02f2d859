import { roster, teacher as teacherContract } from '@yanxiu/contracts';
import type { CorrectedTeacherView, TeacherView } from './teacher.dto.js';

const P = teacherContract;

export const stages = { high: P.Stage.STAGE_HIGH, middle: P.Stage.STAGE_MIDDLE, primary: P.Stage.STAGE_PRIMARY, kindergarten: P.Stage.STAGE_KINDERGARTEN } as const;
export const genders = { male: P.Gender.GENDER_MALE, female: P.Gender.GENDER_FEMALE } as const;
export const statuses = {
  in_service: P.TeacherStatus.TEACHER_STATUS_IN_SERVICE,
  departed: P.TeacherStatus.TEACHER_STATUS_DEPARTED,
  retired: P.TeacherStatus.TEACHER_STATUS_RETIRED,
} as const;

const accountSyncs = {
  not_needed: roster.AccountSync.ACCOUNT_SYNC_NOT_NEEDED,
  synced: roster.AccountSync.ACCOUNT_SYNC_SYNCED,
  owed: roster.AccountSync.ACCOUNT_SYNC_OWED,
  username_taken: roster.AccountSync.ACCOUNT_SYNC_USERNAME_TAKEN,
} as const;

const nameOf = (table: Record<string, number>, value: number) => Object.entries(table).find(([, v]) => v === value)?.[0] ?? 'unspecified';

export function teacherView(t: teacherContract.Teacher | undefined): TeacherView {
  if (!t) throw new Error('service answered without a teacher');
  return {
    id: t.id,
    name: t.name,
    idNumberMasked: t.idNumberMasked,
    gender: nameOf(genders, t.gender),
    orgId: t.orgId,
    orgPath: t.orgPath,
    stage: nameOf(stages, t.stage),
    subject: t.subject,
    title: t.title,
    status: nameOf(statuses, t.status),
  };
}

/** What became of the teacher's account after a correction or a transfer, by the names of ACCOUNT_SYNCS. */
export function accountSyncName(accountSync: roster.AccountSync): string {
  return nameOf(accountSyncs, accountSync);
}

export function correctedTeacherView(response: roster.UpdateTeacherResponse): CorrectedTeacherView {
  return { ...teacherView(response.teacher), accountSync: accountSyncName(response.accountSync) };
}
