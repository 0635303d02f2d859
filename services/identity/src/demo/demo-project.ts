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

/** The demo's study project before and after the province admin brings its study forward to the seed's day. */
export interface DemoStudyProjectSpecs {
  /** As created: enrollment, grouping, confirmation and course selection open today, study from tomorrow. */
  preparing: TrainingProjectSpec;
  /** As edited once catalog has its policy: preparation closed yesterday, study from today (see startDemoStudy). */
  studying: TrainingProjectSpec;
}

/**
 * The demo's kindergarten project (seed 003, 2024: 36 学时 over six days of 集中研修, one topic a day;
 * kindergartens have no subjects and group about 10 teachers per 研修组, within their kindergarten),
 * laid out around `today` so that a developer can try the study itself: it is prepared today like the
 * primary project and its study then starts today. Its year is tomorrow's: on 31 December the study can
 * start on 1 January at the earliest (a project's study starts in its year), so there both layouts are
 * the same and the study starts tomorrow.
 */
export function demoStudyProjectSpecs(today: string): DemoStudyProjectSpecs {
  const year = Number(addDays(today, 1).slice(0, 4));
  const firstDay = `${year}-01-01`;
  const studyStart = today < firstDay ? firstDay : today;
  const layout = (start: string): TrainingProjectSpec => {
    const preparation = { start: addDays(today, -7), end: addDays(start, -1) };
    return {
      year,
      stage: 'kindergarten',
      name: `${year}年幼儿园教师全员远程研修`,
      theme: '幼儿园一日活动的科学组织与实施',
      requiredHours: 36,
      phases: [{ name: '集中研修', kind: 'concentrated', hours: 36, dates: { start, end: addDays(start, 5) } }],
      subjects: [],
      windows: {
        enrollment: preparation,
        grouping: preparation,
        confirmation: preparation,
        courseSelection: preparation,
        study: { start, end: addDays(today, 60) },
        creditRegistrationDeadline: addDays(today, 90),
      },
      grouping: {
        groupSizeTarget: 10,
        groupSizeMin: 5,
        groupSizeMax: 15,
        mergeBelow: 5,
        mergeScope: 'school',
        traineesPerTutor: 60,
        groupsPerTutor: 4,
        tutorTeamScope: 'county',
      },
    };
  };
  return { preparing: layout(addDays(today, 1)), studying: layout(studyStart) };
}
