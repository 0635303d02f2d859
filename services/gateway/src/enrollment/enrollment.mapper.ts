import { enrollment as contract } from '@yanxiu/contracts';
import { stages } from '../teachers/teacher.mapper.js';
import { nameIn, windowView } from '../training-projects/training-project.mapper.js';
import type { EnrollmentProgressView, EnrollmentUnitView, EnrollmentView, MyEnrollmentView } from './enrollment.dto.js';

const E = contract;
export const roles = {
  trainee: E.EnrollmentRole.ENROLLMENT_ROLE_TRAINEE,
  group_leader: E.EnrollmentRole.ENROLLMENT_ROLE_GROUP_LEADER,
  tutor: E.EnrollmentRole.ENROLLMENT_ROLE_TUTOR,
  course_expert: E.EnrollmentRole.ENROLLMENT_ROLE_COURSE_EXPERT,
  workshop_host: E.EnrollmentRole.ENROLLMENT_ROLE_WORKSHOP_HOST,
} as const;
export const confirmations = {
  pending: E.ConfirmationStatus.CONFIRMATION_STATUS_PENDING,
  confirmed: E.ConfirmationStatus.CONFIRMATION_STATUS_CONFIRMED,
  disputed: E.ConfirmationStatus.CONFIRMATION_STATUS_DISPUTED,
} as const;
const statuses = { enrolled: E.EnrollmentStatus.ENROLLMENT_STATUS_ENROLLED, withdrawn: E.EnrollmentStatus.ENROLLMENT_STATUS_WITHDRAWN } as const;
const levels = { city: E.EnrollmentUnitLevel.ENROLLMENT_UNIT_LEVEL_CITY, county: E.EnrollmentUnitLevel.ENROLLMENT_UNIT_LEVEL_COUNTY, unit: E.EnrollmentUnitLevel.ENROLLMENT_UNIT_LEVEL_UNIT } as const;
const unitStatuses = { open: E.EnrollmentUnitStatus.ENROLLMENT_UNIT_STATUS_OPEN, submitted: E.EnrollmentUnitStatus.ENROLLMENT_UNIT_STATUS_SUBMITTED } as const;

export function enrollmentView(e: contract.Enrollment | undefined): EnrollmentView {
  if (!e) throw new Error('service answered without an enrollment');
  return { ...e, role: nameIn(roles, e.role), status: nameIn(statuses, e.status), confirmation: nameIn(confirmations, e.confirmation) };
}

/** A row of the teacher's own list: identity sends each with its project. */
export function myEnrollmentView(e: contract.Enrollment): MyEnrollmentView {
  const p = e.project;
  if (!p) throw new Error(`service answered without the project of enrollment ${e.id}`);
  return { ...enrollmentView(e), project: { name: p.name, year: p.year, stage: nameIn(stages, p.stage), study: windowView(p.study), requiredHours: p.requiredHours } };
}

export function unitView(u: contract.EnrollmentUnit | undefined): EnrollmentUnitView {
  if (!u) throw new Error('service answered without an enrollment unit');
  return { ...u, level: nameIn(levels, u.level), status: nameIn(unitStatuses, u.status) };
}

export function progressView(p: contract.EnrollmentProgress | undefined): EnrollmentProgressView {
  if (!p) throw new Error('service answered without progress');
  return { ...p, unit: p.unit ? unitView(p.unit) : null };
}
