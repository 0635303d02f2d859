import { roster, Topics } from '@yanxiu/contracts';
import type { OutgoingEvent } from '@yanxiu/messaging';
import type { AccountSyncOutcome } from '../accounts/sync-accounts.use-case.js';
import type { PersonalDataReadRecord } from './personal-data-read.repository.js';
import type { TeacherRecord } from './teacher.repository.js';
import { teacherToProto } from './teacher.mapper.js';

export const accountSyncToProto: Record<AccountSyncOutcome, roster.AccountSync> = {
  not_needed: roster.AccountSync.ACCOUNT_SYNC_NOT_NEEDED,
  synced: roster.AccountSync.ACCOUNT_SYNC_SYNCED,
  owed: roster.AccountSync.ACCOUNT_SYNC_OWED,
  username_taken: roster.AccountSync.ACCOUNT_SYNC_USERNAME_TAKEN,
};

/** identity.teacher.updated.v1: the state after a correction and the names of the changed fields, no values. */
export function teacherUpdatedOutgoing(t: TeacherRecord, changedFields: readonly string[], revision: number, updatedAt: Date): OutgoingEvent {
  const { stage, gender, status } = teacherToProto(t);
  const event: roster.TeacherUpdated = {
    teacherId: t.id,
    orgId: t.orgId,
    orgPath: t.orgPath,
    stage,
    subject: t.subject,
    gender,
    status,
    changedFields: [...changedFields],
    revision,
    updatedAt: updatedAt.toISOString(),
  };
  return { topic: Topics.teacherUpdated, key: t.id, type: 'yanxiu.identity.v1.TeacherUpdated', version: 1, subject: t.id, payload: roster.TeacherUpdated.encode(event).finish() };
}

export function teacherRetiredOutgoing(event: roster.TeacherRetired): OutgoingEvent {
  return {
    topic: Topics.teacherRetired,
    key: event.teacherId,
    type: 'yanxiu.identity.v1.TeacherRetired',
    version: 1,
    subject: event.teacherId,
    payload: roster.TeacherRetired.encode(event).finish(),
  };
}

/** identity.teacher.personal-data-read.v1: who (Keycloak subject, never a username: a teacher's is their ID number). */
export function personalDataReadOutgoing(r: PersonalDataReadRecord): OutgoingEvent {
  const event: roster.TeacherPersonalDataRead = {
    readId: r.id,
    teacherId: r.teacherId,
    teacherOrgPath: r.teacherOrgPath,
    readerSubject: r.readerSubject,
    readerRole: r.readerRole,
    readerOrgPath: r.readerOrgPath ?? '',
    fields: r.fields,
    endpoint: r.endpoint,
    readAt: r.readAt.toISOString(),
  };
  return {
    topic: Topics.teacherPersonalDataRead,
    key: r.teacherId,
    type: 'yanxiu.identity.v1.TeacherPersonalDataRead',
    version: 1,
    subject: r.teacherId,
    payload: roster.TeacherPersonalDataRead.encode(event).finish(),
  };
}

export function personalDataReadToProto(r: PersonalDataReadRecord): roster.PersonalDataRead {
  return {
    id: r.id,
    teacherId: r.teacherId,
    teacherOrgPath: r.teacherOrgPath,
    readerUsername: r.readerUsername,
    readerRole: r.readerRole,
    readerOrgPath: r.readerOrgPath ?? '',
    fields: r.fields,
    reason: r.reason,
    endpoint: r.endpoint,
    readAt: r.readAt.toISOString(),
  };
}
