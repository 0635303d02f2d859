import { enrollment as contract, Topics } from '@yanxiu/contracts';
import type { OutgoingEvent } from '@yanxiu/messaging';
import type { TrainingProjectRecord } from '../training-projects/training-project.js';
import { stageToProto } from '../training-projects/training-project.mapper.js';
import type {
  ConfirmationCounts,
  ConfirmationStatus,
  EnrollmentRecord,
  EnrollmentRole,
  EnrollmentStatus,
  EnrollmentUnitLevel,
  EnrollmentUnitRecord,
  EnrollmentUnitStatus,
  EnrollmentView,
  MyEnrollmentView,
} from './enrollment.js';

const roles: Record<EnrollmentRole, contract.EnrollmentRole> = {
  trainee: contract.EnrollmentRole.ENROLLMENT_ROLE_TRAINEE,
  group_leader: contract.EnrollmentRole.ENROLLMENT_ROLE_GROUP_LEADER,
  tutor: contract.EnrollmentRole.ENROLLMENT_ROLE_TUTOR,
  course_expert: contract.EnrollmentRole.ENROLLMENT_ROLE_COURSE_EXPERT,
  workshop_host: contract.EnrollmentRole.ENROLLMENT_ROLE_WORKSHOP_HOST,
};
const statuses: Record<EnrollmentStatus, contract.EnrollmentStatus> = {
  enrolled: contract.EnrollmentStatus.ENROLLMENT_STATUS_ENROLLED,
  withdrawn: contract.EnrollmentStatus.ENROLLMENT_STATUS_WITHDRAWN,
};
const confirmations: Record<ConfirmationStatus, contract.ConfirmationStatus> = {
  pending: contract.ConfirmationStatus.CONFIRMATION_STATUS_PENDING,
  confirmed: contract.ConfirmationStatus.CONFIRMATION_STATUS_CONFIRMED,
  disputed: contract.ConfirmationStatus.CONFIRMATION_STATUS_DISPUTED,
};
const unitLevels: Record<EnrollmentUnitLevel, contract.EnrollmentUnitLevel> = {
  city: contract.EnrollmentUnitLevel.ENROLLMENT_UNIT_LEVEL_CITY,
  county: contract.EnrollmentUnitLevel.ENROLLMENT_UNIT_LEVEL_COUNTY,
  unit: contract.EnrollmentUnitLevel.ENROLLMENT_UNIT_LEVEL_UNIT,
};
const unitStatuses: Record<EnrollmentUnitStatus, contract.EnrollmentUnitStatus> = {
  open: contract.EnrollmentUnitStatus.ENROLLMENT_UNIT_STATUS_OPEN,
  submitted: contract.EnrollmentUnitStatus.ENROLLMENT_UNIT_STATUS_SUBMITTED,
};

function reverse<K extends string, V>(table: Record<K, V>, value: V): K | null {
  const entry = (Object.entries(table) as [K, V][]).find(([, v]) => v === value);
  return entry ? entry[0] : null;
}

export const roleFromProto = (value: contract.EnrollmentRole): EnrollmentRole | null => reverse(roles, value);
export const confirmationFromProto = (value: contract.ConfirmationStatus): ConfirmationStatus | null => reverse(confirmations, value);

const iso = (d: Date | null) => d?.toISOString() ?? '';

/** The response shape: the ID number only ever masked. */
export function enrollmentToProto(e: EnrollmentView): contract.Enrollment {
  return {
    id: e.id,
    projectId: e.projectId,
    teacherId: e.teacherId,
    teacherName: e.teacherName,
    idNumberMasked: e.idNumberMasked,
    orgId: e.orgId,
    orgPath: e.orgPath,
    subject: e.subject,
    role: roles[e.role],
    status: statuses[e.status],
    confirmation: confirmations[e.confirmation],
    disputeNote: e.disputeNote ?? '',
    version: e.version,
    enrolledByUsername: e.enrolledBy,
    enrolledAt: iso(e.enrolledAt),
    updatedAt: iso(e.updatedAt),
    confirmedAt: iso(e.confirmedAt),
    project: undefined,
  };
}

/** A teacher's own row: the enrollment and what they need to know of its project. */
export function myEnrollmentToProto(e: MyEnrollmentView): contract.Enrollment {
  const p = e.project;
  return {
    ...enrollmentToProto(e),
    project: { name: p.name, year: p.year, stage: stageToProto(p.stage), study: { startDate: p.study.start, endDate: p.study.end }, requiredHours: p.requiredHours },
  };
}

export function enrollmentUnitToProto(u: EnrollmentUnitRecord): contract.EnrollmentUnit {
  return {
    projectId: u.projectId,
    orgId: u.orgId,
    orgPath: u.orgPath,
    level: unitLevels[u.level],
    status: unitStatuses[u.status],
    openedByUsername: u.openedBy,
    openedAt: iso(u.openedAt),
    submittedByUsername: u.submittedBy ?? '',
    submittedAt: iso(u.submittedAt),
    returnedReason: u.returnedReason ?? '',
  };
}

export function progressToProto(org: { id: string; path: string; name: string }, unit: EnrollmentUnitRecord | undefined, counts: ConfirmationCounts | undefined): contract.EnrollmentProgress {
  return {
    orgId: org.id,
    orgPath: org.path,
    orgName: org.name,
    unit: unit ? enrollmentUnitToProto(unit) : undefined,
    enrolled: counts?.enrolled ?? 0,
    confirmed: counts?.confirmed ?? 0,
    disputed: counts?.disputed ?? 0,
    pending: counts?.pending ?? 0,
  };
}

/** What every enrollment event says: ids, paths, the project's stage and year; no name, no ID number, no note. */
export function enrollmentFact(e: EnrollmentRecord, project: Pick<TrainingProjectRecord, 'year' | 'stage'>): contract.EnrollmentFact {
  return {
    enrollmentId: e.id,
    projectId: e.projectId,
    projectYear: project.year,
    projectStage: stageToProto(project.stage),
    teacherId: e.teacherId,
    orgId: e.orgId,
    orgPath: e.orgPath,
    subject: e.subject,
    role: roles[e.role],
    status: statuses[e.status],
    confirmation: confirmations[e.confirmation],
    version: e.version,
    occurredAt: e.updatedAt.toISOString(),
  };
}

export const enrollmentRoleToProto = (role: EnrollmentRole): contract.EnrollmentRole => roles[role];

export function enrollmentUnitChangedEvent(u: EnrollmentUnitRecord, occurredAt: Date): contract.EnrollmentUnitChanged {
  return {
    projectId: u.projectId,
    orgId: u.orgId,
    orgPath: u.orgPath,
    level: unitLevels[u.level],
    status: unitStatuses[u.status],
    version: u.version,
    occurredAt: occurredAt.toISOString(),
  };
}

/** The outbox entry of an enrollment event; key = enrollment id, so one enrollment's events stay in order. */
export function enrollmentEvent(
  kind: 'submitted' | 'changed' | 'withdrawn' | 'confirmed',
  e: EnrollmentRecord,
  project: TrainingProjectRecord,
  previous?: { subject: string; role: EnrollmentRole },
): OutgoingEvent {
  const enrollment = enrollmentFact(e, project);
  const encoded = {
    submitted: () => ({ topic: Topics.enrollmentSubmitted, type: 'EnrollmentSubmitted', payload: contract.EnrollmentSubmitted.encode({ enrollment }).finish() }),
    changed: () => ({
      topic: Topics.enrollmentChanged,
      type: 'EnrollmentChanged',
      payload: contract.EnrollmentChanged.encode({ enrollment, previousSubject: previous?.subject ?? '', previousRole: enrollmentRoleToProto(previous?.role ?? e.role) }).finish(),
    }),
    withdrawn: () => ({ topic: Topics.enrollmentWithdrawn, type: 'EnrollmentWithdrawn', payload: contract.EnrollmentWithdrawn.encode({ enrollment }).finish() }),
    confirmed: () => ({ topic: Topics.enrollmentConfirmed, type: 'EnrollmentConfirmed', payload: contract.EnrollmentConfirmed.encode({ enrollment }).finish() }),
  }[kind]();
  return { topic: encoded.topic, key: e.id, type: `yanxiu.identity.v1.${encoded.type}`, version: 1, subject: e.id, payload: encoded.payload };
}
