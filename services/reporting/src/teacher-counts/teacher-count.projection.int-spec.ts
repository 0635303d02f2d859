import { randomUUID } from 'node:crypto';
import { org as orgContract, teacher as teacherContract, Topics } from '@yanxiu/contracts';
import { migratedTestDatabase, type TestDatabase } from '@yanxiu/database';
import type { IncomingEvent } from '@yanxiu/messaging';
import { incomingEvent } from '@yanxiu/messaging/testing';
import type { DataSource } from 'typeorm';
import { reportingMigrations } from '../reporting.data-source.js';
import { GetTeacherCountUseCase } from './get-teacher-count.use-case.js';
import { TeacherCountProjection } from './teacher-count.projection.js';
import { TeacherCountRepository } from './teacher-count.repository.js';

const orgCreated = (id: string, path: string, level: orgContract.OrgLevel) =>
  incomingEvent(Topics.orgCreated, orgContract.OrgCreated.encode({ org: { id, code: path.split('/').pop() ?? '', name: path, level, parentId: '', path } }).finish());

const teacherCreated = (teacherId: string, orgPath: string) =>
  incomingEvent(Topics.teacherCreated, teacherContract.TeacherCreated.encode({ teacherId, orgId: 'x', orgPath, stage: 3, subject: '数学', gender: 1, status: 1 }).finish());

const principal = (orgPath: string) => ({ subject: 'u', username: 'u', roles: ['city-admin' as const], orgPath, token: 't' });

describe('teacher counts on the real database', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  const projection = new TeacherCountProjection(new TeacherCountRepository());
  const apply = (e: IncomingEvent) => dataSource.transaction((manager) => projection.apply(e, manager));

  beforeAll(async () => {
    ({ db, dataSource } = await migratedTestDatabase('reporting', reportingMigrations));
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('counts each teacher once at its school and every ancestor, whatever the event order', async () => {
    const schoolId = randomUUID();
    const cityId = randomUUID();
    const school = '/37/3701/370102/S0001';
    const teacher = randomUUID();
    // The teacher's event may arrive before its school's (different topics): counts still land.
    await apply(teacherCreated(teacher, school));
    await apply(teacherCreated(teacher, school));
    await apply(teacherCreated(randomUUID(), school));
    await apply(orgCreated(schoolId, school, orgContract.OrgLevel.ORG_LEVEL_SCHOOL));
    await apply(orgCreated(cityId, '/37/3701', orgContract.OrgLevel.ORG_LEVEL_CITY));

    const useCase = new GetTeacherCountUseCase(dataSource, new TeacherCountRepository());
    await expect(useCase.execute(principal('/37/3701'), schoolId)).resolves.toEqual({ orgId: schoolId, orgPath: school, direct: 2, total: 2 });
    await expect(useCase.execute(principal('/37/3701'), cityId)).resolves.toEqual({ orgId: cityId, orgPath: '/37/3701', direct: 0, total: 2 });
    await expect(useCase.execute(principal('/37/3702'), schoolId)).rejects.toMatchObject({ code: 'out_of_jurisdiction' });
    await expect(useCase.execute(principal('/37'), randomUUID())).rejects.toMatchObject({ code: 'org_not_found' });
  });

  it('counts concurrent teachers exactly (increments in SQL, no read-then-write)', async () => {
    const school = '/37/3702/370202/S0009';
    await Promise.all(Array.from({ length: 40 }, () => apply(teacherCreated(randomUUID(), school))));
    const repo = new TeacherCountRepository();
    await expect(repo.countsFor(dataSource.manager, school)).resolves.toEqual({ direct: 40, total: 40 });
    await expect(repo.countsFor(dataSource.manager, '/37/3702')).resolves.toEqual({ direct: 0, total: 40 });
  });
});
