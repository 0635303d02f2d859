import type { OutgoingEvent } from '@yanxiu/messaging';
import type { EntityManager } from 'typeorm';
import type { TrainingProjectRecord } from '../training-projects/training-project.js';
import { regionOf } from './region.js';
import type { LeaderSource, StudyGroupMember, StudyGroupRecord } from './study-group.js';
import { studyGroupChangedEvent, tutorAssignedEvent } from './study-group.mapper.js';
import type { StudyGroupRepository } from './study-group.repository.js';

/**
 * Who leads a group after its leader left: a member enrolled as 研修组长 if there is one, else the first
 * member, as a provisional pick for the admin to confirm (as formation does); null when nobody is left.
 */
export function successorLeader(remaining: readonly Pick<StudyGroupMember, 'teacherId' | 'role'>[]): { teacherId: string; source: LeaderSource } | null {
  const enrolledLeader = remaining.find((m) => m.role === 'group_leader');
  if (enrolledLeader) return { teacherId: enrolledLeader.teacherId, source: 'enrolled' };
  const first = remaining[0];
  return first ? { teacherId: first.teacherId, source: 'provisional' } : null;
}

/**
 * A participant transferred while the project's groups may still change (docs/decisions/0017) leaves
 * them: out of their study group, and — when the new unit lies outside the tutor-team region — off the
 * groups they tutor and the teams they head. The region's admin places them again (move-member,
 * formation). A member, tutor or head is bound inside the region of their enrollment's unit, so every
 * tie lies in the one region of the unit they leave; its lock is taken first, as formation and
 * overrides do, and the caller's READ COMMITTED transaction reads the rows as they are under it.
 */
export class LeaveStudyGroups {
  constructor(private readonly groups: StudyGroupRepository) {}

  async afterTransfer(manager: EntityManager, project: TrainingProjectRecord, teacherId: string, move: { fromOrgPath: string; toOrgPath: string }, now: Date): Promise<OutgoingEvent[]> {
    const scope = project.grouping.tutorTeamScope;
    const region = regionOf(move.fromOrgPath, scope);
    if (!(await this.groups.lockFormedRegion(manager, project.id, region))) return [];
    const events: OutgoingEvent[] = [];
    let headsDropped = 0;

    const memberOf = await this.groups.groupIdOf(manager, project.id, teacherId);
    if (memberOf) events.push(await this.leaveGroup(manager, await this.group(manager, memberOf), teacherId, now));
    if (regionOf(move.toOrgPath, scope) !== region) {
      for (const id of await this.groups.groupIdsOfTutor(manager, project.id, teacherId)) {
        const tutored = await this.group(manager, id);
        const untutored: StudyGroupRecord = { ...tutored, tutorTeacherId: null, version: tutored.version + 1, updatedAt: now };
        await this.groups.update(manager, untutored);
        events.push(tutorAssignedEvent(untutored, teacherId));
      }
      headsDropped = await this.groups.dropHeadsOf(manager, project.id, region, teacherId);
    }
    if (events.length > 0 || headsDropped > 0) await this.groups.touchRegion(manager, project.id, region, now);
    return events;
  }

  private async leaveGroup(manager: EntityManager, group: StudyGroupRecord, teacherId: string, now: Date): Promise<OutgoingEvent> {
    await this.groups.removeMember(manager, group.projectId, teacherId);
    const remaining = (await this.groups.membersOf(manager, [group.id])).get(group.id) ?? [];
    // A group left by everyone keeps its last leader until the next formation, as one whose members withdrew does.
    const successor = group.leaderTeacherId === teacherId ? successorLeader(remaining) : null;
    const changed: StudyGroupRecord = {
      ...group,
      ...(successor ? { leaderTeacherId: successor.teacherId, leaderSource: successor.source } : {}),
      version: group.version + 1,
      updatedAt: now,
    };
    await this.groups.update(manager, changed);
    return studyGroupChangedEvent(changed, remaining.map((m) => m.teacherId), 'members');
  }

  private async group(manager: EntityManager, id: string): Promise<StudyGroupRecord> {
    const group = await this.groups.findById(manager, id);
    if (!group) throw new Error(`study group ${id} vanished under its region lock`);
    return group;
  }
}
