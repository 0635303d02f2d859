import { progressEvents, Topics, type progressEntities } from '@yanxiu/contracts';
import type { OutgoingEvent } from '@yanxiu/messaging';
import type { DutyConfirmation } from './completion/progress.repository.js';
import { creditMessage, type CreditRecord } from './credits/credit.repository.js';

/** The events progress publishes (docs/events/README.md), each keyed by teacher so one teacher's stay in order. */
export const progressEvent = {
  courseCompleted: (e: progressEvents.CourseCompleted): OutgoingEvent => ({
    topic: Topics.courseCompleted,
    key: e.teacherId,
    type: 'yanxiu.progress.v1.CourseCompleted',
    version: 1,
    subject: e.teacherId,
    payload: progressEvents.CourseCompleted.encode(e).finish(),
  }),
  projectQualified: (e: progressEvents.ProjectQualified): OutgoingEvent => ({
    topic: Topics.projectQualified,
    key: e.teacherId,
    type: 'yanxiu.progress.v1.ProjectQualified',
    version: 1,
    subject: e.teacherId,
    payload: progressEvents.ProjectQualified.encode(e).finish(),
  }),
  creditRegistered: (record: CreditRecord): OutgoingEvent => ({
    topic: Topics.creditRegistered,
    key: record.teacherId,
    type: 'yanxiu.progress.v1.CreditRegistered',
    version: 1,
    subject: record.teacherId,
    payload: progressEvents.CreditRegistered.encode({ credit: creditMessage(record) }).finish(),
  }),
  roleDutyConfirmed: (c: DutyConfirmation): OutgoingEvent => ({
    topic: Topics.roleDutyConfirmed,
    key: c.teacherId,
    type: 'yanxiu.progress.v1.RoleDutyConfirmed',
    version: 1,
    subject: c.teacherId,
    payload: progressEvents.RoleDutyConfirmed.encode({ confirmation: dutyConfirmationMessage(c) }).finish(),
  }),
};

export function dutyConfirmationMessage(c: DutyConfirmation): progressEntities.RoleDutyConfirmation {
  return { teacherId: c.teacherId, projectId: c.projectId, role: c.role, regionPath: c.regionPath, confirmedBy: c.confirmedBy, confirmedAt: c.confirmedAt.toISOString() };
}
