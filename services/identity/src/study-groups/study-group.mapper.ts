import { studyGroup as contract, Topics } from '@yanxiu/contracts';
import type { OutgoingEvent } from '@yanxiu/messaging';
import { enrollmentRoleToProto } from '../enrollment/enrollment.mapper.js';
import type { LeaderSource, StudyGroupMember, StudyGroupRecord, StudyGroupView, TutorTeamReport } from './study-group.js';

const LEADER_SOURCES: Record<LeaderSource, contract.LeaderSource> = {
  enrolled: contract.LeaderSource.LEADER_SOURCE_ENROLLED,
  provisional: contract.LeaderSource.LEADER_SOURCE_PROVISIONAL,
  appointed: contract.LeaderSource.LEADER_SOURCE_APPOINTED,
};

export function memberToProto(m: StudyGroupMember): contract.StudyGroupMember {
  return { teacherId: m.teacherId, enrollmentId: m.enrollmentId, name: m.name, orgPath: m.orgPath, subject: m.subject, role: enrollmentRoleToProto(m.role) };
}

export function studyGroupToProto(g: StudyGroupView, members: readonly StudyGroupMember[] = []): contract.StudyGroup {
  return {
    id: g.id,
    projectId: g.projectId,
    regionPath: g.regionPath,
    orgPath: g.orgPath,
    name: g.name,
    subject: g.subject,
    leaderTeacherId: g.leaderTeacherId,
    leaderName: g.leaderName,
    leaderSource: LEADER_SOURCES[g.leaderSource],
    tutorTeacherId: g.tutorTeacherId ?? '',
    tutorName: g.tutorName,
    memberCount: g.memberCount,
    members: members.map(memberToProto),
    version: g.version,
    updatedAt: g.updatedAt.toISOString(),
  };
}

export function tutorTeamToProto(t: TutorTeamReport): contract.TutorTeamReport {
  return {
    regionPath: t.regionPath,
    regionName: t.regionName,
    subject: t.subject,
    headTeacherId: t.headTeacherId ?? '',
    tutors: t.tutors,
    groups: t.groups,
    trainees: t.trainees,
    required: t.required,
    missing: t.missing,
    groupsWithoutTutor: t.groupsWithoutTutor,
  };
}

function fact(g: StudyGroupRecord, memberTeacherIds: readonly string[]): contract.StudyGroupFact {
  return {
    groupId: g.id,
    projectId: g.projectId,
    regionPath: g.regionPath,
    orgPath: g.orgPath,
    name: g.name,
    subject: g.subject,
    leaderTeacherId: g.leaderTeacherId,
    leaderSource: LEADER_SOURCES[g.leaderSource],
    tutorTeacherId: g.tutorTeacherId ?? '',
    memberTeacherIds: [...memberTeacherIds],
    version: g.version,
    occurredAt: g.updatedAt.toISOString(),
  };
}

/** Outbox entries are keyed by group id, so one group's events stay in order. */
const outgoing = (g: { id: string }, topic: string, type: string, payload: Uint8Array): OutgoingEvent => ({ topic, key: g.id, type: `yanxiu.identity.v1.${type}`, version: 1, subject: g.id, payload });

export const studyGroupFormedEvent = (g: StudyGroupRecord, memberTeacherIds: readonly string[]): OutgoingEvent =>
  outgoing(g, Topics.studyGroupFormed, 'StudyGroupFormed', contract.StudyGroupFormed.encode({ group: fact(g, memberTeacherIds) }).finish());

const CHANGES = {
  members: contract.StudyGroupChange.STUDY_GROUP_CHANGE_MEMBERS,
  leader: contract.StudyGroupChange.STUDY_GROUP_CHANGE_LEADER,
  renamed: contract.StudyGroupChange.STUDY_GROUP_CHANGE_RENAMED,
  dissolved: contract.StudyGroupChange.STUDY_GROUP_CHANGE_DISSOLVED,
} as const;

export const studyGroupChangedEvent = (g: StudyGroupRecord, memberTeacherIds: readonly string[], change: keyof typeof CHANGES): OutgoingEvent =>
  outgoing(g, Topics.studyGroupChanged, 'StudyGroupChanged', contract.StudyGroupChanged.encode({ group: fact(g, memberTeacherIds), change: CHANGES[change] }).finish());

export const tutorAssignedEvent = (g: StudyGroupRecord, previousTutorId: string | null): OutgoingEvent =>
  outgoing(
    g,
    Topics.studyGroupTutorAssigned,
    'StudyGroupTutorAssigned',
    contract.StudyGroupTutorAssigned.encode({
      groupId: g.id,
      projectId: g.projectId,
      regionPath: g.regionPath,
      subject: g.subject,
      tutorTeacherId: g.tutorTeacherId ?? '',
      previousTutorTeacherId: previousTutorId ?? '',
      occurredAt: g.updatedAt.toISOString(),
      version: g.version,
    }).finish(),
  );
