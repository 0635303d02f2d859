import type { EnrollmentRole } from '../enrollment/enrollment.js';

/** How a group got its leader: an enrolled 研修组长, a provisional pick of formation, or the admin's appointment. */
export type LeaderSource = 'enrolled' | 'provisional' | 'appointed';

/** A study group (研修组) as stored. */
export interface StudyGroupRecord {
  id: string;
  projectId: string;
  /** The county or city it was formed in (the project's tutor team scope). */
  regionPath: string;
  /** The school, or the county/city for a group across schools: who may see it. */
  orgPath: string;
  name: string;
  /** Its tutor team's subject: the members' subject, 综合 when mixed, empty for kindergartens. */
  subject: string;
  leaderTeacherId: string;
  leaderSource: LeaderSource;
  tutorTeacherId: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** A member as the group shows them; no personal data beyond the name. */
export interface StudyGroupMember {
  teacherId: string;
  enrollmentId: string;
  name: string;
  /** The school enrolled through. */
  orgPath: string;
  /** As enrolled. */
  subject: string;
  role: EnrollmentRole;
}

export interface StudyGroupView extends StudyGroupRecord {
  memberCount: number;
  leaderName: string;
  tutorName: string;
}

export interface StudyGroupDetail extends StudyGroupView {
  members: StudyGroupMember[];
}

/** A tutor team of a region, as the shortfall report shows it. */
export interface TutorTeamReport {
  regionPath: string;
  regionName: string;
  subject: string;
  headTeacherId: string | null;
  tutors: number;
  groups: number;
  trainees: number;
  required: number;
  missing: number;
  groupsWithoutTutor: number;
}
