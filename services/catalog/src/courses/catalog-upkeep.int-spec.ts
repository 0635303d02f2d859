import { catalogEntities, catalogPolicy, Topics } from '@yanxiu/contracts';
import type { TestDatabase } from '@yanxiu/database';
import type { DataSource } from 'typeorm';
import { PolicyRepository } from '../policies/policy.repository.js';
import { GetPolicyUseCase, SavePolicyUseCase } from '../policies/save-policy.use-case.js';
import { IdentityProjectionRepository } from '../projections/identity-projection.repository.js';
import { SelectionContext } from '../selections/selection-context.js';
import { SelectionRepository } from '../selections/selection.repository.js';
import { catalogDatabase, catalogue2024, chinaDate, knownProject, outbox, principal, provinceExpert } from '../testing.spec-helper.js';
import { SaveChapterUseCase, SaveTopicUseCase } from '../topics/save-topic.use-case.js';
import { TopicRepository } from '../topics/topic.repository.js';
import type { CourseDraft } from './course.js';
import { CourseRepository } from './course.repository.js';
import { CreateCourseUseCase, UpdateCourseUseCase } from './save-course.use-case.js';
import { SearchCoursesUseCase } from './search-courses.use-case.js';

const draft = (overrides: Partial<CourseDraft> = {}): CourseDraft => ({
  title: '班主任工作艺术',
  kind: 'general',
  creditHours: 2,
  mediaRef: 'courses/banzhuren.mp4',
  stages: [],
  subjects: [],
  topicId: null,
  chapterId: null,
  level: null,
  quizIds: ['q1', 'q2'],
  ...overrides,
});

const codeOf = (promise: Promise<unknown>) => promise.then(
  () => 'ok',
  (e: Error & { code?: string }) => e.code ?? e.message,
);

describe('catalog upkeep and selection policies on the real database', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let createCourse: CreateCourseUseCase;
  let updateCourse: UpdateCourseUseCase;
  let search: SearchCoursesUseCase;
  let saveTopic: SaveTopicUseCase;
  let saveChapter: SaveChapterUseCase;
  let savePolicy: SavePolicyUseCase;

  beforeAll(async () => {
    ({ db, dataSource } = await catalogDatabase());
    const courses = new CourseRepository();
    const topics = new TopicRepository();
    createCourse = new CreateCourseUseCase(dataSource, courses, topics);
    updateCourse = new UpdateCourseUseCase(dataSource, courses, topics);
    search = new SearchCoursesUseCase(dataSource, courses);
    saveTopic = new SaveTopicUseCase(dataSource, topics);
    saveChapter = new SaveChapterUseCase(dataSource, topics);
    savePolicy = new SavePolicyUseCase(dataSource, new PolicyRepository(), courses, topics, new SelectionContext(new IdentityProjectionRepository(), new PolicyRepository(), new SelectionRepository()));
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('lets province experts and admins edit, nobody else', async () => {
    expect(await codeOf(createCourse.execute(principal(['province-admin'], '/37'), draft()))).toBe('ok');
    expect(await codeOf(createCourse.execute(principal(['expert'], '/37/3701'), draft()))).toBe('role_not_allowed');
    expect(await codeOf(createCourse.execute(principal(['teacher'], '/37/3701/370102/S0001'), draft()))).toBe('role_not_allowed');
    expect(await codeOf(saveChapter.create(principal(['city-admin'], '/37/3701'), { name: '理念篇', description: '', position: 1 }))).toBe('role_not_allowed');
  });

  it('commits each change with its event, and reports every bad field at once', async () => {
    const chapter = await saveChapter.create(provinceExpert, { name: '师德篇', description: '师德师风', position: 9 });
    const topic = await saveTopic.create(provinceExpert, { name: '教师职业道德', description: '', chapterId: chapter.id });
    const course = await createCourse.execute(provinceExpert, draft({ title: '  新时代师德规范  ', kind: 'ethics', creditHours: 1.5, topicId: topic.id, stages: ['primary', 'middle'], subjects: ['语文'] }));
    expect(course).toMatchObject({ title: '新时代师德规范', revision: 1, status: 'active', stages: ['primary', 'middle'], updatedBy: 'expert-zhang' });

    const saved = (await outbox(dataSource, Topics.courseSaved)).filter((e) => e.key === course.id).map((e) => catalogEntities.CourseSaved.decode(e.payload).course);
    expect(saved).toEqual([expect.objectContaining({ id: course.id, title: '新时代师德规范', creditHours: 1.5, kind: catalogEntities.CourseKind.COURSE_KIND_ETHICS, topicId: topic.id, quizIds: ['q1', 'q2'], revision: 1 })]);
    expect((await outbox(dataSource, Topics.topicSaved)).map((e) => e.key)).toContain(topic.id);
    expect((await outbox(dataSource, Topics.chapterSaved)).map((e) => e.key)).toContain(chapter.id);

    const invalid = await createCourse.execute(provinceExpert, draft({ title: '', creditHours: 0.3, level: 'basic', topicId: 'no-such-topic' })).catch((e: Error & { code: string }) => e);
    expect(invalid).toMatchObject({ code: 'invalid_argument' });
    expect((invalid as Error).message).toMatch(/title must be 1–200.*creditHours must be whole or half hours.*level applies only to courses for the kindergarten stage.*topicId no-such-topic is not a known topic/);
  });

  it('refuses a stale edit, and lets exactly one of two concurrent edits win', async () => {
    const course = await createCourse.execute(provinceExpert, draft({ title: '家庭教育指导' }));
    const edit = (title: string) => updateCourse.execute(provinceExpert, { id: course.id, expectedRevision: 1, draft: draft({ title }), status: null });
    const results = await Promise.all([codeOf(edit('家庭教育指导（一）')), codeOf(edit('家庭教育指导（二）'))]);
    expect(results.sort()).toEqual(['ok', 'revision_conflict']);
    const retired = await updateCourse.execute(provinceExpert, { id: course.id, expectedRevision: 2, draft: draft({ title: '家庭教育指导' }), status: 'retired' });
    expect(retired).toMatchObject({ revision: 3, status: 'retired' });
    expect((await outbox(dataSource, Topics.courseSaved)).filter((e) => e.key === course.id)).toHaveLength(3);
  });

  it('searches by stage, subject, topic and title, in pages, including courses for every stage', async () => {
    const topic = await saveTopic.create(provinceExpert, { name: '信息技术应用', description: '', chapterId: null });
    const make = (title: string, stages: CourseDraft['stages'], subjects: string[]) => createCourse.execute(provinceExpert, draft({ title, stages, subjects, topicId: topic.id }));
    await make('信息技术A 通用', [], []);
    await make('信息技术B 高中数学', ['high'], ['数学']);
    await make('信息技术C 小学', ['primary'], []);
    await make('信息技术D 高中语文', ['high'], ['语文']);
    const titles = async (q: Parameters<SearchCoursesUseCase['execute']>[0]) => (await search.execute(q)).courses.map((c) => c.title);
    const base = { stage: null, subject: null, topicId: topic.id, chapterId: null, kind: null, level: null, query: null, includeRetired: false, pageSize: 0, pageToken: '' };

    expect(await titles({ ...base, stage: 'high', subject: '数学' })).toEqual(['信息技术A 通用', '信息技术B 高中数学']);
    expect(await titles({ ...base, stage: 'primary' })).toEqual(['信息技术A 通用', '信息技术C 小学']);
    expect(await titles({ ...base, query: '语文' })).toEqual(['信息技术D 高中语文']);
    expect(await titles({ ...base, query: '100%' })).toEqual([]);

    const first = await search.execute({ ...base, pageSize: 3 });
    expect(first).toMatchObject({ total: 4 });
    expect(first.courses).toHaveLength(3);
    const second = await search.execute({ ...base, pageSize: 3, pageToken: first.nextPageToken });
    expect(second.courses.map((c) => c.title)).toEqual(['信息技术D 高中语文']);
    expect(second.nextPageToken).toBe('');
    await expect(search.execute({ ...base, pageToken: 'garbage' })).rejects.toMatchObject({ code: 'invalid_argument' });
  });

  describe('selection policies', () => {
    it('saves the 2024 packages of seed 003 with the catalog titles and hours, and events them', async () => {
      const project = await knownProject(dataSource);
      const { rules, courseId } = await catalogue2024(dataSource);
      const saved = await savePolicy.execute(provinceExpert, { projectId: project.id, rules, expectedRevision: 0 });
      expect(saved.revision).toBe(1);
      const ideasB = saved.policy.packages[1]?.chapters[0];
      expect(ideasB).toMatchObject({ name: '理念篇', hours: { mode: 'exact', hours: 2 }, chooseSets: [{ choose: 1, courseIds: [courseId('tech-power'), courseId('learning-change')] }] });
      expect(ideasB?.courses).toEqual([
        { courseId: courseId('tech-power'), title: '教育变革中的技术力量', hours: 2 },
        { courseId: courseId('learning-change'), title: '信息化支持的学习方式变革思考', hours: 2 },
      ]);
      const events = (await outbox(dataSource, Topics.policySaved)).filter((e) => e.key === project.id).map((e) => catalogPolicy.PolicySaved.decode(e.payload).policy);
      expect(events).toEqual([expect.objectContaining({ projectId: project.id, revision: 1 })]);
      expect(events[0]?.rules?.packages.map((p) => p.code)).toEqual(['A', 'B']);
      expect(await new GetPolicyUseCase(dataSource, new PolicyRepository()).execute(project.id)).toMatchObject({ revision: 1, savedBy: 'expert-zhang' });
      await expect(savePolicy.execute(provinceExpert, { projectId: project.id, rules, expectedRevision: 0 })).rejects.toMatchObject({ code: 'revision_conflict' });
    });

    it('refuses an impossible policy with every problem explained, and saves nothing', async () => {
      const project = await knownProject(dataSource);
      const { rules, courseId } = await catalogue2024(dataSource);
      // 理念篇 of A made to require both 2 h courses in 2 h, and 热点篇 left with too few courses.
      const broken = structuredClone(rules);
      const a = broken.packages[0]!;
      a.chapters[0]!.courseIds.push(courseId('learning-change'));
      a.chapters[0]!.requiredCourseIds.push(courseId('learning-change'));
      a.chapters[1]!.courseIds = [courseId('hot-ai')];
      a.chapters[2]!.courseIds.push('no-such-course');
      const error = await savePolicy.execute(provinceExpert, { projectId: project.id, rules: broken, expectedRevision: 0 }).catch((e: Error & { code: string }) => e);
      expect(error).toMatchObject({ code: 'policy_invalid' });
      expect((error as Error).message).toContain('套餐 A · 方法篇：课程 no-such-course 不在课程库中');

      a.chapters[2]!.courseIds.pop();
      const second = await savePolicy.execute(provinceExpert, { projectId: project.id, rules: broken, expectedRevision: 0 }).catch((e: Error) => e.message);
      expect(second).toContain('套餐 A · 理念篇：必选课程共 4 学时，超过本篇要求的 2 学时');
      expect(second).toContain('套餐 A · 热点篇：本篇按规则最多只能选出 2 学时，少于要求的 4 学时');
      expect((await outbox(dataSource, Topics.policySaved)).filter((e) => e.key === project.id)).toEqual([]);
    });

    it('refuses policies for unknown projects, other stages, and after study started', async () => {
      const { rules, courseId } = await catalogue2024(dataSource);
      await expect(savePolicy.execute(provinceExpert, { projectId: '7d0c3c57-0000-4000-8000-000000000000', rules, expectedRevision: 0 })).rejects.toMatchObject({ code: 'project_not_found' });
      const primary = await knownProject(dataSource, { stage: 'primary' });
      const pushed = { ...rules, pushed: [{ stage: 'high' as const, subject: null, level: null, courseIds: [courseId('hot-ai')] }] };
      await expect(savePolicy.execute(provinceExpert, { projectId: primary.id, rules: pushed, expectedRevision: 0 })).rejects.toMatchObject({ code: 'policy_invalid' });
      const started = await knownProject(dataSource, { selectionStart: chinaDate(-10), selectionEnd: chinaDate(-2), studyStart: chinaDate(0) });
      await expect(savePolicy.execute(provinceExpert, { projectId: started.id, rules, expectedRevision: 0 })).rejects.toMatchObject({ code: 'selection_locked', message: `研修已于 ${started.studyStart} 开始，选课规则不能再修改` });
    });
  });
});
