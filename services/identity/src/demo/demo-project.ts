import { STAGE_SUBJECTS } from '@yanxiu/synthetic-province';
import { addDays } from '../training-projects/project-calendar.js';
import type { TrainingProjectSpec } from '../training-projects/training-project.js';

/** Days from the seed's day to the start of study: how long the demo stays in course selection. */
export const DAYS_TO_STUDY = 14;

/**
 * The demo's primary project laid out around `today` (the province's date when it is first seeded):
 * enrollment, grouping, confirmation and course selection opened a week ago and close the day before
 * study starts, two weeks on, so whoever starts the platform can enroll, group, pick packages and choose
 * courses at once. Its year is that of its study (seed 003: 36 h concentrated + 14 h dispersed).
 */
export function demoProjectSpec(today: string): TrainingProjectSpec {
  const opened = addDays(today, -7);
  const studyStart = addDays(today, DAYS_TO_STUDY);
  const preparation = { start: opened, end: addDays(studyStart, -1) };
  const year = Number(studyStart.slice(0, 4));
  return {
    year,
    stage: 'primary',
    name: `${year}年小学教师全员远程研修`,
    theme: '信息技术支持的教学环节优化',
    requiredHours: 50,
    phases: [
      { name: '集中研修', kind: 'concentrated', hours: 36, dates: { start: studyStart, end: addDays(studyStart, 5) } },
      { name: '分散研修', kind: 'dispersed', hours: 14, dates: { start: addDays(studyStart, 6), end: addDays(studyStart, 60) } },
    ],
    subjects: [...STAGE_SUBJECTS.primary],
    windows: {
      enrollment: preparation,
      grouping: preparation,
      confirmation: preparation,
      courseSelection: preparation,
      study: { start: studyStart, end: addDays(studyStart, 60) },
      creditRegistrationDeadline: addDays(studyStart, 90),
    },
    grouping: {
      groupSizeTarget: 15,
      groupSizeMin: 5,
      groupSizeMax: 20,
      mergeBelow: 5,
      mergeScope: 'school',
      traineesPerTutor: 60,
      groupsPerTutor: 4,
      tutorTeamScope: 'county',
    },
  };
}
