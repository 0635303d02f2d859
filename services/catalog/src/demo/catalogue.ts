import type { Principal } from '@yanxiu/auth';
import type { DataSource } from 'typeorm';
import type { CourseDraft, CourseRecord } from '../courses/course.js';
import { CourseRepository } from '../courses/course.repository.js';
import { CreateCourseUseCase } from '../courses/save-course.use-case.js';
import { taian2024Policy } from '../policies/fixtures/taian-2024.js';
import type { PolicyRulesInput } from '../policies/resolve-policy.js';
import type { Stage } from '../policies/selection-policy.js';
import { SaveChapterUseCase, SaveTopicUseCase } from '../topics/save-topic.use-case.js';
import type { ChapterRecord, TopicRecord } from '../topics/topic.js';
import { TopicRepository } from '../topics/topic.repository.js';

/**
 * Puts entries into the catalog through its use cases (so each is evented like an expert's), finding
 * what is already there by name (chapters, topics) or by title in its chapter or topic (courses):
 * running it again creates nothing twice.
 */
export class Cataloguer {
  private readonly topics = new TopicRepository();
  private readonly courses = new CourseRepository();
  private readonly createCourse = new CreateCourseUseCase(this.dataSource, this.courses, this.topics);
  private readonly saveChapter = new SaveChapterUseCase(this.dataSource, this.topics);
  private readonly saveTopic = new SaveTopicUseCase(this.dataSource, this.topics);

  constructor(
    private readonly dataSource: DataSource,
    private readonly expert: Principal,
  ) {}

  async chapter(name: string, position: number): Promise<ChapterRecord> {
    const found = (await this.topics.listChapters(this.dataSource.manager)).find((c) => c.name === name);
    return found ?? this.saveChapter.create(this.expert, { name, description: '', position });
  }

  async topic(name: string, description = ''): Promise<TopicRecord> {
    const found = (await this.topics.listTopics(this.dataSource.manager, null)).find((t) => t.name === name);
    return found ?? this.saveTopic.create(this.expert, { name, description, chapterId: null });
  }

  /** An active course of this title in the draft's chapter or topic, else a new one. */
  async course(draft: CourseDraft): Promise<CourseRecord> {
    const { courses } = await this.courses.search(this.dataSource.manager, {
      stage: null,
      subject: null,
      topicId: draft.topicId,
      chapterId: draft.chapterId,
      kind: null,
      level: null,
      query: draft.title,
      includeRetired: false,
      after: null,
      limit: 50,
    });
    return courses.find((c) => c.title === draft.title && c.topicId === draft.topicId && c.chapterId === draft.chapterId) ?? this.createCourse.execute(this.expert, draft);
  }
}

const draft = (title: string, creditHours: number, fields: Partial<CourseDraft>): CourseDraft => ({
  title,
  kind: 'general',
  creditHours,
  mediaRef: '',
  stages: [],
  subjects: [],
  topicId: null,
  chapterId: null,
  level: null,
  quizIds: [],
  ...fields,
});

/**
 * Seed 003's 2024 packages A and B (the fixture the property tests check) in the catalog: its
 * chapters and courses, and the packages as an expert writes them (catalog ids), with the catalog id
 * of each fixture course.
 */
export async function catalogue2024(cataloguer: Cataloguer): Promise<{ packages: PolicyRulesInput['packages']; courseId: (fixtureId: string) => string }> {
  const courseIds = new Map<string, string>();
  const chapterIds = new Map<string, string>();
  for (const pkg of taian2024Policy.packages) {
    for (const [position, ch] of pkg.chapters.entries()) {
      const chapterId = chapterIds.get(ch.chapterId) ?? (await cataloguer.chapter(ch.name, position)).id;
      chapterIds.set(ch.chapterId, chapterId);
      for (const c of ch.courses) {
        if (courseIds.has(c.courseId)) continue;
        const course = await cataloguer.course(draft(c.title, c.hours, { mediaRef: `courses/${c.courseId}.mp4`, stages: [...PACKAGE_STAGES], chapterId }));
        courseIds.set(c.courseId, course.id);
      }
    }
  }
  const courseId = (fixtureId: string) => {
    const id = courseIds.get(fixtureId);
    if (!id) throw new Error(`no catalog course for fixture ${fixtureId}`);
    return id;
  };
  const packages = taian2024Policy.packages.map((p) => ({
    code: p.code,
    name: p.name,
    chapters: p.chapters.map((ch) => ({
      chapterId: chapterIds.get(ch.chapterId) ?? '',
      hours: ch.hours,
      courseIds: ch.courses.map((c) => courseId(c.courseId)),
      requiredCourseIds: ch.requiredCourseIds.map(courseId),
      chooseSets: ch.chooseSets.map((s) => ({ courseIds: s.courseIds.map(courseId), choose: s.choose })),
    })),
  }));
  return { packages, courseId };
}

/** Stages the 2024 packages were written for (annex 1: 高中、小学教师远程研修选课指南). */
const PACKAGE_STAGES: readonly Stage[] = ['high', 'primary'];

/** Stages the demo has a policy for: the packages' and kindergartens (pushed courses only). */
export const DEMO_STAGES: readonly Stage[] = [...PACKAGE_STAGES, 'kindergarten'];

/**
 * The quiz of the first kindergarten course. Progress's demo seed (services/progress/src/demo) writes a
 * quiz of this id for whichever course names it: catalog lists a course's quizzes, progress keeps them.
 */
export const DEMO_QUIZ_ID = 'demo-kindergarten-day1';

/**
 * Seed 003 (2024): kindergartens study the 一日活动 in six topics, one a day of the six-day 集中研修, 36 学时
 * in all, no subjects and no packages; the demo pushes them to every kindergarten teacher. (Seed 003 also
 * has 基础 / 提高 levels chosen per group by its leader; the demo pushes the same courses whatever the level.)
 */
const KINDERGARTEN_DAYS = ['幼儿园一日活动流程及组织要点', '生活活动中幼儿的学习与发展', '区域活动的组织与实施', '集体教学活动的组织与实施', '游戏活动的设计与实施', '家园沟通的艺术与技巧'];

/** Elective topics (专题) and their courses: teachers choose at least 6 学时 from them (DOMAIN §4). */
const ELECTIVES: [string, [string, number][]][] = [
  ['师德修养', [['教师职业道德规范与案例', 2], ['依法执教与教师权益', 2]]],
  ['中小学心理健康教育', [['学生心理问题的识别与疏导', 2], ['教师心理调适', 2]]],
  ['班级管理', [['班主任工作艺术', 2], ['家校沟通与合作', 2]]],
];

/** Required courses pushed by stage and subject (必修课由平台自动推送); subject null = every subject of the stage. */
const PUSHED: { title: string; hours: number; stages: Stage[]; subject: string | null }[] = [
  { title: '新时代中小学教师职业行为十项准则解读', hours: 2, stages: ['high', 'primary'], subject: null },
  { title: '高中数学课程标准解读', hours: 4, stages: ['high'], subject: '数学' },
  { title: '高中语文学习任务群教学设计', hours: 4, stages: ['high'], subject: '语文' },
  { title: '小学数学核心素养与教学', hours: 4, stages: ['primary'], subject: '数学' },
  { title: '小学语文统编教材解读', hours: 4, stages: ['primary'], subject: '语文' },
];

/**
 * The demo catalog (seed 003's packages, elective topics, pushed courses, the kindergarten days) and, per
 * stage, the policy an expert would save with it: for high and primary schools the 2024 packages A and B,
 * electives and that stage's pushed courses; for kindergartens the six days, pushed.
 */
export async function demoCatalogue(cataloguer: Cataloguer): Promise<{ policyFor: (stage: Stage) => PolicyRulesInput }> {
  const { packages } = await catalogue2024(cataloguer);
  const electiveTopics: string[] = [];
  for (const [name, courses] of ELECTIVES) {
    const topic = await cataloguer.topic(name);
    for (const [title, hours] of courses) await cataloguer.course(draft(title, hours, { kind: name === '师德修养' ? 'ethics' : 'general', stages: [...PACKAGE_STAGES], topicId: topic.id }));
    electiveTopics.push(topic.id);
  }
  const pushed: PolicyRulesInput['pushed'] = [];
  for (const p of PUSHED) {
    const course = await cataloguer.course(draft(p.title, p.hours, { kind: p.subject ? 'subject' : 'ethics', stages: p.stages, subjects: p.subject ? [p.subject] : [] }));
    for (const stage of p.stages) pushed.push({ stage, subject: p.subject, level: null, courseIds: [course.id] });
  }
  const days: string[] = [];
  for (const [day, title] of KINDERGARTEN_DAYS.entries()) {
    const quizIds = day === 0 ? [DEMO_QUIZ_ID] : [];
    days.push((await cataloguer.course(draft(title, 6, { mediaRef: `courses/kindergarten-2024-day${day + 1}.mp4`, stages: ['kindergarten'], quizIds }))).id);
  }
  const kindergarten: PolicyRulesInput = { packages: [], electives: null, pushed: [{ stage: 'kindergarten', subject: null, level: null, courseIds: days }] };
  const school = (stage: Stage): PolicyRulesInput => ({
    packages,
    // Whole topics: every active course of each is offered.
    electives: { topics: electiveTopics.map((topicId) => ({ topicId, courseIds: [] })), groups: [{ name: '选修专题', topicIds: electiveTopics, minimumHours: 6 }], schoolChooses: null },
    pushed: pushed.filter((p) => p.stage === stage),
  });
  return { policyFor: (stage) => (stage === 'kindergarten' ? kindergarten : school(stage)) };
}
