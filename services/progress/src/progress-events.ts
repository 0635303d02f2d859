import { progressEvents, Topics } from '@yanxiu/contracts';
import type { OutgoingEvent } from '@yanxiu/messaging';
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
};
