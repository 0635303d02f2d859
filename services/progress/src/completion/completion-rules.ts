/** What completing a course takes; data of the course, changed by admins year to year, never constants. */
export interface CourseRequirements {
  requiredWatchSeconds: number;
  quizIds: readonly string[];
  /** The assignment must be accepted (reviewed in community) before the course completes. */
  assignmentRequired: boolean;
}

export interface CourseAchievements {
  /** Inside the project's study window, capped by the wall clock (watch-state.ts). */
  watchedSeconds: number;
  passedQuizIds: ReadonlySet<string>;
  assignmentAccepted: boolean;
}

export type CourseShortfall = 'watching' | 'quizzes' | 'assignment';

export interface CourseCompletion {
  complete: boolean;
  /** What is still missing, in the order a teacher usually does it. */
  missing: CourseShortfall[];
}

/** A course is complete with the watched threshold, every quiz passed and, if required, the assignment accepted. */
export function courseCompletion(requirements: CourseRequirements, achieved: CourseAchievements): CourseCompletion {
  const missing: CourseShortfall[] = [];
  if (achieved.watchedSeconds < requirements.requiredWatchSeconds) missing.push('watching');
  if (!requirements.quizIds.every((id) => achieved.passedQuizIds.has(id))) missing.push('quizzes');
  if (requirements.assignmentRequired && !achieved.assignmentAccepted) missing.push('assignment');
  return { complete: missing.length === 0, missing };
}

export interface CountedCourseStatus {
  courseId: string;
  complete: boolean;
  requiredWatchSeconds: number;
}

export interface ProjectQualification {
  qualified: boolean;
  incompleteCourseIds: string[];
  /** Wall-clock-capped watched time still missing over the whole project (0 when enough). */
  watchShortSeconds: number;
}

/**
 * A teacher qualifies for a project when every course that counts for them is complete and their
 * project watched time — capped by the wall clock over all courses together — reaches the sum of the
 * courses' thresholds: courses completed side by side on two devices do not add up to the hours.
 */
export function projectQualification(courses: readonly CountedCourseStatus[], projectWatchedSeconds: number): ProjectQualification {
  const incompleteCourseIds = courses.filter((c) => !c.complete).map((c) => c.courseId);
  const required = courses.reduce((sum, c) => sum + c.requiredWatchSeconds, 0);
  const watchShortSeconds = Math.max(0, required - projectWatchedSeconds);
  return { qualified: courses.length > 0 && incompleteCourseIds.length === 0 && watchShortSeconds === 0, incompleteCourseIds, watchShortSeconds };
}
