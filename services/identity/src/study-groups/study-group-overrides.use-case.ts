import type { Principal } from '@yanxiu/auth';
import { enqueueEvents, type OutgoingEvent } from '@yanxiu/messaging';
import type { DataSource, EntityManager } from 'typeorm';
import { projectForCaller } from '../enrollment/enrollment-access.js';
import type { EnrollmentRepository } from '../enrollment/enrollment.repository.js';
import { IdentityError } from '../identity.error.js';
import { provinceToday, type Clock } from '../training-projects/project-calendar.js';
import type { TrainingProjectRecord } from '../training-projects/training-project.js';
import type { TrainingProjectRepository } from '../training-projects/training-project.repository.js';
import { isGroupMember, namesAround, refuseGrouping, rulesOf } from './form-study-groups.use-case.js';
import { nameGroups } from './group-naming.js';
import { shapeOf } from './group-formation.js';
import { compositionProblem, decideGroupingWrite, tutorProblem } from './group-override-rules.js';
import type { StudyGroupDetail, StudyGroupMember, StudyGroupRecord } from './study-group.js';
import { studyGroupChangedEvent, tutorAssignedEvent } from './study-group.mapper.js';
import type { StudyGroupRepository } from './study-group.repository.js';

const facts = (members: readonly StudyGroupMember[]) => members.map((m) => ({ schoolPath: m.orgPath, subject: m.subject }));
const numbered = (a: StudyGroupRecord, b: StudyGroupRecord) => a.name.localeCompare(b.name, 'zh', { numeric: true }) || (a.id < b.id ? -1 : 1);

/**
 * The manual overrides of the responsible admin (the county or city admin of the project's tutor
 * teams, or above), in the grouping window, each re-checking the formation rules and refusing with
 * the rule it would break. Every override locks the group's region first, as formation does.
 */
export class StudyGroupOverridesUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly projects: TrainingProjectRepository,
    private readonly enrollment: EnrollmentRepository,
    private readonly groups: StudyGroupRepository,
    private readonly clock: Clock = () => new Date(),
  ) {}

  /** Moves a participant of the region into `groupId` (out of their current group, if any). */
  async moveMember(principal: Principal, command: { groupId: string; teacherId: string }): Promise<{ group: StudyGroupDetail; previous: StudyGroupDetail | null }> {
    if (!command.teacherId) throw new IdentityError('invalid_argument', 'teacher id is required');
    return this.write(principal, command.groupId, async (manager, project, target, now) => {
      const enrolled = await this.enrollment.lockByTeacher(manager, project.id, command.teacherId);
      if (!enrolled || enrolled.status !== 'enrolled' || !isGroupMember(enrolled)) {
        throw new IdentityError('grouping_rule_violated', `teacher ${command.teacherId} is not enrolled in this project as a trainee or group leader, so belongs in no group`);
      }
      const sourceId = await this.groups.groupIdOf(manager, project.id, command.teacherId);
      if (sourceId === target.id) throw new IdentityError('invalid_argument', `teacher ${command.teacherId} is already a member of ${target.name}`);
      const source = sourceId ? await this.groups.findById(manager, sourceId) : null;
      if (source?.leaderTeacherId === command.teacherId) {
        throw new IdentityError('grouping_rule_violated', `teacher ${command.teacherId} leads ${source.name}: appoint another leader of that group first (每个研修组设组长一名)`);
      }
      const members = await this.groups.membersOf(manager, [target.id]);
      const joined = [...facts(members.get(target.id) ?? []), { schoolPath: enrolled.orgPath, subject: enrolled.subject }];
      const problem = compositionProblem(rulesOf(project), target.name, joined);
      if (problem) throw new IdentityError('grouping_rule_violated', problem);
      if (!enrolled.orgPath.startsWith(`${target.regionPath}/`)) {
        throw new IdentityError('grouping_rule_violated', `teacher ${command.teacherId} is enrolled through ${enrolled.orgPath}, outside ${target.regionPath} where ${target.name} is`);
      }

      await this.groups.placeMember(manager, project.id, { teacherId: command.teacherId, groupId: target.id, enrollmentId: enrolled.id });
      const events = await this.reshapeRegion(manager, project, target.regionPath, new Set([target.id, ...(source ? [source.id] : [])]), now);
      return { events, result: async () => ({ group: await this.detail(manager, target.id), previous: source ? await this.detail(manager, source.id) : null }) };
    });
  }

  /** Appoints a member as the group's one leader (研修组长). */
  async changeLeader(principal: Principal, command: { groupId: string; teacherId: string }): Promise<StudyGroupDetail> {
    if (!command.teacherId) throw new IdentityError('invalid_argument', 'teacher id is required');
    const { group } = await this.write(principal, command.groupId, async (manager, _project, g, now) => {
      const members = (await this.groups.membersOf(manager, [g.id])).get(g.id) ?? [];
      if (!members.some((m) => m.teacherId === command.teacherId)) {
        throw new IdentityError('grouping_rule_violated', `teacher ${command.teacherId} is not a member of ${g.name}: a group's leader is one of its members`);
      }
      const changed: StudyGroupRecord = { ...g, leaderTeacherId: command.teacherId, leaderSource: 'appointed', version: g.version + 1, updatedAt: now };
      await this.groups.update(manager, changed);
      return {
        events: [studyGroupChangedEvent(changed, members.map((m) => m.teacherId), 'leader')],
        result: async () => ({ group: await this.detail(manager, g.id), previous: null }),
      };
    });
    return group;
  }

  /** Binds the group to one tutor of its team, or to none (empty id). */
  async assignTutor(principal: Principal, command: { groupId: string; tutorTeacherId: string }): Promise<StudyGroupDetail> {
    const { group } = await this.write(principal, command.groupId, async (manager, project, g, now) => {
      if (command.tutorTeacherId) {
        const tutor = await this.enrollment.lockByTeacher(manager, project.id, command.tutorTeacherId);
        if (!tutor || tutor.status !== 'enrolled' || tutor.role !== 'tutor') {
          throw new IdentityError('grouping_rule_violated', `teacher ${command.tutorTeacherId} is not enrolled in this project as a tutor (指导教师)`);
        }
        const otherGroups = (await this.groups.groupIdsOfTutor(manager, project.id, tutor.teacherId)).filter((id) => id !== g.id).length;
        const rules = rulesOf(project);
        const problem = tutorProblem(
          { stage: rules.stage, affinity: rules.affinity, scope: project.grouping.tutorTeamScope, groupsPerTutor: project.grouping.groupsPerTutor },
          g,
          { teacherId: tutor.teacherId, orgPath: tutor.orgPath, subject: tutor.subject, otherGroups },
        );
        if (problem) throw new IdentityError('grouping_rule_violated', problem);
      }
      const changed: StudyGroupRecord = { ...g, tutorTeacherId: command.tutorTeacherId || null, version: g.version + 1, updatedAt: now };
      await this.groups.update(manager, changed);
      return { events: [tutorAssignedEvent(changed, g.tutorTeacherId)], result: async () => ({ group: await this.detail(manager, g.id), previous: null }) };
    });
    return group;
  }

  /** Checks the caller and the window, locks the group's region, runs the change and enqueues its events. */
  private async write<T>(
    principal: Principal,
    groupId: string,
    change: (manager: EntityManager, project: TrainingProjectRecord, group: StudyGroupRecord, now: Date) => Promise<{ events: OutgoingEvent[]; result: () => Promise<T> }>,
  ): Promise<T> {
    if (!groupId) throw new IdentityError('invalid_argument', 'group id is required');
    // READ COMMITTED: the reads after the region lock see what a formation or override committed meanwhile,
    // not this transaction's first snapshot (REPEATABLE READ would keep the one its first read took).
    return this.dataSource.transaction('READ COMMITTED', async (manager) => {
      const found = await this.groups.findById(manager, groupId);
      if (!found) throw new IdentityError('study_group_not_found', `study group ${groupId} not found`);
      const project = await projectForCaller(manager, this.projects, principal, found.projectId);
      const now = this.clock();
      refuseGrouping(decideGroupingWrite(principal, project, found.regionPath, provinceToday(now)));
      await this.groups.lockFormedRegion(manager, project.id, found.regionPath);
      // Re-read under the lock: a formation may have replaced the group meanwhile.
      const group = await this.groups.findById(manager, groupId);
      if (!group) throw new IdentityError('study_group_not_found', `study group ${groupId} was replaced by a new formation of ${found.regionPath}`);
      const { events, result } = await change(manager, project, group, now);
      await this.groups.touchRegion(manager, project.id, group.regionPath, now);
      await enqueueEvents(manager, 'identity', events);
      return result();
    });
  }

  private async detail(manager: EntityManager, groupId: string): Promise<StudyGroupDetail> {
    const view = await this.groups.findView(manager, groupId);
    if (!view) throw new Error(`study group ${groupId} vanished inside its transaction`);
    return { ...view, members: (await this.groups.membersOf(manager, [groupId])).get(groupId) ?? [] };
  }

  /**
   * After members moved: re-places and renames the region's groups by their new composition (a
   * group may have become a 综合 group or one across schools, and numbers follow). A group whose
   * tutor team changed loses its tutor. Names are freed first so that a renumbering never collides.
   */
  private async reshapeRegion(manager: EntityManager, project: TrainingProjectRecord, regionPath: string, moved: ReadonlySet<string>, now: Date): Promise<OutgoingEvent[]> {
    const rules = rulesOf(project);
    const all = await this.groups.findInRegion(manager, project.id, regionPath);
    const members = await this.groups.membersOf(manager, all.map((g) => g.id));
    // A group whose members have all withdrawn keeps its name and place until the next formation.
    const groups = all.filter((g) => (members.get(g.id) ?? []).length > 0).sort(numbered);
    const memberIds = (g: StudyGroupRecord) => (members.get(g.id) ?? []).map((m) => m.teacherId);
    const shapes = groups.map((g) => shapeOf(rules, facts(members.get(g.id) ?? [])));
    const names = nameGroups(shapes, {
      stage: project.stage,
      mergeScope: project.grouping.mergeScope,
      orgNames: await namesAround(manager, this.groups, shapes.flatMap((s) => s.schoolPaths)),
    });
    const changed = groups.flatMap((g, i) => {
      const shape = shapes[i];
      const name = names[i] as string;
      if (!shape || (!moved.has(g.id) && shape.orgPath === g.orgPath && shape.subject === g.subject && name === g.name)) return [];
      const tutorTeacherId = shape.subject === g.subject ? g.tutorTeacherId : null;
      return [{ before: g, after: { ...g, orgPath: shape.orgPath, subject: shape.subject, name, tutorTeacherId, version: g.version + 1, updatedAt: now } }];
    });
    await this.groups.freeNames(manager, changed.filter((c) => c.after.name !== c.before.name).map((c) => c.before.id));
    for (const c of changed) await this.groups.update(manager, c.after);
    return changed.flatMap(({ before, after }) => [
      studyGroupChangedEvent(after, memberIds(after), moved.has(after.id) ? 'members' : 'renamed'),
      ...(after.tutorTeacherId !== before.tutorTeacherId ? [tutorAssignedEvent(after, before.tutorTeacherId)] : []),
    ]);
  }
}
