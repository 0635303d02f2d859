import { createHash, randomInt } from 'node:crypto';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** A valid GB 11643 ID number in the given county, born 1970–1999 (test data only). */
export function randomIdNumber(county = '370102'): string {
  const birth = `${randomInt(1970, 2000)}${String(randomInt(1, 13)).padStart(2, '0')}${String(randomInt(1, 29)).padStart(2, '0')}`;
  const first17 = `${county}${birth}${String(randomInt(0, 1000)).padStart(3, '0')}`;
  const sum = [...first17].reduce((acc, d, i) => acc + Number(d) * (WEIGHTS[i] ?? 0), 0);
  return first17 + ('10X98765432'[sum % 11] ?? '');
}

export async function eventually<T>(probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 30000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await probe();
  while (!accept(last)) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 300));
    last = await probe();
  }
  return last;
}

/** Same derivation as identity's seeded org ids (a name-based UUID of the path), so tests know them without a lookup. */
export function seededOrgId(orgPath: string): string {
  const hash = createHash('sha1').update(`yanxiu-org:${orgPath}`).digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Today in the province (China, UTC+8), shifted by whole days: a project's windows are real dates. */
export const provinceDay = (offsetDays: number): string => new Date(Date.now() + 8 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);

const SCHOOL_GROUPING = { groupSizeTarget: 15, groupSizeMin: 5, groupSizeMax: 20, mergeBelow: 5, mergeScope: 'school', traineesPerTutor: 60, groupsPerTutor: 4, tutorTeamScope: 'county' };

/**
 * A training project (the gateway's body) whose study starts `studyStartsIn` days from today, with its enrollment,
 * grouping, confirmation and course-selection windows in the four days before. Groups form per school unless
 * `grouping` says otherwise.
 */
function trainingProject(stage: string, subjects: string[], studyStartsIn: number, grouping: Partial<typeof SCHOOL_GROUPING>) {
  const d = (daysFromStudy: number) => provinceDay(studyStartsIn + daysFromStudy);
  return {
    year: Number(d(0).slice(0, 4)),
    stage,
    name: `${d(0).slice(0, 4)}年全员远程研修（e2e）`,
    theme: '用技术改变教学',
    requiredHours: 50,
    phases: [
      { name: '集中研修', kind: 'concentrated', hours: 36, dates: { start: d(0), end: d(5) } },
      { name: '分散研修', kind: 'dispersed', hours: 14, dates: { start: d(6), end: d(57) } },
    ],
    subjects,
    windows: {
      enrollment: { start: d(-4), end: d(-2) },
      grouping: { start: d(-3), end: d(-1) },
      confirmation: { start: d(-3), end: d(-1) },
      courseSelection: { start: d(-4), end: d(-1) },
      study: { start: d(0), end: d(57) },
      creditRegistrationDeadline: d(87),
    },
    grouping: { ...SCHOOL_GROUPING, ...grouping },
  };
}

/** A training project whose enrollment, grouping, confirmation and course-selection windows are open today; study starts in 3 days. */
export const projectOpenToday = (stage: string, subjects: string[], grouping: Partial<typeof SCHOOL_GROUPING> = {}) => trainingProject(stage, subjects, 3, grouping);

/** A training project whose study started yesterday: all its windows before study have closed. */
export const projectStudyStarted = (stage: string, subjects: string[]) => trainingProject(stage, subjects, -1, {});
