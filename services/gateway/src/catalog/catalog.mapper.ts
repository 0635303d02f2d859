import { catalogEntities, catalogPolicy, type catalog } from '@yanxiu/contracts';
import { stages } from '../teachers/teacher.mapper.js';
import type { ChapterBody, ChapterView, CourseBody, CourseView, TopicBody, TopicView } from './catalog.dto.js';
import type { PackageRuleView, PolicyBody, PolicyView } from './policy.dto.js';

const K = catalogEntities.CourseKind;
export const kinds = {
  subject: K.COURSE_KIND_SUBJECT,
  ethics: K.COURSE_KIND_ETHICS,
  general: K.COURSE_KIND_GENERAL,
  policy_law: K.COURSE_KIND_POLICY_LAW,
  lesson_case: K.COURSE_KIND_LESSON_CASE,
  micro: K.COURSE_KIND_MICRO,
} as const;
const L = catalogEntities.CourseLevel;
export const levels = { basic: L.COURSE_LEVEL_BASIC, advanced: L.COURSE_LEVEL_ADVANCED } as const;
const S = catalogEntities.CourseStatus;
export const statuses = { active: S.COURSE_STATUS_ACTIVE, retired: S.COURSE_STATUS_RETIRED } as const;
const M = catalogPolicy.HourMode;
const modes = { exact: M.HOUR_MODE_EXACT, minimum: M.HOUR_MODE_MINIMUM } as const;

const nameOf = (table: Record<string, number>, value: number) => Object.entries(table).find(([, v]) => v === value)?.[0] ?? null;
const must = <T>(value: T | undefined | null, what: string): T => {
  if (value === undefined || value === null) throw new Error(`service answered without a ${what}`);
  return value;
};

export function courseDraft(body: CourseBody): catalog.CourseDraft {
  return {
    title: body.title,
    kind: kinds[body.kind],
    creditHours: body.creditHours,
    mediaRef: body.mediaRef ?? '',
    stages: (body.stages ?? []).map((s) => stages[s]),
    subjects: body.subjects ?? [],
    topicId: body.topicId ?? '',
    chapterId: body.chapterId ?? '',
    level: body.level ? levels[body.level] : L.COURSE_LEVEL_UNSPECIFIED,
    quizIds: body.quizIds ?? [],
  };
}

export function courseView(c: catalogEntities.Course | undefined): CourseView {
  const course = must(c, 'course');
  return {
    id: course.id,
    title: course.title,
    kind: nameOf(kinds, course.kind) ?? 'unspecified',
    creditHours: course.creditHours,
    mediaRef: course.mediaRef,
    stages: course.stages.map((s) => nameOf(stages, s) ?? 'unspecified'),
    subjects: course.subjects,
    topicId: course.topicId || null,
    chapterId: course.chapterId || null,
    level: nameOf(levels, course.level),
    quizIds: course.quizIds,
    status: nameOf(statuses, course.status) ?? 'unspecified',
    revision: course.revision,
    updatedAt: course.updatedAt,
    updatedBy: course.updatedBy,
  };
}

export const topicDraft = (body: TopicBody): catalog.TopicDraft => ({ name: body.name, description: body.description ?? '', chapterId: body.chapterId ?? '' });
export const chapterDraft = (body: ChapterBody): catalog.ChapterDraft => ({ name: body.name, description: body.description ?? '', position: body.position });

export function topicView(t: catalogEntities.Topic | undefined): TopicView {
  const topic = must(t, 'topic');
  return { ...topic, chapterId: topic.chapterId || null };
}

export const chapterView = (c: catalogEntities.Chapter | undefined): ChapterView => must(c, 'chapter');

export function policyRules(body: PolicyBody): catalogPolicy.PolicyRules {
  const e = body.electives;
  return {
    packages: (body.packages ?? []).map((p) => ({
      code: p.code,
      name: p.name,
      chapters: p.chapters.map((ch) => ({
        chapterId: ch.chapterId,
        name: '',
        hours: { mode: modes[ch.hours.mode], hours: ch.hours.hours },
        courseIds: ch.courseIds,
        requiredCourseIds: ch.requiredCourseIds ?? [],
        chooseSets: ch.chooseSets ?? [],
      })),
    })),
    electives: e
      ? {
          topics: e.topics.map((t) => ({ topicId: t.topicId, name: '', courseIds: t.courseIds ?? [] })),
          groups: e.groups,
          schoolMinTopics: e.schoolMinTopics ?? 0,
          schoolMaxTopics: e.schoolMaxTopics ?? 0,
        }
      : undefined,
    pushed: (body.pushed ?? []).map((r) => ({ stage: stages[r.stage], subject: r.subject ?? '', level: r.level ? levels[r.level] : L.COURSE_LEVEL_UNSPECIFIED, courseIds: r.courseIds })),
  };
}

export function packageView(p: catalogPolicy.PackageRule): PackageRuleView {
  return {
    code: p.code,
    name: p.name,
    chapters: p.chapters.map((ch) => ({
      chapterId: ch.chapterId,
      name: ch.name,
      hours: { mode: ch.hours?.mode === M.HOUR_MODE_MINIMUM ? 'minimum' : 'exact', hours: ch.hours?.hours ?? 0 },
      courseIds: ch.courseIds,
      requiredCourseIds: ch.requiredCourseIds,
      chooseSets: ch.chooseSets,
    })),
  };
}

export function policyView(p: catalogPolicy.SelectionPolicy | undefined): PolicyView {
  const policy = must(p, 'policy');
  const rules = must(policy.rules, 'policy rules');
  const e = rules.electives;
  return {
    projectId: policy.projectId,
    packages: rules.packages.map(packageView),
    electives: e ? { topics: e.topics, groups: e.groups, schoolMinTopics: e.schoolMinTopics, schoolMaxTopics: e.schoolMaxTopics } : null,
    pushed: rules.pushed.map((r) => ({ stage: nameOf(stages, r.stage) ?? 'unspecified', subject: r.subject || null, level: nameOf(levels, r.level), courseIds: r.courseIds })),
    courses: policy.courses,
    revision: policy.revision,
    savedAt: policy.savedAt,
    savedBy: policy.savedBy,
  };
}
