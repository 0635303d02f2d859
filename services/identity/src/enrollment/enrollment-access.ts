import { isWithinJurisdiction, type Principal } from '@yanxiu/auth';
import type { EntityManager } from 'typeorm';
import { IdentityError } from '../identity.error.js';
import type { OrgLevel } from '../orgs/org-rules.js';
import type { PersonalDataCipher } from '../teachers/personal-data-cipher.js';
import type { TrainingProjectRecord } from '../training-projects/training-project.js';
import type { TrainingProjectRepository } from '../training-projects/training-project.repository.js';
import type { EnrollmentUnitLevel } from './enrollment.js';
import type { Refusal } from './enrollment-rules.js';
import type { EnrollmentRepository } from './enrollment.repository.js';

/** The project, if it reaches the caller: their org lies in the owner's (the province's) subtree. */
export async function projectForCaller(manager: EntityManager, projects: TrainingProjectRepository, principal: Principal, projectId: string, lock = false): Promise<TrainingProjectRecord> {
  if (!projectId) throw new IdentityError('invalid_argument', 'project id is required');
  const project = await projects.findById(manager, projectId, { lock });
  if (!project) throw new IdentityError('project_not_found', `training project ${projectId} not found`);
  if (!isWithinJurisdiction(project.ownerOrgPath, principal.orgPath)) {
    throw new IdentityError('out_of_jurisdiction', `training project ${projectId} is run by ${project.ownerOrgPath}, outside your org ${principal.orgPath ?? '(none)'}`);
  }
  return project;
}

/** The cascade level of an org: cities, counties, and units (school, kindergarten, institution). */
export function cascadeLevelOf(level: OrgLevel): EnrollmentUnitLevel | null {
  switch (level) {
    case 'city':
    case 'county':
      return level;
    case 'school':
    case 'kindergarten':
    case 'institution':
      return 'unit';
    case 'province':
      return null;
  }
}

export function refuse(refusal: Refusal | null): void {
  if (refusal) throw new IdentityError(refusal.code, refusal.message);
}

/**
 * The roster teacher behind a participant's token: the `teacher_id` claim set on provisioned accounts,
 * or else the username, which for a teacher is their ID number (Keycloak keeps it lowercased; ID
 * numbers end in an uppercase X), found through its keyed hash.
 */
export async function participantTeacherId(manager: EntityManager, enrollment: EnrollmentRepository, cipher: PersonalDataCipher, principal: Principal): Promise<string> {
  const teacherId = principal.teacherId
    ? await enrollment.findTeacherId(manager, principal.teacherId)
    : await enrollment.findTeacherIdByIdNumberHash(manager, cipher.lookupHash(principal.username.toUpperCase()));
  if (!teacherId) throw new IdentityError('teacher_not_found', 'your account is not a teacher on the roster: participants sign in with their own teacher account');
  return teacherId;
}
