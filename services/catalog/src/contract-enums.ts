import { catalogEntities, teacher as teacherContract } from '@yanxiu/contracts';
import type { CourseKind } from './courses/course.js';
import type { CourseLevel, Stage } from './policies/selection-policy.js';

// Proto enums ↔ domain names, both ways, for every enum catalog speaks. Unspecified maps to null.

const S = teacherContract.Stage;
const stages: Record<Stage, teacherContract.Stage> = { high: S.STAGE_HIGH, middle: S.STAGE_MIDDLE, primary: S.STAGE_PRIMARY, kindergarten: S.STAGE_KINDERGARTEN };

const K = catalogEntities.CourseKind;
const kinds: Record<CourseKind, catalogEntities.CourseKind> = {
  subject: K.COURSE_KIND_SUBJECT,
  ethics: K.COURSE_KIND_ETHICS,
  general: K.COURSE_KIND_GENERAL,
  policy_law: K.COURSE_KIND_POLICY_LAW,
  lesson_case: K.COURSE_KIND_LESSON_CASE,
  micro: K.COURSE_KIND_MICRO,
};

const L = catalogEntities.CourseLevel;
const levels: Record<CourseLevel, catalogEntities.CourseLevel> = { basic: L.COURSE_LEVEL_BASIC, advanced: L.COURSE_LEVEL_ADVANCED };

function invert<D extends string, P extends number>(map: Record<D, P>): (value: P) => D | null {
  const back = new Map<number, D>(Object.entries(map).map(([d, p]) => [p as number, d as D]));
  return (value) => back.get(value) ?? null;
}

export const stageToProto = (s: Stage) => stages[s];
export const stageFromProto = invert(stages);
export const kindToProto = (k: CourseKind) => kinds[k];
export const kindFromProto = invert(kinds);
export const levelToProto = (l: CourseLevel | null) => (l ? levels[l] : L.COURSE_LEVEL_UNSPECIFIED);
export const levelFromProto = invert(levels);
