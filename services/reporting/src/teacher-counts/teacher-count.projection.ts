import { org as orgContract, teacher as teacherContract, Topics } from '@yanxiu/contracts';
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

export const teacherCountTopics = [Topics.orgCreated, Topics.teacherCreated];

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
      default:
        throw new Error(`reporting does not handle topic ${event.topic}`);
    }
  }
}
