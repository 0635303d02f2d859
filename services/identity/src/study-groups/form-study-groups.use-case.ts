import { randomUUID } from 'node:crypto';
import { isWithinJurisdiction, type Principal } from '@yanxiu/auth';
import { enqueueEvents } from '@yanxiu/messaging';
import type { DataSource, EntityManager } from 'typeorm';
import { projectForCaller } from '../enrollment/enrollment-access.js';
import type { EnrollmentView } from '../enrollment/enrollment.js';
import type { EnrollmentRepository } from '../enrollment/enrollment.repository.js';
import { IdentityError } from '../identity.error.js';
import type { OrgRepository } from '../orgs/org.repository.js';
import { provinceToday, type Clock } from '../training-projects/project-calendar.js';
import type { TrainingProjectRecord } from '../training-projects/training-project.js';
import type { TrainingProjectRepository } from '../training-projects/training-project.repository.js';
import { formStudyGroups, type GroupingRules } from './group-formation.js';
import { decideGroupingWrite, groupingRegionProblem, type GroupingRefusal } from './group-override-rules.js';
import { regionOf } from './region.js';
import type { StudyGroupRecord, StudyGroupView, TutorTeamReport } from './study-group.js';
import { studyGroupChangedEvent, studyGroupFormedEvent, tutorAssignedEvent } from './study-group.mapper.js';
import type { StudyGroupRepository } from './study-group.repository.js';
import { DEFAULT_SUBJECT_AFFINITY, groupingSubject } from './subject-affinity.js';
import { allocateTutors, teamStandings } from './tutor-allocation.js';

export const rulesOf = (project: TrainingProjectRecord): GroupingRules => ({ stage: project.stage, parameters: project.grouping, affinity: DEFAULT_SUBJECT_AFFINITY[project.stage] });

export function refuseGrouping(refusal: GroupingRefusal | null): void {
  if (refusal) throw new IdentityError(refusal.code, refusal.message);
}

/** Enrolled participants who belong in groups: trainees and group leaders (研修组长 lead the group they are in). */
export const isGroupMember = (e: Pick<EnrollmentView, 'role'>): boolean => e.role === 'trainee' || e.role === 'group_leader';

/** Names of the cities, counties and schools of these units, for group names and reports. */
export async function namesAround(manager: EntityManager, groups: StudyGroupRepository, unitPaths: Iterable<string>): Promise<Map<string, string>> {
  const paths = new Set<string>();
  for (const p of unitPaths) {
    paths.add(p);
    paths.add(regionOf(p, 'city'));
    paths.add(regionOf(p, 'county'));
  }
  return groups.orgNames(manager, [...paths]);
}

/**
 * The tutor report of the teams whose region lies in `subtreePath`: stored groups against the tutors
 * enrolled now, by the project's ratios (指导教师数按本区域学科研修组 4:1, 指导教师：参训教师 = 1:60).
 */
export async function tutorReport(
  manager: EntityManager,
  groups: StudyGroupRepository,
  enrollment: EnrollmentRepository,
  project: TrainingProjectRecord,
  subtreePath: string,
): Promise<TutorTeamReport[]> {
  const rules = rulesOf(project);
  const scope = project.grouping.tutorTeamScope;
  const stored = await groups.groupSizes(manager, project.id, subtreePath);
  const tutors = (await enrollment.find(manager, { projectId: project.id, orgPath: subtreePath, role: 'tutor' })).map((t) => ({
    teacherId: t.teacherId,
    region: regionOf(t.orgPath, scope),
    subject: groupingSubject(rules.stage, rules.affinity, t.subject),
  }));
  // A tutor enrolled through a school of the subtree may belong to a team of a wider region: only teams whose region lies in the subtree are reported.
  const standings = teamStandings(
    stored.map((g) => ({ groupId: g.id, region: g.regionPath, subject: g.subject, size: g.size, tutorId: g.tutorTeacherId })),
    tutors,
    await groups.findHeads(manager, project.id, subtreePath),
    project.grouping,
  ).filter((s) => isWithinJurisdiction(subtreePath, s.region));
  const regionNames = await groups.orgNames(manager, [...new Set(standings.map((s) => s.region))]);
  return standings.map((s) => ({
    regionPath: s.region,
    regionName: regionNames.get(s.region) ?? '',
    subject: s.subject,
    headTeacherId: s.headId,
    tutors: s.tutors,
    groups: s.groups,
    trainees: s.trainees,
    required: s.required,
    missing: s.missing,
    groupsWithoutTutor: s.groupsWithoutTutor,
  }));
}

/**
 * 编组与配备指导教师: (re)forms every study group of a county or city from its enrolled trainees and
 * group leaders, allocates the enrolled tutors by the project's ratios and names each team's head.
 * A new formation replaces the region's groups, overrides included: it is the admin's reset.
 * Everything, events included, commits in one transaction under the region's lock.
 */
export class FormStudyGroupsUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly orgs: OrgRepository,
    private readonly projects: TrainingProjectRepository,
    private readonly enrollment: EnrollmentRepository,
    private readonly groups: StudyGroupRepository,
    private readonly clock: Clock = () => new Date(),
  ) {}

  async execute(principal: Principal, command: { projectId: string; orgId: string }): Promise<{ groups: StudyGroupView[]; teams: TutorTeamReport[] }> {
    if (!command.orgId) throw new IdentityError('invalid_argument', 'org id is required: the county or city whose groups are formed');
    // READ COMMITTED: the region's groups and enrollments read under its lock are the latest committed (an
    // override's versions, a transfer's leaving), not the snapshot of the reads before the lock.
    return this.dataSource.transaction('READ COMMITTED', async (manager) => {
      const project = await projectForCaller(manager, this.projects, principal, command.projectId);
      const region = await this.orgs.findById(manager, command.orgId);
      if (!region) throw new IdentityError('org_not_found', `org ${command.orgId} not found`);
      const regionProblem = groupingRegionProblem(project.grouping, region.level);
      if (regionProblem) throw new IdentityError('invalid_argument', regionProblem);
      const now = this.clock();
      refuseGrouping(decideGroupingWrite(principal, project, region.path, provinceToday(now)));
      await this.groups.lockRegion(manager, project.id, { orgId: region.id, path: region.path }, principal.username, now);

      const participants = await this.enrollment.find(manager, { projectId: project.id, orgPath: region.path });
      const members = participants.filter(isGroupMember);
      if (members.length === 0) throw new IdentityError('grouping_rule_violated', `nobody is enrolled as trainee or group leader under ${region.path} in this project yet`);
      const rules = rulesOf(project);
      const formed = formStudyGroups({
        ...rules,
        parameters: project.grouping,
        orgNames: await namesAround(manager, this.groups, members.map((m) => m.orgPath)),
        trainees: members.map((m) => ({ teacherId: m.teacherId, schoolPath: m.orgPath, subject: m.subject, gradeGroup: null, leaderCandidate: m.role === 'group_leader' })),
      });
      const records: StudyGroupRecord[] = formed.map((g) => ({
        id: randomUUID(),
        projectId: project.id,
        regionPath: region.path,
        orgPath: g.orgPath,
        name: g.name,
        subject: g.subject,
        leaderTeacherId: g.leaderId,
        leaderSource: g.leaderIsCandidate ? 'enrolled' : 'provisional',
        tutorTeacherId: null,
        version: 1,
        createdAt: now,
        updatedAt: now,
      }));
      const allocation = allocateTutors(
        records.map((r, i) => ({ groupId: r.id, region: region.path, subject: r.subject, size: formed[i]?.memberIds.length ?? 0 })),
        participants
          .filter((p) => p.role === 'tutor')
          .map((t) => ({ teacherId: t.teacherId, region: regionOf(t.orgPath, project.grouping.tutorTeamScope), subject: groupingSubject(rules.stage, rules.affinity, t.subject) })),
        project.grouping,
      );
      for (const r of records) r.tutorTeacherId = allocation.tutorOf.get(r.id) ?? null;

      const dissolved = await this.groups.deleteRegion(manager, project.id, region.path);
      await this.groups.insertGroups(manager, records);
      const enrollmentOf = new Map(members.map((m) => [m.teacherId, m.id]));
      await this.groups.insertMembers(
        manager,
        project.id,
        formed.flatMap((g, i) => g.memberIds.map((teacherId) => ({ teacherId, groupId: (records[i] as StudyGroupRecord).id, enrollmentId: enrollmentOf.get(teacherId) as string }))),
      );
      await this.groups.replaceHeads(
        manager,
        project.id,
        region.path,
        allocation.teams.flatMap((t) => (t.headId ? [{ subject: t.subject, headTeacherId: t.headId }] : [])),
      );
      await this.groups.markFormed(manager, project.id, region.path, principal.username, now);
      await enqueueEvents(manager, 'identity', [
        ...dissolved.map((g) => studyGroupChangedEvent({ ...g, version: g.version + 1, updatedAt: now }, [], 'dissolved')),
        ...records.map((r, i) => studyGroupFormedEvent(r, formed[i]?.memberIds ?? [])),
        ...records.filter((r) => r.tutorTeacherId !== null).map((r) => tutorAssignedEvent(r, null)),
      ]);
      return {
        groups: await this.groups.findViews(manager, records.map((r) => r.id)),
        teams: await tutorReport(manager, this.groups, this.enrollment, project, region.path),
      };
    });
  }
}
