import type { Stage } from '../teachers/teacher.repository.js';
import { addDays } from './project-calendar.js';
import type { TrainingProjectSpec } from './training-project.js';

export { addDays };

/** Noon in the province on a calendar day, for clocks in tests. */
export const provinceNoon = (day: string): Date => new Date(`${day}T12:00:00+08:00`);

/**
 * A valid project laid out from day `d0` like the 2024 seeds: enrollment and course selection
 * d0…d0+10, grouping d0+15…d0+30, confirmation d0+40…d0+50, study d0+60…d0+120 (6-day 集中 36 h,
 * then 分散 14 h), credits until d0+150.
 */
export function projectSpec(d0: string, stage: Stage = 'primary'): TrainingProjectSpec {
  const day = (n: number) => addDays(d0, n);
  return {
    year: Number(day(60).slice(0, 4)),
    stage,
    name: `${day(60).slice(0, 4)} 全员远程研修`,
    theme: '用技术改变教学',
    requiredHours: 50,
    phases: [
      { name: '集中研修', kind: 'concentrated', hours: 36, dates: { start: day(60), end: day(65) } },
      { name: '分散研修', kind: 'dispersed', hours: 14, dates: { start: day(66), end: day(120) } },
    ],
    subjects: stage === 'kindergarten' ? [] : stage === 'primary' ? ['语文', '数学', '英语', '科学'] : ['语文', '数学', '英语', '物理'],
    windows: {
      enrollment: { start: day(0), end: day(10) },
      grouping: { start: day(15), end: day(30) },
      confirmation: { start: day(40), end: day(50) },
      courseSelection: { start: day(0), end: day(10) },
      study: { start: day(60), end: day(120) },
      creditRegistrationDeadline: day(150),
    },
    grouping: {
      groupSizeTarget: 15,
      groupSizeMin: 5,
      groupSizeMax: 20,
      mergeBelow: 5,
      mergeScope: stage === 'middle' ? 'county' : 'school',
      traineesPerTutor: 60,
      groupsPerTutor: 4,
      tutorTeamScope: stage === 'high' ? 'city' : 'county',
    },
  };
}

/** Days relative to `d0` of projectSpec, by where the project stands then. */
export const CALENDAR = { beforeEnrollment: -1, enrollment: 5, betweenWindows: 12, confirmation: 45, studyStarted: 60, studying: 90 } as const;
