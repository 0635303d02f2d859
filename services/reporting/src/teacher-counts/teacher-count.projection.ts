import { org as orgContract, roster as rosterContract, teacher as teacherContract, transfer as transferContract, Topics } from '@yanxiu/contracts';
import type { IncomingEvent } from '@yanxiu/messaging';
import type { EntityManager } from 'typeorm';
import { TeacherCountRepository } from './teacher-count.repository.js';

const levelNames: Record<orgContract.OrgLevel, string> = {
  [orgContract.OrgLevel.ORG_LEVEL_UNSPECIFIED]: 'unspecified',
  [orgContract.OrgLevel.ORG_LEVEL_PROVINCE]: 'province',
  [orgContract.OrgLevel.ORG_LEVEL_CITY]: 'city',
  [orgContract.OrgLevel.ORG_LEVEL_COUNTY]: 'county',
  [orgContract.OrgLevel.ORG_LEVEL_SCHOOL]: 'school',
  [orgContract.OrgLevel.ORG_LEVEL_KINDERGARTEN]: 'kindergarten',
  [orgContract.OrgLevel.ORG_LEVEL_INSTITUTION]: 'institution',
};

export const teacherCountTopics = [Topics.orgCreated, Topics.teacherCreated, Topics.teacherDeparted, Topics.teacherTransferred, Topics.teacherRetired];

/** Keeps the per-org teacher counts from identity's events; runs inside the consumer's inbox transaction. */
export class TeacherCountProjection {
  constructor(private readonly counts: TeacherCountRepository) {}

  async apply(event: IncomingEvent, manager: EntityManager): Promise<void> {
    switch (event.topic) {
      case Topics.orgCreated: {
        const { org } = orgContract.OrgCreated.decode(event.payload);
        if (!org?.id || !org.path) throw new Error(`OrgCreated ${event.id} has no org id or path`);
        await this.counts.upsertOrg(manager, { id: org.id, path: org.path, name: org.name, level: levelNames[org.level] ?? 'unspecified' });
        return;
      }
      case Topics.teacherCreated: {
        const created = teacherContract.TeacherCreated.decode(event.payload);
        if (!created.teacherId || !created.orgPath) throw new Error(`TeacherCreated ${event.id} has no teacher id or org path`);
        await this.counts.countTeacher(manager, created.teacherId, created.orgPath);
        return;
      }
      // Counts follow the person: a departure or retirement counts them out everywhere, a transfer moves
      // them (or, from the departed pool, counts them back in). Versioned, so replays and stale events are no-ops.
      case Topics.teacherDeparted: {
        const departed = transferContract.TeacherDeparted.decode(event.payload);
        if (!departed.teacherId || !departed.orgPath || !departed.statusVersion) throw new Error(`TeacherDeparted ${event.id} has no teacher id, org path or status version`);
        await this.counts.applyTeacherState(manager, departed.teacherId, { orgPath: departed.orgPath, status: 'departed', version: departed.statusVersion });
        return;
      }
      case Topics.teacherTransferred: {
        const moved = transferContract.TeacherTransferred.decode(event.payload);
        if (!moved.teacherId || !moved.toOrgPath || !moved.statusVersion) throw new Error(`TeacherTransferred ${event.id} has no teacher id, org path or status version`);
        await this.counts.applyTeacherState(manager, moved.teacherId, { orgPath: moved.toOrgPath, status: 'in_service', version: moved.statusVersion });
        return;
      }
      case Topics.teacherRetired: {
        const retired = rosterContract.TeacherRetired.decode(event.payload);
        if (!retired.teacherId || !retired.orgPath || !retired.statusVersion) throw new Error(`TeacherRetired ${event.id} has no teacher id, org path or status version`);
        await this.counts.applyTeacherState(manager, retired.teacherId, { orgPath: retired.orgPath, status: 'retired', version: retired.statusVersion });
        return;
      }
      default:
        throw new Error(`reporting does not handle topic ${event.topic}`);
    }
  }
}
