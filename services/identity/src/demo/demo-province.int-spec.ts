import { randomBytes } from 'node:crypto';
import { generateProvince } from '@yanxiu/synthetic-province';
import { migratedTestDatabase, type TestDatabase } from '@yanxiu/database';
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
import { DEMO_PROVINCE, DEMO_SCHOOL_PATH, DemoProvinceSeed } from './demo-province.js';

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
  // A user of this run stands in for the realm's teacher-demo, which other runs share.
  const demoUsername = `it-demo-${randomBytes(4).toString('hex')}`;
  let demoUserId: string;
  const province = generateProvince(DEMO_PROVINCE);
  const seedOn = (day: string) => new DemoProvinceSeed(dataSource, cipher, keycloak, () => provinceNoon(day)).run(demoUsername);

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
    await db?.drop();
  });

  it('seeds orgs, teachers, the project, the cascade, enrollments and groups through the use cases, and links the demo user to a teacher', async () => {
    const result = await seedOn(DAY);
    const primary = [...province.teachers()].filter((t) => t.stage === 'primary');
    expect(result).toMatchObject({ orgsCreated: 2 + 8, teachersCreated: province.teacherCount, unitsOpened: 2 + 6, enrolled: primary.length, project: { frozen: false } });
    expect(result.groupsFormed).toBeGreaterThanOrEqual(6);

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

  it('finds everything again on a second run: no row, event or Keycloak write twice', async () => {
    const before = await counts();
    const [first] = await new TrainingProjectRepository().listOwnedBy(dataSource.manager, ['/37'], {});
    const again = await seedOn(addDays(DAY, 1));
    expect(again).toMatchObject({ project: { id: first?.id }, orgsCreated: 0, teachersCreated: 0, unitsOpened: 0, enrolled: 0, groupsFormed: 0, demoTeacher: { userUpdated: false } });
    expect(await counts()).toEqual(before);
  });

  it('leaves a withdrawn participant withdrawn, and changes nothing once study has started', async () => {
    const [project] = await new TrainingProjectRepository().listOwnedBy(dataSource.manager, ['/37'], {});
    const enrollments = new EnrollmentRepository();
    const [someone] = await enrollments.find(dataSource.manager, { projectId: project!.id, orgPath: DEMO_SCHOOL_PATH });
    const schoolAdmin = { subject: 's', username: 'school-admin', roles: ['school-admin' as const], orgPath: DEMO_SCHOOL_PATH, token: '' };
    await new ChangeEnrollmentUseCase(dataSource, new TrainingProjectRepository(), enrollments, () => provinceNoon(DAY)).withdraw(schoolAdmin, someone!.id);
    expect(await seedOn(addDays(DAY, 2))).toMatchObject({ enrolled: 0 });
    expect((await enrollments.findView(dataSource.manager, someone!.id))?.status).toBe('withdrawn');

    const before = await counts();
    expect(await seedOn(addDays(DAY, 14))).toMatchObject({ project: { id: project!.id, frozen: true }, enrolled: 0, groupsFormed: 0 });
    expect(await counts()).toEqual(before);
  });
});
