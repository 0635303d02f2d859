import { randomUUID } from 'node:crypto';
import type { TestDatabase } from '@yanxiu/database';
import type { IncomingEvent } from '@yanxiu/messaging';
import type { DataSource } from 'typeorm';
import { GetMyProgressUseCase } from '../completion/get-my-progress.use-case.js';
import { QuizRepository } from '../quizzes/quiz.repository.js';
import { SubmitQuizAttemptUseCase } from '../quizzes/quiz.use-cases.js';
import { sqlOf } from '../sql.js';
import { counted, courseSaved, enrolled, principal, progressDatabase, progressParts, projectEvent, watching, watchPolicy } from '../testing.spec-helper.js';
import { ApplyHeartbeatsUseCase } from '../watching/apply-heartbeats.use-case.js';
import { DEMO_QUIZ, DEMO_VIDEO_SECONDS, DemoStudyRules } from './study-rules.js';

const KINDERGARTEN = '/37/3701/370102/K0001';

describe('the demo study rules on the real database', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  const { states, progress, credits, facts, evaluator, projection } = progressParts();
  const apply = (e: IncomingEvent) => dataSource.transaction((manager) => projection.apply(e, manager));
  const [project, teacher] = [randomUUID(), randomUUID()];
  const days = Array.from({ length: 6 }, (_, i) => `day${i + 1}-${randomUUID()}`);
  const seed = () => new DemoStudyRules(dataSource, principal(['expert'], '/37')).run(project, teacher);

  beforeAll(async () => {
    ({ db, dataSource } = await progressDatabase());
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('waits for what counts and for the course naming the quiz, then sets every counted course’s threshold and the quiz, once', async () => {
    await apply(projectEvent(project, 1, ['2026-07-15', '2026-09-12'], '2099-12-31'));
    await apply(enrolled(project, teacher, KINDERGARTEN));
    expect(await seed()).toBeNull();
    await apply(counted(project, teacher, days));
    // Catalog's course event names the quiz; until progress has it, the seed does not know where the quiz goes.
    expect(await seed()).toBeNull();
    await apply(courseSaved(days[0]!, [DEMO_QUIZ.id], 1));

    expect(await seed()).toEqual({ courses: 6, rulesSaved: 6, quizSaved: true });
    const quiz = await new QuizRepository().find(sqlOf(dataSource.manager), DEMO_QUIZ.id);
    expect(quiz).toMatchObject({ courseId: days[0], passPoints: 2, maxAttempts: 3 });
    expect(await seed()).toEqual({ courses: 6, rulesSaved: 0, quizSaved: false });
  });

  it('lets the demo teacher qualify by watching each video once and passing the quiz: 36 学时 registered', async () => {
    const heartbeats = new ApplyHeartbeatsUseCase(dataSource, states, watchPolicy, evaluator);
    // One course a day of the six-day 集中研修, as the player would report it.
    for (const [i, course] of days.entries()) await heartbeats.execute([watching(teacher, course, 0, DEMO_VIDEO_SECONDS, `2026-07-${15 + i}`)]);
    const me = principal(['teacher'], KINDERGARTEN, teacher);
    const myProgress = () => new GetMyProgressUseCase(dataSource, facts, progress, states, credits).execute(me, project);
    expect(await myProgress()).toMatchObject({ watchedSeconds: 6 * DEMO_VIDEO_SECONDS, requiredWatchSeconds: 6 * DEMO_VIDEO_SECONDS, qualified: false });
    expect((await myProgress()).courses.filter((c) => !c.complete).map((c) => [c.courseId, c.quizzesTotal, c.quizzesPassed])).toEqual([[days[0], 1, 0]]);

    const answers = DEMO_QUIZ.questions.map((q) => ({ questionId: q.id, optionIds: q.correctOptionIds }));
    await expect(new SubmitQuizAttemptUseCase(dataSource, new QuizRepository(), states, evaluator).execute(me, { quizId: DEMO_QUIZ.id, answers })).resolves.toMatchObject({ passed: true, points: 3 });
    expect(await myProgress()).toMatchObject({ qualified: true, credit: { hours: 36, year: 2026 } });
  });
});
