import { COURSE_LEVELS, isHourAmount, STAGES, type CourseLevel, type Stage } from '../policies/selection-policy.js';

export const COURSE_KINDS = ['subject', 'ethics', 'general', 'policy_law', 'lesson_case', 'micro'] as const;
export type CourseKind = (typeof COURSE_KINDS)[number];
export type CourseStatus = 'active' | 'retired';

/** What an expert writes. Empty stages / subjects mean "every stage / subject". */
export interface CourseDraft {
  title: string;
  kind: CourseKind;
  creditHours: number;
  mediaRef: string;
  stages: Stage[];
  subjects: string[];
  topicId: string | null;
  chapterId: string | null;
  level: CourseLevel | null;
  quizIds: string[];
}

export interface CourseRecord extends CourseDraft {
  id: string;
  status: CourseStatus;
  revision: number;
  updatedAt: Date;
  updatedBy: string;
}

const MAX_HOURS = 200;

/** Trims the draft and lists every problem with it, each naming the field. */
export function normaliseCourseDraft(draft: CourseDraft): { draft: CourseDraft; problems: string[] } {
  const problems: string[] = [];
  const title = draft.title.trim();
  if (title.length < 1 || title.length > 200) problems.push('title must be 1–200 characters');
  if (!(COURSE_KINDS as readonly string[]).includes(draft.kind)) problems.push(`kind must be one of ${COURSE_KINDS.join(', ')}`);
  if (!isHourAmount(draft.creditHours) || draft.creditHours > MAX_HOURS) problems.push(`creditHours must be whole or half hours between 0.5 and ${MAX_HOURS}, got ${draft.creditHours}`);
  const mediaRef = draft.mediaRef.trim();
  if (mediaRef.length > 1024) problems.push('mediaRef must be at most 1024 characters');
  const stages = [...new Set(draft.stages)];
  for (const s of stages) if (!(STAGES as readonly string[]).includes(s)) problems.push(`stage ${s} is not one of ${STAGES.join(', ')}`);
  const subjects = [...new Set(draft.subjects.map((s) => s.trim()))];
  if (subjects.some((s) => s.length < 1 || s.length > 32)) problems.push('each subject must be 1–32 characters');
  if (draft.level !== null && !(COURSE_LEVELS as readonly string[]).includes(draft.level)) problems.push(`level must be one of ${COURSE_LEVELS.join(', ')}`);
  // Levels are a kindergarten thing (基础 / 提高, chosen per group); elsewhere they would never be offered.
  if (draft.level !== null && (stages.length !== 1 || stages[0] !== 'kindergarten')) problems.push('level applies only to courses for the kindergarten stage alone');
  const quizIds = draft.quizIds.map((q) => q.trim());
  if (quizIds.some((q) => q.length < 1 || q.length > 64)) problems.push('each quiz id must be 1–64 characters');
  if (new Set(quizIds).size !== quizIds.length) problems.push('quizIds lists a quiz twice');
  if (quizIds.length > 50) problems.push('at most 50 quizzes per course');
  return { draft: { ...draft, title, mediaRef, stages, subjects, quizIds, topicId: draft.topicId || null, chapterId: draft.chapterId || null }, problems };
}
