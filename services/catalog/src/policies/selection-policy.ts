/**
 * A training project's course-selection rules, as data (DOMAIN §4; seed 003 annex 1 is the model).
 * Every number here differs by year and city, so none of it is a constant in code.
 *
 * Courses appear in a policy with the hours they count for in this project, copied from the catalog
 * when the policy is saved: a later catalog edit does not silently change a saved project's rules.
 */

export const STAGES = ['high', 'middle', 'primary', 'kindergarten'] as const;
export type Stage = (typeof STAGES)[number];

/** Kindergarten course levels (基础 / 提高), chosen per study group by its leader. */
export const COURSE_LEVELS = ['basic', 'advanced'] as const;
export type CourseLevel = (typeof COURSE_LEVELS)[number];

/** A course a teacher may choose (or is given), with the credit hours (学时) it counts for. */
export interface OfferedCourse {
  courseId: string;
  title: string;
  hours: number;
}

/** `exact`: the chapter needs precisely this many hours (套餐 chapters); `minimum`: at least (不少于). */
export interface HourRule {
  mode: 'exact' | 'minimum';
  hours: number;
}

/** "Choose k of n" (二选一 is k = 1 of n = 2): exactly `choose` of these courses. */
export interface ChooseSet {
  courseIds: string[];
  choose: number;
}

/** One chapter (篇) of a package: what it offers, what it requires, how many hours. */
export interface ChapterRule {
  chapterId: string;
  /** As teachers know it, e.g. 理念篇. */
  name: string;
  hours: HourRule;
  courses: OfferedCourse[];
  /** 必选: courses every teacher of the package takes; they count whether picked or not. */
  requiredCourseIds: string[];
  chooseSets: ChooseSet[];
}

/** A package (套餐) a school picks as a whole, e.g. A 信息技术支持的教学环节优化. */
export interface PackageRule {
  code: string;
  name: string;
  chapters: ChapterRule[];
}

/** An elective topic (专题) and the courses it offers. */
export interface ElectiveTopicRule {
  topicId: string;
  name: string;
  courses: OfferedCourse[];
}

/** At least `minimumHours` from the courses of these topics, e.g. 师德 ≥ 8 h, or ≥ 6 h from 9 topics. */
export interface ElectiveGroupRule {
  name: string;
  topicIds: string[];
  minimumHours: number;
}

export interface ElectiveRule {
  topics: ElectiveTopicRule[];
  groups: ElectiveGroupRule[];
  /**
   * When set, each school first picks between `minTopics` and `maxTopics` topics and its teachers
   * choose courses under those only (Tengzhou 2018). When null, teachers choose from every topic
   * (Shandong 2018 general topics; kindergartens).
   */
  schoolChooses: { minTopics: number; maxTopics: number } | null;
}

/** Required courses pushed automatically (必修课由平台自动推送) by stage, subject and kindergarten level. */
export interface PushedRequirement {
  stage: Stage;
  /** null: every subject of the stage. */
  subject: string | null;
  /** null: whatever level the teacher's group chose (or none, outside kindergartens). */
  level: CourseLevel | null;
  courses: OfferedCourse[];
}

export interface SelectionPolicy {
  packages: PackageRule[];
  electives: ElectiveRule | null;
  pushed: PushedRequirement[];
}

/** What a school chose: its package (if the policy has packages) and its elective topics (if it chooses topics). */
export interface SchoolChoice {
  packageCode: string | null;
  topicIds: string[];
}

/** Who a teacher is, as far as pushed courses care. */
export interface TeacherProfile {
  stage: Stage;
  subject: string;
  /** The level the teacher's study group chose, if any. */
  level: CourseLevel | null;
}

/** Hours are whole or half 学时; rules work in half hours so sums are exact integers. */
export const toHalfHours = (hours: number): number => Math.round(hours * 2);
export const fromHalfHours = (halves: number): number => halves / 2;
export const isHourAmount = (hours: number): boolean => Number.isFinite(hours) && hours > 0 && Number.isInteger(hours * 2);

/** Sum of hours, exact for half hours. */
export function sumHours(courses: readonly { hours: number }[]): number {
  return fromHalfHours(courses.reduce((sum, c) => sum + toHalfHours(c.hours), 0));
}
