/** The roles of a project's participants (one per person per project), as identity's enrollment names them. */
export const PARTICIPANT_ROLES = ['trainee', 'group_leader', 'tutor', 'course_expert', 'workshop_host'] as const;
export type ParticipantRole = (typeof PARTICIPANT_ROLES)[number];

export function isParticipantRole(value: string): value is ParticipantRole {
  return (PARTICIPANT_ROLES as readonly string[]).includes(value);
}

/** 合格标准 of a role in a project: data (qualification_standards), never constants here. */
export interface RoleStandard {
  /** Every counted course complete and enough capped watched time over the project (completion-rules.ts). */
  coursesRequired: boolean;
  /** The responsible admin confirmed the role's duty work (role_duty_confirmations). */
  dutyConfirmationRequired: boolean;
}

/**
 * The role whose standard a participant is held to: the role they enrolled in, except that a member
 * who leads a study group without having enrolled as 研修组长 (formation's provisional pick, or appointed
 * by the admin) does the leader's work and is held to the leader's standard.
 */
export function qualifyingRole(enrolledRole: string, leadsGroup: boolean): string {
  return leadsGroup ? 'group_leader' : enrolledRole;
}

export type QualificationShortfall = 'standard' | 'courses' | 'duty';

export interface RoleQualification {
  qualified: boolean;
  /** 'standard' when the role has none in this project: nobody of that role qualifies through progress. */
  missing: QualificationShortfall[];
}

/** A participant qualifies when their role has a standard and they meet every part it asks for. */
export function roleQualification(standard: RoleStandard | null, evidence: { coursesQualified: boolean; dutyConfirmed: boolean }): RoleQualification {
  if (!standard) return { qualified: false, missing: ['standard'] };
  const missing: QualificationShortfall[] = [];
  if (standard.coursesRequired && !evidence.coursesQualified) missing.push('courses');
  if (standard.dutyConfirmationRequired && !evidence.dutyConfirmed) missing.push('duty');
  return { qualified: missing.length === 0, missing };
}

/** Why a standard cannot be saved, or null: a standard asking for nothing would qualify everyone of the role. */
export function standardProblem(standard: RoleStandard): string | null {
  return standard.coursesRequired || standard.dutyConfirmationRequired ? null : 'a standard needs the courses, a duty confirmation, or both';
}
