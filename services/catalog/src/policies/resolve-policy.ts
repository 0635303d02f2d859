import type { CourseRecord } from '../courses/course.js';
import type { ChapterRecord, TopicRecord } from '../topics/topic.js';
import type { CourseLevel, ElectiveGroupRule, HourRule, OfferedCourse, SelectionPolicy, Stage } from './selection-policy.js';
import type { PolicyProblem } from './validate-policy.js';

/** A policy as an expert writes it: catalog ids only; titles, names and hours come from the catalog. */
export interface PolicyRulesInput {
  packages: {
    code: string;
    name: string;
    chapters: { chapterId: string; hours: HourRule; courseIds: string[]; requiredCourseIds: string[]; chooseSets: { courseIds: string[]; choose: number }[] }[];
  }[];
  electives: {
    /** Empty courseIds = every active course of the topic. */
    topics: { topicId: string; courseIds: string[] }[];
    groups: ElectiveGroupRule[];
    schoolChooses: { minTopics: number; maxTopics: number } | null;
  } | null;
  pushed: { stage: Stage; subject: string | null; level: CourseLevel | null; courseIds: string[] }[];
}

/** The catalog entries a policy names, fetched by the use case. */
export interface CatalogLookup {
  courses: ReadonlyMap<string, CourseRecord>;
  chapters: ReadonlyMap<string, ChapterRecord>;
  topics: ReadonlyMap<string, TopicRecord>;
  /** Active courses per topic, for elective topics listed without course ids. */
  topicCourses: ReadonlyMap<string, CourseRecord[]>;
}

/** Every catalog id the input names, so the use case can fetch them in a few queries. */
export function referencedIds(input: PolicyRulesInput): { courseIds: string[]; chapterIds: string[]; topicIds: string[] } {
  const courseIds = new Set<string>();
  for (const pkg of input.packages) for (const ch of pkg.chapters) for (const id of ch.courseIds) courseIds.add(id);
  for (const t of input.electives?.topics ?? []) for (const id of t.courseIds) courseIds.add(id);
  for (const r of input.pushed) for (const id of r.courseIds) courseIds.add(id);
  return {
    courseIds: [...courseIds],
    chapterIds: [...new Set(input.packages.flatMap((p) => p.chapters.map((ch) => ch.chapterId)))],
    topicIds: [...new Set(input.electives?.topics.map((t) => t.topicId) ?? [])],
  };
}

/**
 * Turns ids into the policy the rules work on, copying each course's title and hours. Unknown or
 * retired courses, unknown chapters and topics are problems, reported where they occur.
 */
export function resolvePolicy(input: PolicyRulesInput, lookup: CatalogLookup): { policy: SelectionPolicy; problems: PolicyProblem[] } {
  const problems: PolicyProblem[] = [];
  const offered = (ids: readonly string[], where: string): OfferedCourse[] =>
    ids.flatMap((id) => {
      const c = lookup.courses.get(id);
      if (!c) {
        problems.push({ code: 'no_courses', where, message: `课程 ${id} 不在课程库中` });
        return [];
      }
      if (c.status !== 'active') problems.push({ code: 'no_courses', where, message: `《${c.title}》已停用，不能再放入选课规则` });
      return [{ courseId: c.id, title: c.title, hours: c.creditHours }];
    });

  const packages = input.packages.map((pkg) => ({
    code: pkg.code.trim(),
    name: pkg.name.trim(),
    chapters: pkg.chapters.map((ch) => {
      const chapter = lookup.chapters.get(ch.chapterId);
      const where = `套餐 ${pkg.code} · ${chapter?.name ?? ch.chapterId}`;
      if (!chapter) problems.push({ code: 'missing_name', where, message: `篇章 ${ch.chapterId} 不在课程库中` });
      return {
        chapterId: ch.chapterId,
        name: chapter?.name ?? ch.chapterId,
        hours: ch.hours,
        courses: offered(ch.courseIds, where),
        requiredCourseIds: ch.requiredCourseIds,
        chooseSets: ch.chooseSets,
      };
    }),
  }));

  const electives = input.electives
    ? {
        topics: input.electives.topics.map((t) => {
          const topic = lookup.topics.get(t.topicId);
          const where = `选修专题「${topic?.name ?? t.topicId}」`;
          if (!topic) problems.push({ code: 'unknown_topic', where, message: `专题 ${t.topicId} 不在课程库中` });
          const courses =
            t.courseIds.length > 0 ? offered(t.courseIds, where) : (lookup.topicCourses.get(t.topicId) ?? []).map((c) => ({ courseId: c.id, title: c.title, hours: c.creditHours }));
          return { topicId: t.topicId, name: topic?.name ?? t.topicId, courses };
        }),
        groups: input.electives.groups.map((g) => ({ ...g, name: g.name.trim() })),
        schoolChooses: input.electives.schoolChooses,
      }
    : null;

  const pushed = input.pushed.map((r) => ({ stage: r.stage, subject: r.subject?.trim() || null, level: r.level, courses: offered(r.courseIds, `必修推送（${r.stage}${r.subject ? ` · ${r.subject}` : ''}）`) }));
  return { policy: { packages, electives, pushed }, problems };
}
