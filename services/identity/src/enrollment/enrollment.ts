import type { DateWindow, TrainingProjectSpec } from '../training-projects/training-project.js';

/** One role per person per project (seeds 003: 学员、研修组长、指导教师、课程专家; 2018: 坊主). */
export type EnrollmentRole = 'trainee' | 'group_leader' | 'tutor' | 'course_expert' | 'workshop_host';
export const ENROLLMENT_ROLES: readonly EnrollmentRole[] = ['trainee', 'group_leader', 'tutor', 'course_expert', 'workshop_host'];

export type EnrollmentStatus = 'enrolled' | 'withdrawn';
export type ConfirmationStatus = 'pending' | 'confirmed' | 'disputed';

/** A participant of a project, as stored. One row per (project, teacher): one subject, one role. */
export interface EnrollmentRecord {
  id: string;
  projectId: string;
  teacherId: string;
  /** The school, kindergarten or institution enrolled through, and its path (the jurisdiction key). */
  orgId: string;
  orgPath: string;
  /** Empty for kindergartens. */
  subject: string;
  role: EnrollmentRole;
  status: EnrollmentStatus;
  confirmation: ConfirmationStatus;
  disputeNote: string | null;
  confirmedAt: Date | null;
  version: number;
  enrolledBy: string;
  enrolledAt: Date;
  updatedAt: Date;
}

/** An enrollment with what an admin needs to check it: the name and the masked ID number. */
export interface EnrollmentView extends EnrollmentRecord {
  teacherName: string;
  idNumberMasked: string;
}

/** A teacher's own enrollment, with what their list shows of its project. */
export interface MyEnrollmentView extends EnrollmentView {
  project: Pick<TrainingProjectSpec, 'name' | 'year' | 'stage' | 'requiredHours'> & { study: DateWindow };
}

export type EnrollmentUnitLevel = 'city' | 'county' | 'unit';
export type EnrollmentUnitStatus = 'open' | 'submitted';

/** A node of the cascade: a city, a county, or a school / kindergarten / institution. */
export interface EnrollmentUnitRecord {
  projectId: string;
  orgId: string;
  orgPath: string;
  level: EnrollmentUnitLevel;
  status: EnrollmentUnitStatus;
  openedBy: string;
  openedAt: Date;
  submittedBy: string | null;
  submittedAt: Date | null;
  returnedReason: string | null;
  version: number;
}

/** Confirmation counts over an org's subtree (enrolled participants only). */
export interface ConfirmationCounts {
  enrolled: number;
  confirmed: number;
  disputed: number;
  pending: number;
}
