import { randomBytes } from 'node:crypto';
import type { Principal } from '@yanxiu/auth';
import { migratedTestDatabase, type TestDatabase } from '@yanxiu/database';
import type { DataSource } from 'typeorm';
import { identityMigrations } from '../identity.data-source.js';
import { CreateOrgUseCase } from '../orgs/create-org.use-case.js';
import { seededOrgId } from '../orgs/org-id.js';
import { OrgRepository } from '../orgs/org.repository.js';
import { checkCharacter } from './id-number.js';
import { CreateTeacherUseCase } from './create-teacher.use-case.js';
import { PersonalDataCipher } from './personal-data-cipher.js';
import { TeacherRepository } from './teacher.repository.js';

const cityAdmin: Principal = { subject: 'u1', username: 'city-admin', roles: ['city-admin'], orgPath: '/37/3701', token: 't' };
const otherCityAdmin: Principal = { ...cityAdmin, orgPath: '/37/3702' };
const idNumber = (seq: number) => {
  const first17 = `370102198807${String(10 + (seq % 18)).padStart(2, '0')}${String(seq % 1000).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
};

describe('roster writes on the real database', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let orgs: CreateOrgUseCase;
  let teachers: CreateTeacherUseCase;
  const cipher = new PersonalDataCipher(randomBytes(32).toString('hex'), randomBytes(32).toString('hex'));

  beforeAll(async () => {
    ({ db, dataSource } = await migratedTestDatabase('identity', identityMigrations));
    orgs = new CreateOrgUseCase(dataSource, new OrgRepository());
    teachers = new CreateTeacherUseCase(dataSource, new OrgRepository(), new TeacherRepository(), cipher);
    await orgs.seed([
      { code: '37', name: '山东省', level: 'province', parentPath: null },
      { code: '3701', name: '济南市', level: 'city', parentPath: '/37' },
    ]);
  });

  afterAll(async () => {
    await db?.drop();
  });

  const outboxCount = async () => Number((await dataSource.query<{ n: string }[]>('SELECT COUNT(*) AS n FROM outbox'))[0]?.n);

  it('writes each org and teacher with its event in one transaction, personal data sealed', async () => {
    const before = await outboxCount();
    const county = await orgs.execute(cityAdmin, { parentId: seededOrgId('/37/3701'), code: '370102', name: '历下区', level: 'county' });
    const school = await orgs.execute(cityAdmin, { parentId: county.id, code: 'S0001', name: '第一实验小学', level: 'school' });
    const teacher = await teachers.execute(cityAdmin, { orgId: school.id, name: '李娜', idNumber: idNumber(1), gender: 'female', stage: 'primary', subject: '语文', title: '', phone: '13900000000' });
    expect(await outboxCount()).toBe(before + 3);

    const [row] = await dataSource.query<Record<string, unknown>[]>('SELECT * FROM teachers WHERE id = ?', [teacher.id]);
    expect(JSON.stringify(row)).not.toContain(idNumber(1));
    expect(JSON.stringify(row)).not.toContain('13900000000');
    expect(cipher.decrypt(row?.id_number_enc as Buffer)).toBe(idNumber(1));
    expect(row?.id_number_masked).toBe(`370102********${idNumber(1).slice(14)}`);
  });

  it('refuses duplicates and out-of-jurisdiction writes without leaving a row or an event behind', async () => {
    const before = await outboxCount();
    const school = (await new OrgRepository().findByPath(dataSource.manager, '/37/3701/370102/S0001'))!;
    await expect(teachers.execute(cityAdmin, { orgId: school.id, name: '李娜', idNumber: idNumber(1), gender: 'female', stage: 'primary', subject: '语文', title: '', phone: '' })).rejects.toMatchObject({ code: 'teacher_exists' });
    await expect(teachers.execute(otherCityAdmin, { orgId: school.id, name: '赵强', idNumber: idNumber(2), gender: 'male', stage: 'primary', subject: '数学', title: '', phone: '' })).rejects.toMatchObject({ code: 'out_of_jurisdiction' });
    await expect(orgs.execute(cityAdmin, { parentId: school.id, code: 'S0002', name: 'x', level: 'school' })).rejects.toMatchObject({ code: 'org_level_not_allowed' });
    await expect(orgs.execute(cityAdmin, { parentId: seededOrgId('/37/3701'), code: '370102', name: '重复', level: 'county' })).rejects.toMatchObject({ code: 'org_exists' });
    expect(await outboxCount()).toBe(before);
  });

  it('emits no second event when the seed runs again', async () => {
    const before = await outboxCount();
    await orgs.seed([{ code: '37', name: '山东省', level: 'province', parentPath: null }]);
    expect(await outboxCount()).toBe(before);
  });
});
