import { isWithinJurisdiction } from '@yanxiu/auth';
import type { EnrollmentRole, EnrollmentStatus } from '../enrollment/enrollment.js';
import type { OrgLevel } from '../orgs/org-rules.js';
import { STAGE_NAMES } from '../roster-import/roster-columns.js';
import type { Stage } from '../teachers/teacher.repository.js';
import type { WorkshopKind } from './workshop.js';

/** 原则上一个坊配至少三个主持人 (seed 2018 附件2 四). */
export const MIN_HOSTS = 3;

export interface Refusal {
  code: 'invalid_argument' | 'org_level_not_allowed' | 'host_not_appointed' | 'host_taken';
  message: string;
}

/** What a workshop's scope is checked against: its project (one stage, one year, its subjects). */
export interface ProjectFacts {
  stage: Stage;
  /** Empty for kindergartens. */
  subjects: readonly string[];
  ownerOrgPath: string;
}

export type ScopeDecision = { ok: true; kind: WorkshopKind; subject: string; theme: string } | { ok: false; refusal: Refusal };

const refused = (code: Refusal['code'], message: string): ScopeDecision => ({ ok: false, refusal: { code, message } });

/**
 * What workshop an area may run for a project (seed 2018 附件2 四、五): the province thematic ones
 * (专题工作坊, a theme, any or one subject); a city one per subject of the project's stage; a county
 * one per subject too, but for 初中、小学、幼儿园 only: high-school workshops are the city's.
 * Kindergartens have no subjects, so their workshops have none either.
 */
export function decideWorkshopScope(area: { level: OrgLevel; path: string }, project: ProjectFacts, request: { subject: string; theme: string }): ScopeDecision {
  const subject = request.subject.trim();
  const theme = request.theme.trim();
  if (!isWithinJurisdiction(project.ownerOrgPath, area.path)) return refused('invalid_argument', `${area.path} is outside the project's province ${project.ownerOrgPath}`);
  const offered = (what: string) => `subject ${what} is not one of the project's subjects (${project.subjects.join('、') || 'none: kindergartens have no subjects'})`;
  switch (area.level) {
    case 'province':
      if (!theme || theme.length > 100) return refused('invalid_argument', 'a thematic workshop (专题工作坊) of the province needs a theme of 1–100 characters');
      if (subject && !project.subjects.includes(subject)) return refused('invalid_argument', offered(subject));
      return { ok: true, kind: 'thematic', subject, theme };
    case 'city':
    case 'county':
      if (area.level === 'county' && project.stage === 'high') return refused('org_level_not_allowed', 'high-school workshops are run by cities; counties run 初中、小学 and 幼儿园 ones');
      if (theme) return refused('invalid_argument', 'thematic workshops are the province’s; a city or county workshop has a subject, not a theme');
      if (project.stage === 'kindergarten') {
        return subject ? refused('invalid_argument', 'kindergarten workshops have no subject') : { ok: true, kind: 'subject', subject: '', theme: '' };
      }
      if (!subject) return refused('invalid_argument', 'subject is required: one workshop per subject of the stage');
      if (!project.subjects.includes(subject)) return refused('invalid_argument', offered(subject));
      return { ok: true, kind: 'subject', subject, theme: '' };
    case 'school':
    case 'kindergarten':
    case 'institution':
      return refused('org_level_not_allowed', `workshops are run by the province (thematic), cities and counties, not by a ${area.level}`);
  }
}

/** "历下区小学语文工作坊", "历下区幼儿园工作坊", "信息技术应用能力提升专题工作坊". */
export function workshopName(areaName: string, stage: Stage, scope: { kind: WorkshopKind; subject: string; theme: string }): string {
  if (scope.kind === 'thematic') return scope.theme.endsWith('工作坊') ? scope.theme : `${scope.theme}专题工作坊`;
  return `${areaName}${STAGE_NAMES[stage]}${scope.subject}工作坊`;
}

/** A proposed host as the checks see them: their enrollment in the project, and the workshop they already host in it. */
export interface HostCandidate {
  teacherId: string;
  enrollment: { role: EnrollmentRole; status: EnrollmentStatus; orgPath: string; subject: string } | null;
  /** The workshop of this project the teacher already hosts, if any. */
  hostsWorkshopId: string | null;
}

/**
 * Why these teachers cannot host the workshop, or null. Hosts are the project's participants
 * appointed as workshop hosts (坊主, EnrollmentRole) — so one role per person per project holds —
 * enrolled inside the workshop's area, for its subject (a thematic workshop takes any), at least
 * MIN_HOSTS of them, and each hosts one workshop of the project.
 */
export function hostsProblem(workshop: { id: string; kind: WorkshopKind; subject: string; orgPath: string }, hostTeacherIds: readonly string[], candidates: ReadonlyMap<string, HostCandidate>): Refusal | null {
  if (new Set(hostTeacherIds).size !== hostTeacherIds.length) return { code: 'invalid_argument', message: 'a teacher is listed twice among the hosts' };
  if (hostTeacherIds.length < MIN_HOSTS) return { code: 'invalid_argument', message: `a workshop needs at least ${MIN_HOSTS} hosts (原则上一个坊配至少三个主持人), got ${hostTeacherIds.length}` };
  for (const teacherId of hostTeacherIds) {
    const enrollment = candidates.get(teacherId)?.enrollment;
    if (!enrollment || enrollment.status !== 'enrolled' || enrollment.role !== 'workshop_host') {
      return { code: 'host_not_appointed', message: `teacher ${teacherId} is not appointed as a workshop host of this project: enroll them with the workshop-host role first` };
    }
    if (!isWithinJurisdiction(workshop.orgPath, enrollment.orgPath)) {
      return { code: 'invalid_argument', message: `host ${teacherId} is enrolled at ${enrollment.orgPath}, outside the workshop's area ${workshop.orgPath}` };
    }
    if (workshop.kind === 'subject' && enrollment.subject !== workshop.subject) {
      return { code: 'invalid_argument', message: `host ${teacherId} is appointed for ${enrollment.subject || 'no subject'}, the workshop is for ${workshop.subject || 'no subject'}` };
    }
    const elsewhere = candidates.get(teacherId)?.hostsWorkshopId;
    if (elsewhere && elsewhere !== workshop.id) return { code: 'host_taken', message: `teacher ${teacherId} already hosts workshop ${elsewhere} of this project` };
  }
  return null;
}

/** What membership reads of an enrollment. */
export interface MembershipFacts {
  projectId: string;
  role: EnrollmentRole;
  status: EnrollmentStatus;
  orgPath: string;
  subject: string;
}

/**
 * Membership is derived, never stored: a workshop's members are its project's enrolled trainees of
 * its subject (any subject when a thematic workshop has none) whose unit lies in its area. So it
 * follows enrollment, withdrawals and changes of subject without a copy to keep in step.
 */
export function isWorkshopMember(workshop: { projectId: string; kind: WorkshopKind; subject: string; orgPath: string }, enrollment: MembershipFacts): boolean {
  return (
    enrollment.projectId === workshop.projectId &&
    enrollment.role === 'trainee' &&
    enrollment.status === 'enrolled' &&
    isWithinJurisdiction(workshop.orgPath, enrollment.orgPath) &&
    (memberSubject(workshop) === undefined || enrollment.subject === workshop.subject)
  );
}

/** The subject members must have, or undefined for any. */
export function memberSubject(workshop: { kind: WorkshopKind; subject: string }): string | undefined {
  return workshop.kind === 'thematic' && workshop.subject === '' ? undefined : workshop.subject;
}
