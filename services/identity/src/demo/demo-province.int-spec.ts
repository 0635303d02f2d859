import { randomBytes } from 'node:crypto';
import { generateProvince } from '@yanxiu/synthetic-province';
import { migratedTestDatabase, type TestDatabase } from '@yanxiu/database';
import { Topics } from '@yanxiu/contracts';
import type { DataSource } from 'typeorm';
import { KeycloakAdmin } from '../accounts/keycloak-admin.js';
import { ChangeEnrollmentUseCase } from '../enrollment/enroll-teachers.use-case.js';
import { EnrollmentRepository } from '../enrollment/enrollment.repository.js';
import { identityMigrations } from '../identity.data-source.js';
import { CreateOrgUseCase } from '../orgs/create-org.use-case.js';
import { OrgRepository } from '../orgs/org.repository.js';
import { PersonalDataCipher } from '../teachers/personal-data-cipher.js';
import { TrainingProjectRepository } from '../training-projects/training-project.repository.js';
import { addDays, provinceNoon } from '../training-projects/training-project.spec-helper.js';
import { StudyGroupRepository } from '../study-groups/study-group.repository.js';
import { DEMO_KINDERGARTEN_PATH, DEMO_PROVINCE, DEMO_SCHOOL_PATH, DemoProvinceSeed, startDemoStudy } from './demo-province.js';

const env = (key: string) => {
  const value = process.env[key];
  if (!value) throw new Error(`${key} missing from the stack env`);
  return value;
};

const DAY = '2026-06-10';

describe('the demo province on the real database and Keycloak', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let keycloak: KeycloakAdmin;
  const cipher = new PersonalDataCipher(randomBytes(32).toString('hex'), randomBytes(32).toString('hex'));
  // Users of this run stand in for the realm's teacher-demo and teacher-study-demo, which other runs share;
  // the seed makes the second one.
  const demoUsername = `it-demo-${randomBytes(4).toString('hex')}`;
  const studyUsername = `it-study-${randomBytes(4).toString('hex')}`;
  let demoUserId: string;
  const province = generateProvince(DEMO_PROVINCE);
  const seedOn = (day: string) => new DemoProvinceSeed(dataSource, cipher, keycloak, () => provinceNoon(day)).run({ teacher: demoUsername, studyTeacher: studyUsername });
  const kindergartenProject = async () => (await new TrainingProjectRepository().listOwnedBy(dataSource.manager, ['/37'], { stage: 'kindergarten' }))[0];

  /** Rows of every table the seed writes, and the events it queued. */
  const counts = async () => {
    const [row] = await dataSource.query<Record<string, string>[]>(
      `SELECT (SELECT COUNT(*) FROM orgs) AS orgs, (SELECT COUNT(*) FROM teachers) AS teachers, (SELECT COUNT(*) FROM training_projects) AS projects,
              (SELECT COUNT(*) FROM enrollment_units) AS units, (SELECT COUNT(*) FROM enrollments) AS enrollments,
              (SELECT COUNT(*) FROM study_groups) AS groups_, (SELECT COUNT(*) FROM outbox) AS events`,
    );
    return Object.fromEntries(Object.entries(row ?? {}).map(([k, v]) => [k, Number(v)]));
  };

  beforeAll(async () => {
    keycloak = new KeycloakAdmin({ url: env('KEYCLOAK_URL'), realm: env('KEYCLOAK_REALM'), clientId: env('KEYCLOAK_IDENTITY_CLIENT_ID'), clientSecret: env('KEYCLOAK_IDENTITY_CLIENT_SECRET') });
    demoUserId = await keycloak.createUser({ username: demoUsername, enabled: true, firstName: 'Teacher', lastName: 'Demo', attributes: { org_path: [DEMO_SCHOOL_PATH] }, realmRoles: ['teacher'] });
    ({ db, dataSource } = await migratedTestDatabase('identity', identityMigrations));
    await new CreateOrgUseCase(dataSource, new OrgRepository()).seed([
      { code: '37', name: '山东省', level: 'province', parentPath: null },
      { code: '3701', name: '济南市', level: 'city', parentPath: '/37' },
    ]);
  });

  afterAll(async () => {
    if (demoUserId) await keycloak.deleteUser(demoUserId);
    const studyUser = await keycloak?.findUserByUsername(studyUsername);
    if (studyUser) await keycloak.deleteUser(studyUser.id);
    await db?.drop();
  });

  it('seeds orgs, teachers, the project, the cascade, enrollments and groups through the use cases, and links the demo user to a teacher', async () => {
    const result = await seedOn(DAY);
    const primary = [...province.teachers()].filter((t) => t.stage === 'primary');
    const kindergarten = [...province.teachers()].filter((t) => t.stage === 'kindergarten');
    expect(result).toMatchObject({
      orgsCreated: 2 + 8,
      teachersCreated: province.teacherCount,
      project: { frozen: false, unitsOpened: 2 + 6, enrolled: primary.length },
      studyProject: { frozen: false, unitsOpened: 2 + 2, enrolled: kindergarten.length },
    });
    expect(result.project.groupsFormed).toBeGreaterThanOrEqual(6);
    expect(result.studyProject.groupsFormed).toBeGreaterThanOrEqual(2);

    const project = await new TrainingProjectRepository().findById(dataSource.manager, result.project.id);
    expect(project).toMatchObject({ year: 2026, stage: 'primary', windows: { courseSelection: { start: addDays(DAY, -7), end: addDays(DAY, 13) }, study: { start: addDays(DAY, 14) } } });
    const enrolled = await new EnrollmentRepository().find(dataSource.manager, { projectId: result.project.id, orgPath: '/37' });
    expect(enrolled.every((e) => e.role === 'trainee' && e.orgPath.includes('/S'))).toBe(true);
    expect(enrolled.map((e) => e.teacherId)).toContain(result.demoTeacher.id);

    const user = await keycloak.getUser(demoUserId);
    const teacher = enrolled.find((e) => e.teacherId === result.demoTeacher.id);
    expect(teacher).toMatchObject({ orgPath: DEMO_SCHOOL_PATH, subject: '数学' });
    expect(user.attributes).toMatchObject({ teacher_id: [result.demoTeacher.id], org_path: [DEMO_SCHOOL_PATH] });
    expect(`${user.lastName}${user.firstName}`).toBe(teacher?.teacherName);
  });

  it('enrolls the kindergarten teachers in the study project and makes its demo user: a trainee leading no group, who can sign in', async () => {
    const result = await seedOn(DAY);
    const study = await new TrainingProjectRepository().findById(dataSource.manager, result.studyProject.id);
    expect(study).toMatchObject({ stage: 'kindergarten', subjects: [], windows: { enrollment: { end: DAY }, study: { start: addDays(DAY, 1) } } });
    const enrolled = await new EnrollmentRepository().find(dataSource.manager, { projectId: result.studyProject.id, orgPath: '/37' });
    expect(enrolled.every((e) => e.role === 'trainee' && e.subject === '' && e.orgPath.includes('/K'))).toBe(true);
    const groups = await new StudyGroupRepository().findInRegion(dataSource.manager, result.studyProject.id, '/37/3701/370102');
    expect(groups.length).toBeGreaterThan(0);
    expect(groups.map((g) => g.leaderTeacherId)).not.toContain(result.studyTeacher.id);
    expect(enrolled.find((e) => e.teacherId === result.studyTeacher.id)).toMatchObject({ orgPath: DEMO_KINDERGARTEN_PATH, status: 'enrolled' });

    const login = await fetch(`${env('KEYCLOAK_URL')}/realms/${env('KEYCLOAK_REALM')}/protocol/openid-connect/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'password', client_id: 'yanxiu-dev-cli', username: studyUsername, password: 'Demo-2026!' }),
    });
    expect(login.status).toBe(200);
    const { access_token: token } = (await login.json()) as { access_token: string };
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>;
    expect(claims).toMatchObject({ teacher_id: result.studyTeacher.id, org_path: DEMO_KINDERGARTEN_PATH });
  });

  it('starts the study project on the seed day by the province admin’s edit, once; the seed then leaves its enrollment alone', async () => {
    const project = await kindergartenProject();
    const startOn = (day: string) => startDemoStudy(dataSource, () => provinceNoon(day));
    const updates = async () => Number((await dataSource.query<{ n: string }[]>('SELECT COUNT(*) AS n FROM outbox WHERE topic = ?', [Topics.trainingProjectUpdated]))[0]?.n);

    expect(await startOn(DAY)).toEqual({ id: project?.id, name: project?.name, studyStart: DAY, moved: true });
    expect(await kindergartenProject()).toMatchObject({ version: (project?.version ?? 0) + 1, windows: { courseSelection: { end: addDays(DAY, -1) }, study: { start: DAY } } });
    expect(await updates()).toBe(1);
    expect(await startOn(DAY)).toMatchObject({ moved: false });
    expect(await seedOn(DAY)).toMatchObject({ studyProject: { id: project?.id, frozen: true, unitsOpened: 0, enrolled: 0, groupsFormed: 0 } });
    expect(await updates()).toBe(1);
  });

  it('finds everything again on a second run: no row, event or Keycloak write twice', async () => {
    const before = await counts();
    const [first] = await new TrainingProjectRepository().listOwnedBy(dataSource.manager, ['/37'], { stage: 'primary' });
    const again = await seedOn(addDays(DAY, 1));
    expect(again).toMatchObject({
      project: { id: first?.id, unitsOpened: 0, enrolled: 0, groupsFormed: 0 },
      orgsCreated: 0,
      teachersCreated: 0,
      demoTeacher: { userUpdated: false },
      studyTeacher: { userUpdated: false },
    });
    expect(await counts()).toEqual(before);
  });

  it('leaves a withdrawn participant withdrawn, and changes nothing once study has started', async () => {
    const [project] = await new TrainingProjectRepository().listOwnedBy(dataSource.manager, ['/37'], { stage: 'primary' });
    const enrollments = new EnrollmentRepository();
    const [someone] = await enrollments.find(dataSource.manager, { projectId: project!.id, orgPath: DEMO_SCHOOL_PATH });
    const schoolAdmin = { subject: 's', username: 'school-admin', roles: ['school-admin' as const], orgPath: DEMO_SCHOOL_PATH, token: '' };
    await new ChangeEnrollmentUseCase(dataSource, new TrainingProjectRepository(), enrollments, () => provinceNoon(DAY)).withdraw(schoolAdmin, someone!.id);
    expect(await seedOn(addDays(DAY, 2))).toMatchObject({ project: { enrolled: 0 } });
    expect((await enrollments.findView(dataSource.manager, someone!.id))?.status).toBe('withdrawn');

    const before = await counts();
    expect(await seedOn(addDays(DAY, 14))).toMatchObject({ project: { id: project!.id, frozen: true, enrolled: 0, groupsFormed: 0 } });
    expect(await counts()).toEqual(before);
  });
});
