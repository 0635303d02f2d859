import type { Principal } from '@yanxiu/auth';
import type { progressEntities } from '@yanxiu/contracts';
import type { DataSource } from 'typeorm';
import { ProgressRepository } from '../completion/progress.repository.js';
import { SaveCourseRulesUseCase } from '../completion/save-course-rules.use-case.js';
import { FactsRepository } from '../facts/facts.repository.js';
import { QuizRepository } from '../quizzes/quiz.repository.js';
import { SaveQuizUseCase } from '../quizzes/quiz.use-cases.js';
import { sqlOf } from '../sql.js';

/**
 * How long each demo course's video is, and so how long it must be watched: two minutes instead of the
 * hours a real course takes, so that a developer can watch the demo's six courses by hand (README).
 */
export const DEMO_VIDEO_SECONDS = 120;

/**
 * The quiz catalog's demo course 幼儿园一日活动流程及组织要点 names (catalog's DEMO_QUIZ_ID): written here for
 * whichever counted course names it, since catalog lists a course's quizzes and progress keeps them.
 */
export const DEMO_QUIZ: Omit<progressEntities.Quiz, 'courseId' | 'version' | 'updatedBy' | 'updatedAt'> = {
  id: 'demo-kindergarten-day1',
  title: '幼儿园一日活动流程及组织要点 · 随堂测验',
  passPoints: 2,
  maxAttempts: 3,
  questions: [
    {
      id: 'q1',
      prompt: '《3-6岁儿童学习与发展指南》把幼儿的学习与发展分为几个领域？',
      options: [
        { id: 'a', text: '三个' },
        { id: 'b', text: '五个：健康、语言、社会、科学、艺术' },
        { id: 'c', text: '六个' },
      ],
      correctOptionIds: ['b'],
      points: 1,
    },
    {
      id: 'q2',
      prompt: '以下哪项属于幼儿园一日活动中的生活活动？',
      options: [
        { id: 'a', text: '入园、进餐、午睡' },
        { id: 'b', text: '区域游戏' },
        { id: 'c', text: '集体教学' },
      ],
      correctOptionIds: ['a'],
      points: 1,
    },
    {
      id: 'q3',
      prompt: '《幼儿园工作规程》规定幼儿园以什么为基本活动？',
      options: [
        { id: 'a', text: '游戏' },
        { id: 'b', text: '集体教学' },
        { id: 'c', text: '识字与计算' },
      ],
      correctOptionIds: ['a'],
      points: 1,
    },
  ],
};

export interface DemoStudyRulesResult {
  courses: number;
  rulesSaved: number;
  quizSaved: boolean;
}

/**
 * What completing the demo's study courses takes, set through progress's use cases as a course expert
 * would: every course counted for the demo's study teacher gets a watched threshold of one demo video
 * (DEMO_VIDEO_SECONDS, no assignment: community does not exist yet), and the course that names DEMO_QUIZ
 * gets that quiz. Repeatable: rules and quizzes already there are left as they are (an expert may have
 * changed them since).
 */
export class DemoStudyRules {
  private readonly progress = new ProgressRepository();
  private readonly quizzes = new QuizRepository();
  private readonly saveRules: SaveCourseRulesUseCase;
  private readonly saveQuiz: SaveQuizUseCase;

  constructor(
    private readonly dataSource: DataSource,
    private readonly expert: Principal,
  ) {
    const facts = new FactsRepository();
    this.saveRules = new SaveCourseRulesUseCase(dataSource, facts);
    this.saveQuiz = new SaveQuizUseCase(dataSource, this.quizzes, facts);
  }

  /**
   * Null while progress does not know yet what counts for the teacher in the project (catalog's lists)
   * or which of those courses names the quiz (catalog's course events): the caller tries again.
   */
  async run(projectId: string, teacherId: string): Promise<DemoStudyRulesResult | null> {
    const sql = sqlOf(this.dataSource.manager);
    const courses = await this.progress.countedInProject(sql, teacherId, projectId);
    const quizCourse = courses.find((c) => c.quizIds.includes(DEMO_QUIZ.id));
    if (!quizCourse) return null;
    let rulesSaved = 0;
    for (const course of courses.filter((c) => c.rules === null)) {
      await this.saveRules.execute(this.expert, { courseId: course.courseId, requiredWatchSeconds: DEMO_VIDEO_SECONDS, assignmentRequired: false, expectedVersion: 0 });
      rulesSaved += 1;
    }
    const quizSaved = !(await this.quizzes.find(sql, DEMO_QUIZ.id));
    if (quizSaved) await this.saveQuiz.execute(this.expert, { quiz: { ...DEMO_QUIZ, courseId: quizCourse.courseId, version: 0, updatedBy: '', updatedAt: '' }, expectedVersion: 0 });
    return { courses: courses.length, rulesSaved, quizSaved };
  }
}
