import { progressEntities, type enrollment, type progress, type studyGroup } from '@yanxiu/contracts';
import type {
  CourseProgressView,
  CreditView,
  DutyConfirmationResultView,
  GroupProgressView,
  MyGroupsProgressView,
  MyProjectProgressView,
  ParticipantsPageView,
  QuizView,
} from './progress.dto.js';

const sources: Record<number, string> = {
  [progressEntities.CreditSource.CREDIT_SOURCE_PROJECT]: 'project',
  [progressEntities.CreditSource.CREDIT_SOURCE_SCHOOL_BASED]: 'school_based',
};

const orNull = (iso: string) => (iso === '' ? null : iso);

export function creditView(c: progressEntities.CreditRecord | undefined): CreditView {
  if (!c) throw new Error('service answered without a credit');
  return { ...c, source: sources[c.source] ?? 'unspecified' };
}

export function myProgressView(p: progress.GetMyProjectProgressResponse): MyProjectProgressView {
  return {
    ...p,
    courses: p.courses.map((c): CourseProgressView => ({ ...c, completedAt: orNull(c.completedAt) })),
    qualifiedAt: orNull(p.qualifiedAt),
    credit: p.credit ? creditView(p.credit) : null,
  };
}

export function quizView(q: progressEntities.Quiz | undefined): QuizView {
  if (!q) throw new Error('service answered without a quiz');
  return q;
}

/**
 * Identity's enrollments of the teachers on progress's page, inside the caller's jurisdiction (org_id empty:
 * their own org); null for an empty page, whose empty teacher_ids would mean every teacher.
 */
export function participantNamesRequest(page: progress.ListOrgProgressResponse): enrollment.ListEnrollmentsRequest | null {
  const teacherIds = page.participants.map((p) => p.teacherId);
  if (teacherIds.length === 0) return null;
  return { projectId: page.projectId, orgId: '', teacherIds, pageSize: teacherIds.length, pageToken: '', subject: '', role: 0, confirmation: 0 };
}

/** Progress's page with each participant's name and masked ID number from identity (null where identity shows none). */
export function participantsPageView(page: progress.ListOrgProgressResponse, enrollments: readonly enrollment.Enrollment[]): ParticipantsPageView {
  const byTeacher = new Map(enrollments.map((e) => [e.teacherId, e]));
  return {
    ...page,
    participants: page.participants.map((p) => {
      const e = byTeacher.get(p.teacherId);
      return { ...p, teacherName: e?.teacherName ?? null, idNumberMasked: e?.idNumberMasked ?? null };
    }),
  };
}

/**
 * A group's progress with its members', leader's and tutor's names from identity's view of the same group.
 * Progress's ids are the ones named: one identity no longer has in that place (a new leader or tutor, a member
 * moved out, a group identity dissolved: `named` undefined) stays null until progress catches up.
 */
export function groupProgressView(g: progress.GroupProgress | undefined, named: studyGroup.StudyGroup | undefined): GroupProgressView {
  if (!g) throw new Error('service answered without a group');
  const names = new Map<string, string>((named?.members ?? []).map((m) => [m.teacherId, m.name]));
  if (named?.leaderTeacherId) names.set(named.leaderTeacherId, named.leaderName);
  if (named?.tutorTeacherId) names.set(named.tutorTeacherId, named.tutorName);
  const nameOf = (teacherId: string) => names.get(teacherId) ?? null;
  return {
    ...g,
    leaderName: nameOf(g.leaderTeacherId),
    tutorTeacherId: g.tutorTeacherId || null,
    tutorName: g.tutorTeacherId ? nameOf(g.tutorTeacherId) : null,
    members: g.members.map((m) => ({ ...m, teacherName: nameOf(m.teacherId) })),
  };
}

export function myGroupsProgressView(mine: progress.ListMyGroupsProgressResponse, named: readonly studyGroup.StudyGroup[]): MyGroupsProgressView {
  const byId = new Map(named.map((g) => [g.id, g]));
  return { projectId: mine.projectId, groups: mine.groups.map((g) => groupProgressView(g, byId.get(g.groupId))) };
}

export function dutyConfirmationView(r: progress.ConfirmRoleDutyResponse): DutyConfirmationResultView {
  if (!r.confirmation) throw new Error('service answered without a confirmation');
  return { confirmation: r.confirmation, created: r.created };
}
