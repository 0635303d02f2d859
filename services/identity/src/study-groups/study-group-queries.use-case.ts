import { adminLevel, type Principal } from '@yanxiu/auth';
import type { DataSource, EntityManager } from 'typeorm';
import { participantTeacherId, projectForCaller } from '../enrollment/enrollment-access.js';
import type { EnrollmentRepository } from '../enrollment/enrollment.repository.js';
import { assertInJurisdiction, IdentityError } from '../identity.error.js';
import { pageQuery, type Page, type PageRequest } from '../listing/page.js';
import { requestedSubtree } from '../orgs/org-scope.js';
import type { OrgRepository } from '../orgs/org.repository.js';
import type { PersonalDataCipher } from '../teachers/personal-data-cipher.js';
import type { TrainingProjectRepository } from '../training-projects/training-project.repository.js';
import { tutorReport } from './form-study-groups.use-case.js';
import type { StudyGroupDetail, StudyGroupView, TutorTeamReport } from './study-group.js';
import { GROUP_ORDER, type StudyGroupRepository } from './study-group.repository.js';

/**
 * Reads of study groups. Admins see the groups whose org (the school, or the county/city of a group
 * across schools) lies in their subtree; participants see their own group and the groups they tutor.
 */
export class StudyGroupQueriesUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly orgs: OrgRepository,
    private readonly projects: TrainingProjectRepository,
    private readonly enrollment: EnrollmentRepository,
    private readonly groups: StudyGroupRepository,
    private readonly cipher: PersonalDataCipher,
  ) {}

  /** The groups of a project under an org (default: the caller's own), by org and name. */
  async list(principal: Principal, request: { projectId: string; orgId: string } & PageRequest): Promise<Page<StudyGroupView>> {
    const query = pageQuery(request, GROUP_ORDER);
    const manager = this.dataSource.manager;
    const project = await projectForCaller(manager, this.projects, principal, request.projectId);
    const { root } = await requestedSubtree(manager, this.orgs, principal, request.orgId);
    return this.groups.list(manager, project.id, root, query);
  }

  /** One group with its members, for an admin over it or one of its members or its tutor. */
  async get(principal: Principal, id: string): Promise<StudyGroupDetail> {
    if (!id) throw new IdentityError('invalid_argument', 'group id is required');
    const manager = this.dataSource.manager;
    const group = await this.groups.findView(manager, id);
    if (!group) throw new IdentityError('study_group_not_found', `study group ${id} not found`);
    const members = (await this.groups.membersOf(manager, [id])).get(id) ?? [];
    if (adminLevel(principal)) {
      assertInJurisdiction(principal, group.orgPath);
    } else {
      const teacherId = await participantTeacherId(manager, this.enrollment, this.cipher, principal);
      if (group.tutorTeacherId !== teacherId && !members.some((m) => m.teacherId === teacherId)) {
        throw new IdentityError('out_of_jurisdiction', `you are neither a member nor the tutor of study group ${id}`);
      }
    }
    return { ...group, members };
  }

  /** The caller's own group in a project and the groups they tutor, with members. */
  async mine(principal: Principal, projectId: string): Promise<StudyGroupDetail[]> {
    const manager = this.dataSource.manager;
    const project = await projectForCaller(manager, this.projects, principal, projectId);
    const teacherId = await participantTeacherId(manager, this.enrollment, this.cipher, principal);
    const own = await this.groups.groupIdOf(manager, project.id, teacherId);
    const ids = [...(own ? [own] : []), ...(await this.groups.groupIdsOfTutor(manager, project.id, teacherId))];
    return this.details(manager, ids);
  }

  /** The tutor teams of the counties or cities under an org (default: the caller's own) and their shortfalls. */
  async tutorReport(principal: Principal, request: { projectId: string; orgId: string }): Promise<TutorTeamReport[]> {
    const manager = this.dataSource.manager;
    const project = await projectForCaller(manager, this.projects, principal, request.projectId);
    const { root } = await requestedSubtree(manager, this.orgs, principal, request.orgId);
    return tutorReport(manager, this.groups, this.enrollment, project, root);
  }

  private async details(manager: EntityManager, ids: readonly string[]): Promise<StudyGroupDetail[]> {
    const views = await this.groups.findViews(manager, ids);
    const members = await this.groups.membersOf(manager, ids);
    return views.map((v) => ({ ...v, members: members.get(v.id) ?? [] }));
  }
}
