import { randomBytes } from 'node:crypto';
import type { AdminRole, Principal } from '@yanxiu/auth';
import { transfer as transferContract, Topics } from '@yanxiu/contracts';
import { createDataSource, createTestDatabase, runMigrations, type TestDatabase } from '@yanxiu/database';
import type { DataSource } from 'typeorm';
import { identityMigrations } from '../identity.data-source.js';
import { CreateOrgUseCase } from '../orgs/create-org.use-case.js';
import { seededOrgId } from '../orgs/org-id.js';
import type { OrgRecord } from '../orgs/org.repository.js';
import { OrgRepository } from '../orgs/org.repository.js';
import { CreateTeacherUseCase } from '../teachers/create-teacher.use-case.js';
import { checkCharacter } from '../teachers/id-number.js';
import { PersonalDataCipher } from '../teachers/personal-data-cipher.js';
import { TeacherRepository, type TeacherRecord } from '../teachers/teacher.repository.js';
import { DepartTeacherUseCase, GetTeacherTransfersUseCase, TransferTeacherUseCase } from './transfer-teacher.use-case.js';
import { TransferRepository } from './transfer.repository.js';

const admin = (role: AdminRole, orgPath: string, username: string = role): Principal => ({ subject: `sub-${username}`, username, roles: [role], orgPath, token: 't' });
const province = admin('province-admin', '/37');
const jinanAdmin = admin('city-admin', '/37/3701');
const lixiaAdmin = admin('county-admin', '/37/3701/370102');
let seq = 100;
const idNumber = () => {
  seq++;
  const first17 = `370102199001${String(10 + (seq % 18)).padStart(2, '0')}${String(seq % 1000).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
};

describe('departures and transfers on the real database', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let createTeacher: CreateTeacherUseCase;
  let transfer: TransferTeacherUseCase;
  let depart: DepartTeacherUseCase;
  let history: GetTeacherTransfersUseCase;
  const units: Record<string, OrgRecord> = {};

  beforeAll(async () => {
    db = await createTestDatabase('identity');
    dataSource = await createDataSource({ ...db.options, migrations: identityMigrations }).initialize();
    await runMigrations(dataSource);
    const orgRepo = new OrgRepository();
    const teacherRepo = new TeacherRepository();
    const transferRepo = new TransferRepository();
    const orgs = new CreateOrgUseCase(dataSource, orgRepo);
    createTeacher = new CreateTeacherUseCase(dataSource, orgRepo, teacherRepo, new PersonalDataCipher(randomBytes(32).toString('hex'), randomBytes(32).toString('hex')));
    transfer = new TransferTeacherUseCase(dataSource, orgRepo, teacherRepo, transferRepo);
    depart = new DepartTeacherUseCase(dataSource, teacherRepo, transferRepo);
    history = new GetTeacherTransfersUseCase(dataSource, teacherRepo, transferRepo);
    await orgs.seed([
      { code: '37', name: '山东省', level: 'province', parentPath: null },
      { code: '3701', name: '济南市', level: 'city', parentPath: '/37' },
      { code: '3702', name: '青岛市', level: 'city', parentPath: '/37' },
    ]);
    for (const [city, county, schools] of [['3701', '370102', ['S0001', 'S0002']], ['3701', '370103', ['S0003']], ['3702', '370202', ['S0004']]] as const) {
      const c = await orgs.execute(province, { parentId: seededOrgId(`/37/${city}`), code: county, name: county, level: 'county' });
      for (const s of schools) units[s] = await orgs.execute(province, { parentId: c.id, code: s, name: s, level: 'school' });
    }
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  const newTeacher = (school: string): Promise<TeacherRecord> =>
    createTeacher.execute(province, { orgId: units[school]!.id, name: '王芳', idNumber: idNumber(), gender: 'female', stage: 'primary', subject: '数学', title: '', phone: '' });
  const outbox = async (topic: string) =>
    dataSource.query<{ payload: Buffer }[]>('SELECT payload FROM outbox WHERE topic = ? ORDER BY seq', [topic]).then((rows) => rows.map((r) => Buffer.from(r.payload)));
  const transfersOf = async (teacherId: string) => Number((await dataSource.query<{ n: string }[]>('SELECT COUNT(*) AS n FROM teacher_transfers WHERE teacher_id = ?', [teacherId]))[0]?.n);

  it('commits the teacher row, the history row and the event together', async () => {
    const teacher = await newTeacher('S0001');
    const before = (await outbox(Topics.teacherTransferred)).length;
    const moved = await transfer.execute(jinanAdmin, { teacherId: teacher.id, targetOrgId: units.S0003!.id });
    expect(moved.teacher).toMatchObject({ orgId: units.S0003!.id, orgPath: '/37/3701/370103/S0003', status: 'in_service' });
    expect(moved.transfer).toMatchObject({ kind: 'within_city', fromOrgPath: '/37/3701/370102/S0001', byUsername: 'city-admin', statusVersion: 1 });

    const events = await outbox(Topics.teacherTransferred);
    expect(events).toHaveLength(before + 1);
    expect(transferContract.TeacherTransferred.decode(events.at(-1)!)).toMatchObject({
      teacherId: teacher.id,
      fromOrgPath: '/37/3701/370102/S0001',
      toOrgPath: '/37/3701/370103/S0003',
      kind: transferContract.TransferKind.TRANSFER_KIND_WITHIN_CITY,
      statusVersion: 1,
    });
    await expect(history.execute(jinanAdmin, teacher.id)).resolves.toEqual([expect.objectContaining({ id: moved.transfer.id, toOrgId: units.S0003!.id })]);
  });

  it('leaves nothing behind when a transfer is refused', async () => {
    const teacher = await newTeacher('S0001');
    const before = (await outbox(Topics.teacherTransferred)).length;
    await expect(transfer.execute(lixiaAdmin, { teacherId: teacher.id, targetOrgId: units.S0003!.id })).rejects.toMatchObject({ code: 'transfer_not_allowed' });
    await expect(transfer.execute(jinanAdmin, { teacherId: teacher.id, targetOrgId: units.S0004!.id })).rejects.toMatchObject({ code: 'transfer_not_allowed' });
    await expect(transfer.execute(admin('school-admin', '/37/3701/370102/S0002'), { teacherId: teacher.id, targetOrgId: units.S0002!.id })).rejects.toMatchObject({ code: 'transfer_not_allowed' });
    await expect(transfer.execute(province, { teacherId: teacher.id, targetOrgId: units.S0001!.id })).rejects.toMatchObject({ code: 'invalid_argument' });
    await expect(transfer.execute(province, { teacherId: teacher.id, targetOrgId: seededOrgId('/37/3701') })).rejects.toMatchObject({ code: 'org_level_not_allowed' });
    await dataSource.query("UPDATE teachers SET status = 'retired' WHERE id = ?", [teacher.id]);
    await expect(transfer.execute(province, { teacherId: teacher.id, targetOrgId: units.S0002!.id })).rejects.toMatchObject({ code: 'teacher_not_transferable' });

    expect((await outbox(Topics.teacherTransferred)).length).toBe(before);
    expect(await transfersOf(teacher.id)).toBe(0);
    const [row] = await dataSource.query<{ org_path: string; status_version: number }[]>('SELECT org_path, status_version FROM teachers WHERE id = ?', [teacher.id]);
    expect(row).toMatchObject({ org_path: '/37/3701/370102/S0001', status_version: 0 });
  });

  it('puts a departed teacher in the pool at their last unit, from where any school admin may pull them in', async () => {
    const teacher = await newTeacher('S0004');
    const departed = await depart.execute(admin('school-admin', '/37/3702/370202/S0004'), teacher.id);
    expect(departed).toMatchObject({ status: 'departed', orgPath: '/37/3702/370202/S0004' });
    expect(transferContract.TeacherDeparted.decode((await outbox(Topics.teacherDeparted)).at(-1)!)).toMatchObject({ teacherId: teacher.id, orgPath: '/37/3702/370202/S0004', statusVersion: 1 });
    await expect(depart.execute(province, teacher.id)).rejects.toMatchObject({ code: 'teacher_not_transferable' });
    await expect(depart.execute(jinanAdmin, (await newTeacher('S0004')).id)).rejects.toMatchObject({ code: 'out_of_jurisdiction' });

    const pulled = await transfer.execute(admin('school-admin', '/37/3701/370102/S0001'), { teacherId: teacher.id, targetOrgId: units.S0001!.id });
    expect(pulled.teacher).toMatchObject({ status: 'in_service', orgPath: '/37/3701/370102/S0001' });
    expect(pulled.transfer).toMatchObject({ kind: 'from_departed_pool', fromOrgPath: '/37/3702/370202/S0004', statusVersion: 2 });
  });

  it('serialises two admins pulling the same departed teacher at once: one wins, the other sees an in-service teacher', async () => {
    const teacher = await newTeacher('S0004');
    await depart.execute(province, teacher.id);
    const before = (await outbox(Topics.teacherTransferred)).length;
    const results = await Promise.allSettled([
      transfer.execute(admin('school-admin', '/37/3701/370102/S0001', 's1'), { teacherId: teacher.id, targetOrgId: units.S0001!.id }),
      transfer.execute(admin('school-admin', '/37/3701/370102/S0002', 's2'), { teacherId: teacher.id, targetOrgId: units.S0002!.id }),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    // The loser decided on the winner's committed state: the teacher is in service again, out of a school admin's reach.
    expect(lost[0]!.reason).toMatchObject({ code: 'transfer_not_allowed' });
    expect(await transfersOf(teacher.id)).toBe(1);
    expect((await outbox(Topics.teacherTransferred)).length).toBe(before + 1);
  });

  it('serialises two concurrent in-service moves: the second starts from where the first left the teacher', async () => {
    const teacher = await newTeacher('S0001');
    await Promise.all([
      transfer.execute(jinanAdmin, { teacherId: teacher.id, targetOrgId: units.S0002!.id }),
      transfer.execute(jinanAdmin, { teacherId: teacher.id, targetOrgId: units.S0003!.id }),
    ]);
    const steps = await history.execute(province, teacher.id);
    expect(steps).toHaveLength(2);
    expect(steps[1]!.fromOrgPath).toBe(steps[0]!.toOrgPath);
    expect(steps.map((s) => s.statusVersion)).toEqual([1, 2]);
  });
});
