import { randomUUID } from 'node:crypto';
import type { TestDatabase } from '@yanxiu/database';
import type { DataSource } from 'typeorm';
import { CourseRepository } from '../courses/course.repository.js';
import { PolicyRepository } from '../policies/policy.repository.js';
import { SavePolicyUseCase } from '../policies/save-policy.use-case.js';
import { IdentityProjectionRepository } from '../projections/identity-projection.repository.js';
import { SaveSchoolChoiceUseCase } from '../selections/school-choice.use-case.js';
import { SelectionContext } from '../selections/selection-context.js';
import { SelectionRepository } from '../selections/selection.repository.js';
import { GetMyCoursesUseCase, SaveTeacherSelectionUseCase } from '../selections/teacher-selection.use-case.js';
import { catalogDatabase, knownProject, principal, provinceExpert } from '../testing.spec-helper.js';
import { TopicRepository } from '../topics/topic.repository.js';
import { Cataloguer, DEMO_QUIZ_ID, demoCatalogue } from './catalogue.js';

describe('the demo catalog on the real database', () => {
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    ({ db, dataSource } = await catalogDatabase());
  });

  afterAll(async () => {
    await db?.drop();
  });

  const counts = async () => {
    const [row] = await dataSource.query<{ courses: string; chapters: string; topics: string; events: string }[]>(
      "SELECT (SELECT COUNT(*) FROM courses) AS courses, (SELECT COUNT(*) FROM chapters) AS chapters, (SELECT COUNT(*) FROM topics) AS topics, (SELECT COUNT(*) FROM outbox WHERE topic LIKE 'catalog.%.saved.v1') AS events",
    );
    return { courses: Number(row?.courses), chapters: Number(row?.chapters), topics: Number(row?.topics), events: Number(row?.events) };
  };

  it('is created once, whatever how often it is seeded', async () => {
    await demoCatalogue(new Cataloguer(dataSource, provinceExpert));
    const first = await counts();
    // 35 package courses of seed 003, 6 elective, 5 pushed and 6 kindergarten courses; 理念篇 to 技术篇; 3 topics.
    expect(first).toEqual({ courses: 52, chapters: 4, topics: 3, events: 59 });
    await demoCatalogue(new Cataloguer(dataSource, provinceExpert));
    expect(await counts()).toEqual(first);
  });

  it('gives a high-school and a primary project a valid 2024 policy in which a teacher chooses and sees what counts', async () => {
    const { policyFor } = await demoCatalogue(new Cataloguer(dataSource, provinceExpert));
    const projections = new IdentityProjectionRepository();
    const ctx = new SelectionContext(projections, new PolicyRepository(), new SelectionRepository());
    const savePolicy = new SavePolicyUseCase(dataSource, new PolicyRepository(), new CourseRepository(), new TopicRepository(), ctx);
    const school = '/37/3701/370102/S0001';
    const schoolId = randomUUID();
    await dataSource.transaction((m) => projections.upsertOrg(m, { id: schoolId, path: school, name: '历下区实验学校', level: 'school' }));

    for (const stage of ['high', 'primary'] as const) {
      const project = await knownProject(dataSource, { stage });
      const saved = await savePolicy.execute(provinceExpert, { projectId: project.id, rules: policyFor(stage), expectedRevision: 0 });
      expect(saved.policy.packages.map((p) => [p.code, p.chapters.map((ch) => `${ch.name} ${ch.hours.hours}`)])).toEqual([
        ['A', ['理念篇 2', '热点篇 4', '方法篇 12', '技术篇 18']],
        ['B', ['理念篇 2', '热点篇 4', '方法篇 12', '技术篇 18']],
      ]);

      const teacherId = randomUUID();
      await dataSource.transaction((m) =>
        projections.applyEnrollment(m, { enrollmentId: randomUUID(), projectId: project.id, teacherId, orgId: schoolId, orgPath: school, subject: '数学', role: 'trainee', status: 'enrolled', version: 1 }),
      );
      await new SaveSchoolChoiceUseCase(dataSource, ctx).execute(principal(['school-admin'], school), { projectId: project.id, orgId: schoolId, packageCode: 'A', topicIds: [] });
      const me = { ...principal(['teacher'], school, 'teacher-demo'), teacherId };
      const mine = await new GetMyCoursesUseCase(dataSource, ctx).execute(me, { projectId: project.id, teacherId: null });
      // Pushed by stage and subject (职业行为准则 for all, the 数学 course of the stage) and A's two 必选.
      expect(mine.counted.map((c) => [c.title, c.reason])).toEqual([
        ['新时代中小学教师职业行为十项准则解读', 'pushed'],
        [stage === 'high' ? '高中数学课程标准解读' : '小学数学核心素养与教学', 'pushed'],
        ['教育变革中的技术力量', 'package_required'],
        ['信息技术支持的教学环节优化', 'package_required'],
      ]);
      const ethics = mine.offered.filter((c) => c.title === '教师职业道德规范与案例' || c.title === '依法执教与教师权益' || c.title === '班主任工作艺术');
      const chosen = await new SaveTeacherSelectionUseCase(dataSource, ctx).execute(me, { projectId: project.id, courseIds: ethics.map((c) => c.courseId), dryRun: false });
      expect(chosen.standing.violations.map((v) => v.kind)).not.toContain('elective_hours_short');
      expect(chosen.standing.counted.filter((c) => c.reason === 'chosen').map((c) => c.hours)).toEqual([2, 2, 2]);
    }
  });

  it('gives a kindergarten project its six days, pushed to every teacher whatever their group’s level: 36 学时, the first with the demo quiz', async () => {
    const { policyFor } = await demoCatalogue(new Cataloguer(dataSource, provinceExpert));
    const projections = new IdentityProjectionRepository();
    const ctx = new SelectionContext(projections, new PolicyRepository(), new SelectionRepository());
    const project = await knownProject(dataSource, { stage: 'kindergarten', requiredHours: 36 });
    await new SavePolicyUseCase(dataSource, new PolicyRepository(), new CourseRepository(), new TopicRepository(), ctx).execute(provinceExpert, {
      projectId: project.id,
      rules: policyFor('kindergarten'),
      expectedRevision: 0,
    });

    const kindergarten = '/37/3701/370102/K0001';
    const kindergartenId = randomUUID();
    const teacherId = randomUUID();
    await dataSource.transaction(async (m) => {
      await projections.upsertOrg(m, { id: kindergartenId, path: kindergarten, name: '历下区实验幼儿园', level: 'kindergarten' });
      await projections.applyEnrollment(m, { enrollmentId: randomUUID(), projectId: project.id, teacherId, orgId: kindergartenId, orgPath: kindergarten, subject: '', role: 'trainee', status: 'enrolled', version: 1 });
    });
    const mine = await new GetMyCoursesUseCase(dataSource, ctx).execute({ ...principal(['teacher'], kindergarten, 'teacher-study-demo'), teacherId }, { projectId: project.id, teacherId: null });
    expect(mine.counted.map((c) => [c.title, c.hours, c.reason])).toEqual([
      ['幼儿园一日活动流程及组织要点', 6, 'pushed'],
      ['生活活动中幼儿的学习与发展', 6, 'pushed'],
      ['区域活动的组织与实施', 6, 'pushed'],
      ['集体教学活动的组织与实施', 6, 'pushed'],
      ['游戏活动的设计与实施', 6, 'pushed'],
      ['家园沟通的艺术与技巧', 6, 'pushed'],
    ]);
    const courses = await new CourseRepository().findByIds(dataSource.manager, mine.counted.map((c) => c.courseId));
    expect(courses.filter((c) => c.quizIds.length > 0).map((c) => [c.title, c.quizIds])).toEqual([['幼儿园一日活动流程及组织要点', [DEMO_QUIZ_ID]]]);
  });
});
