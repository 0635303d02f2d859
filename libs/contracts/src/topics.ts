/**
 * Every Kafka topic the services publish, `<domain>.<entity>.<event>.v<N>`, with the payload
 * message it carries. deploy/kafka/topics.txt declares their partitions and retention, and
 * docs/events describes them for the data team.
 */
export const Topics = {
  orgCreated: 'identity.org.created.v1',
  teacherCreated: 'identity.teacher.created.v1',
  teacherDeparted: 'identity.teacher.departed.v1',
  teacherTransferred: 'identity.teacher.transferred.v1',
  teacherUpdated: 'identity.teacher.updated.v1',
  teacherRetired: 'identity.teacher.retired.v1',
  teacherPersonalDataRead: 'identity.teacher.personal-data-read.v1',
  teacherVerified: 'identity.teacher.verified.v1',
  collectionCampaignOpened: 'identity.collection-campaign.opened.v1',
  collectionCampaignClosed: 'identity.collection-campaign.closed.v1',
  trainingProjectCreated: 'identity.project.created.v1',
  trainingProjectUpdated: 'identity.project.updated.v1',
  enrollmentSubmitted: 'identity.enrollment.submitted.v1',
  enrollmentChanged: 'identity.enrollment.changed.v1',
  enrollmentWithdrawn: 'identity.enrollment.withdrawn.v1',
  enrollmentConfirmed: 'identity.enrollment.confirmed.v1',
  enrollmentUnitChanged: 'identity.enrollment-unit.changed.v1',
  // study groups and tutors (研修组, 指导教师)
  studyGroupFormed: 'identity.study-group.formed.v1',
  studyGroupChanged: 'identity.study-group.changed.v1',
  studyGroupTutorAssigned: 'identity.study-group.tutor-assigned.v1',
  // catalog (issue 4): catalog upkeep, selection policies, school and teacher selections
  courseSaved: 'catalog.course.saved.v1',
  topicSaved: 'catalog.topic.saved.v1',
  chapterSaved: 'catalog.chapter.saved.v1',
  policySaved: 'catalog.policy.saved.v1',
  schoolChoiceSaved: 'catalog.school-choice.saved.v1',
  teacherSelectionSaved: 'catalog.teacher-selection.saved.v1',
  countedCoursesChanged: 'catalog.counted-courses.changed.v1',
  selectionsLocked: 'catalog.selection.locked.v1',
  groupLevelChosen: 'catalog.group-level.chosen.v1',
  adminCreated: 'identity.admin.created.v1',
  adminPasswordReset: 'identity.admin.password-reset.v1',
  workshopCreated: 'identity.workshop.created.v1',
  workshopHostsChanged: 'identity.workshop.hosts-changed.v1',
  // progress (issue 5): heartbeats from the gateway, then completions and the credit ledger
  heartbeatReceived: 'progress.heartbeat.received.v1',
  courseCompleted: 'progress.course.completed.v1',
  projectQualified: 'progress.project.qualified.v1',
  creditRegistered: 'progress.credit.registered.v1',
  roleDutyConfirmed: 'progress.role-duty.confirmed.v1',
  // community: assignments accepted by their reviewers (consumed by progress; community publishes it)
  assignmentAccepted: 'community.assignment.accepted.v1',
} as const;

export type Topic = (typeof Topics)[keyof typeof Topics];

/** The schema version is the topic's trailing vN. */
export function topicVersion(topic: Topic): number {
  const match = /\.v(\d+)$/.exec(topic);
  if (!match?.[1]) throw new Error(`topic ${topic} has no version suffix`);
  return Number(match[1]);
}

export function deadLetterTopic(topic: string): string {
  return `${topic}.dlq`;
}
