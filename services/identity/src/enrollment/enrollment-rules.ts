import { ADMIN_ROLES, adminLevel, isWithinJurisdiction, type AdminRole, type Principal } from '@yanxiu/auth';
import type { Stage, TeacherStatus } from '../teachers/teacher.repository.js';
import { describeWindow, enrollmentCalendar } from '../training-projects/project-calendar.js';
import type { ProjectWindows, TutorTeamScope } from '../training-projects/training-project.js';
import type { EnrollmentRole, EnrollmentUnitLevel, EnrollmentUnitStatus } from './enrollment.js';

/** Why a write is refused; the codes are IdentityError codes. */
export interface Refusal {
  code: 'enrollment_frozen' | 'enrollment_window_closed' | 'enrollment_cascade' | 'role_not_allowed' | 'out_of_jurisdiction';
  message: string;
}

/** ADMIN_ROLES runs highest first, so a lower index ranks higher. */
export const ranksAtLeast = (role: AdminRole, required: AdminRole): boolean => ADMIN_ROLES.indexOf(role) <= ADMIN_ROLES.indexOf(required);

/**
 * The lowest admin who may put someone in a role. Trainees and group leaders come through their
 * unit's list (学校管理员按学科填报); tutors are appointed for the project's tutor teams, per city or
 * per county (学科指导小组报名 by 市/县区管理员); workshop hosts by county or city admins (2018
 * 附件2); course experts are the province's (省课程专家).
 */
export function appointerOf(role: EnrollmentRole, tutorTeamScope: TutorTeamScope): AdminRole {
  switch (role) {
    case 'trainee':
    case 'group_leader':
      return 'school-admin';
    case 'tutor':
      return tutorTeamScope === 'city' ? 'city-admin' : 'county-admin';
    case 'workshop_host':
      return 'county-admin';
    case 'course_expert':
      return 'province-admin';
  }
}

/** Roles that travel on the unit's list, and so need the unit opened and not yet submitted. */
export const isListRole = (role: EnrollmentRole): boolean => role === 'trainee' || role === 'group_leader';

/** An admin of at least `required` rank whose subtree holds `targetPath`, or why not. */
export function adminOver(principal: Pick<Principal, 'roles' | 'orgPath'>, required: AdminRole, targetPath: string, what: string): Refusal | null {
  const level = adminLevel(principal);
  if (!level || !principal.orgPath) return { code: 'role_not_allowed', message: `${what} is done by a ${required} or above` };
  if (!ranksAtLeast(level, required)) return { code: 'role_not_allowed', message: `${what} is done by a ${required} or above, not a ${level}` };
  if (!isWithinJurisdiction(principal.orgPath, targetPath)) return { code: 'out_of_jurisdiction', message: `${targetPath} is outside your jurisdiction ${principal.orgPath}` };
  return null;
}

const frozen = (windows: ProjectWindows): Refusal => ({
  code: 'enrollment_frozen',
  message: `study started on ${windows.study.start}: enrollment data is frozen (研修开始之后不再开放报名信息的更改)`,
});

export type EnrollmentWrite = 'enroll' | 'change' | 'withdraw';

export interface EnrollmentWriteContext {
  write: EnrollmentWrite;
  windows: ProjectWindows;
  tutorTeamScope: TutorTeamScope;
  /** `YYYY-MM-DD` in the province. */
  today: string;
  unitPath: string;
  /** The unit's cascade status; null when the cascade has not reached it. */
  unitStatus: EnrollmentUnitStatus | null;
  /** Every role the write touches: the new one, and for a change or withdrawal the current one too. */
  roles: readonly EnrollmentRole[];
}

/**
 * Whether an admin may enroll, change or withdraw a participant of a unit today, or why not:
 * - once study starts, never (frozen);
 * - the admin must rank at least the appointer of every role touched, over the unit;
 * - in the enrollment window: appointed roles any time, list roles while the unit is open (opened
 *   by its county and not yet submitted);
 * - in the confirmation window: county admins and above correct or withdraw (信息有误者…联系市、县级
 *   管理员及时更改), whatever the unit's state; nobody adds new participants then.
 */
export function decideEnrollmentWrite(principal: Pick<Principal, 'roles' | 'orgPath'>, ctx: EnrollmentWriteContext): Refusal | null {
  const calendar = enrollmentCalendar(ctx.windows, ctx.today);
  if (calendar.frozen) return frozen(ctx.windows);
  for (const role of new Set(ctx.roles)) {
    const refusal = adminOver(principal, appointerOf(role, ctx.tutorTeamScope), ctx.unitPath, `enrolling a ${role.replace('_', ' ')}`);
    if (refusal) return refusal;
  }
  const needsOpenUnit = ctx.roles.some(isListRole);
  if (calendar.enrollmentOpen && (!needsOpenUnit || ctx.unitStatus === 'open')) return null;

  const corrector = adminOver(principal, 'county-admin', ctx.unitPath, 'a correction in the confirmation window');
  if (calendar.confirmationOpen && ctx.write !== 'enroll' && !corrector) return null;

  if (calendar.enrollmentOpen) {
    return {
      code: 'enrollment_cascade',
      message:
        ctx.unitStatus === null
          ? `the project has not been opened to ${ctx.unitPath}: its county admin opens it first`
          : `${ctx.unitPath} has submitted its list: an admin above it returns it (退回) before it changes`,
    };
  }
  if (calendar.confirmationOpen && ctx.write !== 'enroll' && corrector) return corrector;
  const confirmation = describeWindow(ctx.windows.confirmation);
  return {
    code: 'enrollment_window_closed',
    message: `participants are enrolled in the enrollment window (${describeWindow(ctx.windows.enrollment)}) and corrected in the confirmation window (${confirmation}); today is ${ctx.today}`,
  };
}

export type CascadeStep = 'open' | 'submit' | 'return';

/** The admin each step needs, by the level of the unit it acts on (null: the step does not apply). */
const STEP_ADMIN: Record<CascadeStep, Record<EnrollmentUnitLevel, AdminRole | null>> = {
  // 市级管理员开放参训区域; 县级管理员开放参训单位.
  open: { city: null, county: 'city-admin', unit: 'county-admin' },
  // 学校管理员提交名单; 县、市管理员检查并提交.
  submit: { city: 'city-admin', county: 'county-admin', unit: 'school-admin' },
  // 退回 by the level above.
  return: { city: 'province-admin', county: 'city-admin', unit: 'county-admin' },
};

/** Whether an admin may take a cascade step on a unit today, or why not. Cascade steps belong to the enrollment window. */
export function decideCascadeStep(
  principal: Pick<Principal, 'roles' | 'orgPath'>,
  step: CascadeStep,
  level: EnrollmentUnitLevel,
  targetPath: string,
  windows: ProjectWindows,
  today: string,
): Refusal | null {
  const calendar = enrollmentCalendar(windows, today);
  if (calendar.frozen) return frozen(windows);
  if (!calendar.enrollmentOpen) {
    return { code: 'enrollment_window_closed', message: `the enrollment cascade runs in the enrollment window (${describeWindow(windows.enrollment)}); today is ${today}` };
  }
  const required = STEP_ADMIN[step][level];
  if (!required) return { code: 'enrollment_cascade', message: 'a city takes part when its admin opens the project to its counties; the project is opened to counties and units' };
  return adminOver(principal, required, targetPath, `${step === 'return' ? 'returning (退回)' : step === 'open' ? 'opening the project to' : 'submitting'} a ${level}`);
}

/** What a cascade step needs of the unit, its parent and its children; null when it may proceed. */
export interface CascadeState {
  path: string;
  /** Null: the cascade has not reached the unit. */
  status: EnrollmentUnitStatus | null;
  /** Null for a city (its parent is the province, which does not take part in the cascade). */
  parent: { path: string; status: EnrollmentUnitStatus | null } | null;
  /** Paths of opened children that have not submitted, and how many were opened at all. */
  openChildren: readonly string[];
  childCount: number;
}

export function cascadeProblem(step: CascadeStep, level: EnrollmentUnitLevel, s: CascadeState): string | null {
  const parent = s.parent;
  switch (step) {
    case 'open':
      // A county's city row is created on its first opening; a unit's county must be open.
      if (parent?.status === 'submitted') return `${parent.path} has already submitted its enrollment: an admin above it returns it (退回) first`;
      if (level === 'unit' && parent?.status !== 'open') return `the project has not been opened to the county ${parent?.path ?? ''} yet: its city admin opens it first`;
      return null;
    case 'submit':
      if (s.status === null) return `the project has not been opened to ${s.path}`;
      if (s.status === 'submitted') return `${s.path} has already submitted`;
      if (parent?.status === 'submitted') return `${parent.path} has already submitted`;
      if (level !== 'unit' && s.childCount === 0) return `nothing has been opened under ${s.path}: open the project to its ${level === 'city' ? 'counties' : 'schools'} first`;
      if (s.openChildren.length > 0) {
        const shown = s.openChildren.slice(0, 10).join(', ');
        return `${s.openChildren.length} of the ${s.childCount} opened under ${s.path} have not submitted yet: ${shown}${s.openChildren.length > 10 ? ', …' : ''}`;
      }
      return null;
    case 'return':
      if (s.status === null) return `the project has not been opened to ${s.path}`;
      if (s.status === 'open') return `${s.path} has not submitted: there is nothing to return`;
      if (parent?.status === 'submitted') return `${parent.path} has already submitted: return it first`;
      return null;
  }
}

/** What an enrollment needs of the teacher. */
export interface TeacherFacts {
  id: string;
  orgId: string;
  orgPath: string;
  stage: Stage;
  status: TeacherStatus;
}

/** Why a teacher cannot take part in a project through a unit with a subject; empty when they can. */
export function participantProblems(project: { stage: Stage; subjects: readonly string[] }, unitId: string, subject: string, teacher: TeacherFacts): string[] {
  const problems: string[] = [];
  if (teacher.orgId !== unitId) problems.push(`teacher ${teacher.id} belongs to ${teacher.orgPath}, not to this unit`);
  if (teacher.status !== 'in_service') problems.push(`teacher ${teacher.id} is ${teacher.status.replace('_', ' ')}: only in-service teachers take part`);
  if (teacher.stage !== project.stage) problems.push(`teacher ${teacher.id} teaches at the ${teacher.stage} stage, not in this ${project.stage} project`);
  if (project.stage === 'kindergarten') {
    if (subject !== '') problems.push(`kindergarten projects have no subjects (幼儿园不分学科), got "${subject}"`);
  } else if (!project.subjects.includes(subject)) {
    problems.push(`subject "${subject}" is not offered by this project (offered: ${project.subjects.join('、')})`);
  }
  return problems;
}
