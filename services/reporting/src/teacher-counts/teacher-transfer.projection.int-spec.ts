import { randomUUID } from 'node:crypto';
import { roster as rosterContract, teacher as teacherContract, transfer as transferContract, Topics } from '@yanxiu/contracts';
import { migratedTestDatabase, type TestDatabase } from '@yanxiu/database';
import type { IncomingEvent } from '@yanxiu/messaging';
import { incomingEvent } from '@yanxiu/messaging/testing';
import type { DataSource } from 'typeorm';
import { reportingMigrations } from '../reporting.data-source.js';
import { TeacherCountProjection } from './teacher-count.projection.js';
import { TeacherCountRepository } from './teacher-count.repository.js';

const created = (teacherId: string, orgPath: string) =>
  incomingEvent(Topics.teacherCreated, teacherContract.TeacherCreated.encode({ teacherId, orgId: 'x', orgPath, stage: 3, subject: '数学', gender: 1, status: 1 }).finish());
const departed = (teacherId: string, orgPath: string, statusVersion: number) =>
  incomingEvent(Topics.teacherDeparted, transferContract.TeacherDeparted.encode({ teacherId, orgId: 'x', orgPath, departedAt: new Date().toISOString(), statusVersion }).finish());
const retired = (teacherId: string, orgPath: string, statusVersion: number) =>
  incomingEvent(Topics.teacherRetired, rosterContract.TeacherRetired.encode({ teacherId, orgId: 'x', orgPath, retiredAt: new Date().toISOString(), statusVersion }).finish());
const transferred = (teacherId: string, fromOrgPath: string, toOrgPath: string, statusVersion: number, kind = transferContract.TransferKind.TRANSFER_KIND_WITHIN_CITY) =>
  incomingEvent(
    Topics.teacherTransferred,
    transferContract.TeacherTransferred.encode({ teacherId, fromOrgId: 'x', fromOrgPath, toOrgId: 'y', toOrgPath, kind, transferredAt: new Date().toISOString(), statusVersion }).finish(),
  );

describe('teacher counts follow transfers and departures', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  const repo = new TeacherCountRepository();
  const projection = new TeacherCountProjection(repo);
  // Each call is its own event (fresh event id): the inbox would not catch a replay, the schema must.
  const apply = (e: IncomingEvent) => dataSource.transaction((manager) => projection.apply(e, manager));
  const totals = async (...paths: string[]) => Promise.all(paths.map(async (p) => (await repo.countsFor(dataSource.manager, p)).total));

  beforeAll(async () => {
    ({ db, dataSource } = await migratedTestDatabase('reporting', reportingMigrations));
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('moves a teacher between counties, decrementing only the ancestors that differ, exactly once', async () => {
    const [a, b] = ['/37/3701/370102/S0001', '/37/3701/370103/S0003'];
    const t = randomUUID();
    await apply(created(t, a));
    await apply(created(randomUUID(), a));
    const move = transferred(t, a, b, 1);
    await apply(move);
    await apply({ ...move, id: randomUUID() });
    expect(await totals(a, '/37/3701/370102', b, '/37/3701/370103', '/37/3701', '/37')).toEqual([1, 1, 1, 1, 2, 2]);
    expect(await repo.countsFor(dataSource.manager, b)).toEqual({ direct: 1, total: 1 });
  });

  it('counts a departure out everywhere and a pull from the departed pool back in at the new unit, each once', async () => {
    const [qingdao, jinan] = ['/37/3702/370202/S0004', '/37/3701/370102/S0005'];
    const t = randomUUID();
    await apply(created(t, qingdao));
    expect(await totals(qingdao, '/37/3702', '/37')).toEqual([1, 1, 3]);
    await apply(departed(t, qingdao, 1));
    await apply(departed(t, qingdao, 1));
    expect(await totals(qingdao, '/37/3702', '/37')).toEqual([0, 0, 2]);
    await apply(transferred(t, qingdao, jinan, 2, transferContract.TransferKind.TRANSFER_KIND_FROM_DEPARTED_POOL));
    await apply(transferred(t, qingdao, jinan, 2, transferContract.TransferKind.TRANSFER_KIND_FROM_DEPARTED_POOL));
    // A stale replay of the departure (older version) after the pull changes nothing.
    await apply(departed(t, qingdao, 1));
    expect(await totals(qingdao, '/37/3702', jinan, '/37/3701/370102', '/37/3701', '/37')).toEqual([0, 0, 1, 2, 3, 3]);
  });

  it('lands on the latest state whatever order the three topics deliver in', async () => {
    const [a, b] = ['/37/3703/370302/S0006', '/37/3703/370303/S0007'];
    const t = randomUUID();
    // Transfer (v2) first, then the departure (v1) and the creation it followed.
    await apply(transferred(t, a, b, 2, transferContract.TransferKind.TRANSFER_KIND_FROM_DEPARTED_POOL));
    await apply(departed(t, a, 1));
    await apply(created(t, a));
    expect(await totals(a, b, '/37/3703')).toEqual([0, 1, 1]);
  });

  it('counts a retirement out everywhere, once, also straight from the departed pool', async () => {
    const school = '/37/3704/370402/S0008';
    const [t, u] = [randomUUID(), randomUUID()];
    await apply(created(t, school));
    await apply(created(u, school));
    await apply(retired(t, school, 1));
    await apply(retired(t, school, 1));
    expect(await totals(school, '/37/3704')).toEqual([1, 1]);
    await apply(departed(u, school, 1));
    await apply(retired(u, school, 2));
    // A stale departure arriving after the retirement changes nothing.
    await apply(departed(u, school, 1));
    expect(await totals(school, '/37/3704', '/37')).toEqual([0, 0, expect.any(Number)]);
    expect(await repo.countsFor(dataSource.manager, school)).toEqual({ direct: 0, total: 0 });
  });
});
