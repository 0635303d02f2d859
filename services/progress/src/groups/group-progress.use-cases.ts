import type { Principal } from '@yanxiu/auth';
import type { progress } from '@yanxiu/contracts';
import type { DataSource } from 'typeorm';
import { ownTeacherId } from '../access.js';
import { participantProgress } from '../completion/participant-progress.query.js';
import type { FactsRepository, StudyGroup } from '../facts/facts.repository.js';
import { ProgressError } from '../progress.error.js';
import { sqlOf, type Sql } from '../sql.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A group with its members' progress (the members enrolled in the project, by teacher id). */
async function withMembers(sql: Sql, group: StudyGroup): Promise<progress.GroupProgress> {
  const members = await participantProgress(sql, group.projectId, { sql: 'p.teacher_id IN (SELECT m.teacher_id FROM study_group_members m WHERE m.group_id = ?)', params: [group.groupId] });
  return {
    groupId: group.groupId,
    projectId: group.projectId,
    name: group.name,
    orgPath: group.orgPath,
    regionPath: group.regionPath,
    subject: group.subject,
    leaderTeacherId: group.leaderTeacherId ?? '',
    tutorTeacherId: group.tutorTeacherId ?? '',
    members,
    qualifiedTotal: members.filter((m) => m.qualified).length,
  };
}

/**
 * A study group's progress for the people who look after it (研修组长 and 指导教师), as identity's
 * group events name them; admins use the org list (ListOrgProgressUseCase). Anyone else is refused.
 */
export class GroupProgressUseCases {
  constructor(
    private readonly dataSource: DataSource,
    private readonly facts: FactsRepository,
  ) {}

  /** The caller's group (as its leader) and every group they tutor in the project. */
  async mine(principal: Principal, projectId: string): Promise<progress.ListMyGroupsProgressResponse> {
    const teacherId = ownTeacherId(principal);
    if (!UUID.test(projectId)) throw new ProgressError('invalid_argument', 'project_id must be a project UUID');
    const sql = sqlOf(this.dataSource.manager);
    const groups = await this.facts.studyGroupsStaffedBy(sql, projectId, teacherId);
    if (groups.length === 0) throw new ProgressError('not_group_staff', `you lead or tutor no study group of project ${projectId}`);
    const views: progress.GroupProgress[] = [];
    for (const group of groups) views.push(await withMembers(sql, group));
    return { projectId, groups: views };
  }

  /** One group, for its leader and its tutor only. */
  async one(principal: Principal, groupId: string): Promise<progress.GetGroupProgressResponse> {
    const teacherId = ownTeacherId(principal);
    if (!UUID.test(groupId)) throw new ProgressError('invalid_argument', 'group_id must be a study group UUID');
    const sql = sqlOf(this.dataSource.manager);
    const group = await this.facts.findStudyGroup(sql, groupId);
    if (!group) throw new ProgressError('group_not_found', `study group ${groupId} is not known to progress (yet), or was dissolved by a new formation`);
    if (group.leaderTeacherId !== teacherId && group.tutorTeacherId !== teacherId) {
      throw new ProgressError('not_group_staff', `only the leader and the tutor of study group ${groupId} see its progress`);
    }
    return { group: await withMembers(sql, group) };
  }
}
