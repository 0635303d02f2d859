import { teacher as teacherContract, Topics } from '@yanxiu/contracts';
import type { OutgoingEvent } from '@yanxiu/messaging';
import type { Gender, Stage, TeacherRecord, TeacherStatus } from './teacher.repository.js';

const P = teacherContract;

const stages: Record<Stage, teacherContract.Stage> = {
  high: P.Stage.STAGE_HIGH,
  middle: P.Stage.STAGE_MIDDLE,
  primary: P.Stage.STAGE_PRIMARY,
  kindergarten: P.Stage.STAGE_KINDERGARTEN,
};
const genders: Record<Gender, teacherContract.Gender> = { male: P.Gender.GENDER_MALE, female: P.Gender.GENDER_FEMALE };
const statuses: Record<TeacherStatus, teacherContract.TeacherStatus> = {
  in_service: P.TeacherStatus.TEACHER_STATUS_IN_SERVICE,
  departed: P.TeacherStatus.TEACHER_STATUS_DEPARTED,
  retired: P.TeacherStatus.TEACHER_STATUS_RETIRED,
};

function reverse<K extends string, V>(table: Record<K, V>, value: V): K | null {
  const entry = (Object.entries(table) as [K, V][]).find(([, v]) => v === value);
  return entry ? entry[0] : null;
}

export const stageFromProto = (value: teacherContract.Stage): Stage | null => reverse(stages, value);
export const genderFromProto = (value: teacherContract.Gender): Gender | null => reverse(genders, value);
export const statusFromProto = (value: teacherContract.TeacherStatus): TeacherStatus | null => reverse(statuses, value);

/** The response shape: the ID number only ever masked. */
export function teacherToProto(t: TeacherRecord): teacherContract.Teacher {
  return {
    id: t.id,
    name: t.name,
    idNumberMasked: t.idNumberMasked,
    gender: genders[t.gender],
    orgId: t.orgId,
    orgPath: t.orgPath,
    stage: stages[t.stage],
    subject: t.subject,
    title: t.title,
    status: statuses[t.status],
  };
}

/** The event: no name, ID number or phone. */
export function teacherCreatedEvent(t: TeacherRecord): teacherContract.TeacherCreated {
  return { teacherId: t.id, orgId: t.orgId, orgPath: t.orgPath, stage: stages[t.stage], subject: t.subject, gender: genders[t.gender], status: statuses[t.status] };
}

/** The outbox row of identity.teacher.created.v1 for a teacher just inserted. */
export function teacherCreatedOutgoing(t: TeacherRecord): OutgoingEvent {
  return {
    topic: Topics.teacherCreated,
    key: t.id,
    type: 'yanxiu.identity.v1.TeacherCreated',
    version: 1,
    subject: t.id,
    payload: teacherContract.TeacherCreated.encode(teacherCreatedEvent(t)).finish(),
  };
}
