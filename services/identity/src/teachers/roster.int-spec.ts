import { randomBytes } from 'node:crypto';
import type { AdminRole, Principal } from '@yanxiu/auth';
import { roster, Topics } from '@yanxiu/contracts';
import { migratedTestDatabase, type TestDatabase } from '@yanxiu/database';
import type { DataSource } from 'typeorm';
import { identityMigrations } from '../identity.data-source.js';
import { CreateOrgUseCase } from '../orgs/create-org.use-case.js';
import { seededOrgId } from '../orgs/org-id.js';
import { OrgRepository, type OrgRecord } from '../orgs/org.repository.js';
import { TransferRepository } from '../transfers/transfer.repository.js';
import { DepartTeacherUseCase, type TransferTeacherUseCase } from '../transfers/transfer-teacher.use-case.js';
import { transferTeacherUseCase } from '../transfers/transfer.spec-helper.js';
import { CreateTeacherUseCase, GetTeacherUseCase } from './create-teacher.use-case.js';
import { checkCharacter } from './id-number.js';
import { ListTeachersUseCase, type ListTeachersCommand } from './list-teachers.use-case.js';
import { PersonalDataReadRepository } from './personal-data-read.repository.js';
import { ListPersonalDataReadsUseCase, RevealTeacherPersonalDataUseCase } from './personal-data.use-case.js';
import { PersonalDataCipher } from './personal-data-cipher.js';
import { RetireTeacherUseCase } from './retire-teacher.use-case.js';
import { RosterRepository } from './roster.repository.js';
import { TeacherRepository, type TeacherRecord } from './teacher.repository.js';
import { UpdateTeacherUseCase } from './update-teacher.use-case.js';

const admin = (role: AdminRole, orgPath: string, username: string = role): Principal => ({ subject: `sub-${username}`, username, roles: [role], orgPath, token: 't' });
const province = admin('province-admin', '/37');
const jinan = admin('city-admin', '/37/3701');
const qingdao = admin('city-admin', '/37/3702', 'qingdao-admin');
const lixia = admin('county-admin', '/37/3701/370102');
const schoolAdmin = admin('school-admin', '/37/3701/370102/S0001');

let seq = 200;
const idNumber = (county = '370102') => {
  seq++;
  const first17 = `${county}1985${String(1 + (seq % 12)).padStart(2, '0')}${String(10 + (seq % 18))}${String(seq % 1000).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
};
const withWrongCheck = (id: string) => `${id.slice(0, 17)}${id[17] === '0' ? '1' : '0'}`;
const noFilters: ListTeachersCommand = { orgId: '', status: null, stage: null, subject: '', name: '', idNumber: '', pageSize: 0, pageToken: '' };

describe('roster reads, corrections, retirement and the audited reveal, on the real database', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let cipher: PersonalDataCipher;
  let createTeacher: CreateTeacherUseCase;
  let list: ListTeachersUseCase;
  let update: UpdateTeacherUseCase;
  let retire: RetireTeacherUseCase;
  let reveal: RevealTeacherPersonalDataUseCase;
  let reads: ListPersonalDataReadsUseCase;
  let getTeacher: GetTeacherUseCase;
  let depart: DepartTeacherUseCase;
  let transfer: TransferTeacherUseCase;
  const units: Record<string, OrgRecord> = {};

  beforeAll(async () => {
    ({ db, dataSource } = await migratedTestDatabase('identity_roster', identityMigrations));
    cipher = new PersonalDataCipher(randomBytes(32).toString('hex'), randomBytes(32).toString('hex'));
    const orgRepo = new OrgRepository();
    const teacherRepo = new TeacherRepository();
    const transferRepo = new TransferRepository();
    const rosterRepo = new RosterRepository();
    const readRepo = new PersonalDataReadRepository();
    createTeacher = new CreateTeacherUseCase(dataSource, orgRepo, teacherRepo, cipher);
    list = new ListTeachersUseCase(dataSource, orgRepo, rosterRepo, cipher);
    update = new UpdateTeacherUseCase(dataSource, rosterRepo, cipher);
    retire = new RetireTeacherUseCase(dataSource, teacherRepo, transferRepo);
    reveal = new RevealTeacherPersonalDataUseCase(dataSource, teacherRepo, readRepo, cipher);
    reads = new ListPersonalDataReadsUseCase(dataSource, teacherRepo, readRepo);
    getTeacher = new GetTeacherUseCase(dataSource, teacherRepo, cipher);
    depart = new DepartTeacherUseCase(dataSource, teacherRepo, transferRepo);
    transfer = transferTeacherUseCase(dataSource);
    const orgs = new CreateOrgUseCase(dataSource, orgRepo);
    await orgs.seed([
      { code: '37', name: '山东省', level: 'province', parentPath: null },
      { code: '3701', name: '济南市', level: 'city', parentPath: '/37' },
      { code: '3702', name: '青岛市', level: 'city', parentPath: '/37' },
    ]);
    for (const [city, county, schools] of [['3701', '370102', ['S0001', 'S0002']], ['3702', '370202', ['S0003']]] as const) {
      const c = await orgs.execute(province, { parentId: seededOrgId(`/37/${city}`), code: county, name: county, level: 'county' });
      for (const s of schools) units[s] = await orgs.execute(province, { parentId: c.id, code: s, name: s, level: 'school' });
    }
  });

  afterAll(async () => {
    await db?.drop();
  });

  const add = (school: string, fields: Partial<{ name: string; idNumber: string; stage: 'high' | 'middle' | 'primary' | 'kindergarten'; subject: string; phone: string }> = {}) =>
    createTeacher.execute(province, {
      orgId: units[school]!.id,
      name: fields.name ?? '王芳',
      idNumber: fields.idNumber ?? idNumber(school === 'S0003' ? '370202' : '370102'),
      gender: 'female',
      stage: fields.stage ?? 'primary',
      subject: fields.subject ?? '数学',
      title: '',
      phone: fields.phone ?? '',
    });
  const outbox = (topic: string) =>
    dataSource.query<{ payload: Buffer }[]>('SELECT payload FROM outbox WHERE topic = ? ORDER BY seq', [topic]).then((rows) => rows.map((r) => Buffer.from(r.payload)));
  const row = async (id: string) =>
    (await dataSource.query<{ id_number_enc: Buffer; id_number_hash: string; id_number_masked: string; revision: number; status_version: number; status_changed_at: Date | null }[]>(
      'SELECT id_number_enc, id_number_hash, id_number_masked, revision, status_version, status_changed_at FROM teachers WHERE id = ?',
      [id],
    ))[0]!;

  describe('ListTeachers', () => {
    let mine: TeacherRecord[];

    beforeAll(async () => {
      mine = [
        await add('S0002', { name: '张三丰', subject: '语文' }),
        await add('S0002', { name: '张无忌', subject: '数学', stage: 'middle' }),
        await add('S0002', { name: '百分%之_百', subject: '数学' }),
        await add('S0002', { name: '李四', subject: '数学' }),
        await add('S0002', { name: '王五', subject: '数学' }),
      ];
      await depart.execute(province, mine[4]!.id);
    });

    const s0002 = () => ({ ...noFilters, orgId: units.S0002!.id });
    const names = (page: { items: TeacherRecord[] }) => page.items.map((t) => t.name);

    it('filters by status, stage, subject and a name substring, LIKE characters taken literally', async () => {
      expect(names(await list.execute(lixia, { ...s0002(), name: '张' }))).toEqual(['张三丰', '张无忌']);
      expect(names(await list.execute(lixia, { ...s0002(), name: '%' }))).toEqual(['百分%之_百']);
      expect(names(await list.execute(lixia, { ...s0002(), name: '_' }))).toEqual(['百分%之_百']);
      expect((await list.execute(lixia, { ...s0002(), stage: 'middle' })).items.map((t) => t.id)).toEqual([mine[1]!.id]);
      expect((await list.execute(lixia, { ...s0002(), subject: '语文' })).total).toBe(1);
      expect(names(await list.execute(lixia, { ...s0002(), status: 'departed' }))).toEqual(['王五']);
      expect((await list.execute(lixia, { ...s0002(), status: 'in_service' })).total).toBe(4);
    });

    it('finds one teacher by the full ID number through its keyed hash, and refuses a malformed one', async () => {
      const wanted = await add('S0002', { name: '赵六' });
      const idOf = cipher.decrypt((await row(wanted.id)).id_number_enc);
      expect((await list.execute(province, { ...noFilters, idNumber: idOf })).items.map((t) => t.id)).toEqual([wanted.id]);
      await expect(list.execute(province, { ...noFilters, idNumber: withWrongCheck(idOf) })).rejects.toMatchObject({
        code: 'invalid_argument',
        message: expect.stringContaining('idNumber') as unknown,
      });
    });

    it('pages with tokens: every row once, in the one-page order, total on every page', async () => {
      const all = (await list.execute(province, { ...noFilters, pageSize: 500 })).items;
      const seen: TeacherRecord[] = [];
      let pageToken = '';
      do {
        const page = await list.execute(province, { ...noFilters, pageSize: 2, pageToken });
        expect(page.total).toBe(all.length);
        seen.push(...page.items);
        pageToken = page.nextPageToken;
      } while (pageToken);
      expect(seen.map((t) => t.id)).toEqual(all.map((t) => t.id));
      expect(new Set(seen.map((t) => t.id)).size).toBe(all.length);
      await expect(list.execute(province, { ...noFilters, pageToken: 'bm90LWEta2V5' })).rejects.toMatchObject({ code: 'invalid_argument' });
    });

    it('shows a city admin only their city, whatever the filters', async () => {
      await add('S0003', { name: '张青岛' });
      expect(names(await list.execute(qingdao, { ...noFilters, name: '张' }))).toEqual(['张青岛']);
      await expect(list.execute(qingdao, s0002())).rejects.toMatchObject({ code: 'out_of_jurisdiction' });
      await expect(list.execute({ ...schoolAdmin, roles: ['teacher'] }, noFilters)).rejects.toMatchObject({ code: 'role_not_allowed' });
    });
  });

  describe('UpdateTeacher', () => {
    it('corrects fields, re-validates, re-seals and re-hashes a corrected ID number, and emits the changed field names', async () => {
      const teacher = await add('S0001', { name: '王芳', phone: '13800000001' });
      const before = await row(teacher.id);
      const corrected = idNumber();
      const { teacher: updated, accountSync } = await update.execute(schoolAdmin, { id: teacher.id, name: ' 王 芳 ', idNumber: corrected, subject: '英语', phone: '' });
      expect(updated).toMatchObject({ name: '王 芳', subject: '英语', idNumberMasked: `${corrected.slice(0, 6)}********${corrected.slice(14)}`, phoneEnc: null });
      // Without Keycloak configured, the provisioning job syncs the account.
      expect(accountSync).toBe('owed');

      const after = await row(teacher.id);
      expect(cipher.decrypt(after.id_number_enc)).toBe(corrected);
      expect(after.id_number_hash).toBe(cipher.lookupHash(corrected));
      expect(after.id_number_hash).not.toBe(before.id_number_hash);
      expect(after.revision).toBe(1);
      expect(roster.TeacherUpdated.decode((await outbox(Topics.teacherUpdated)).at(-1)!)).toMatchObject({
        teacherId: teacher.id,
        orgPath: '/37/3701/370102/S0001',
        subject: '英语',
        changedFields: ['name', 'id_number', 'subject', 'phone'],
        revision: 1,
      });
      // Found by the new number, not the old one.
      expect((await list.execute(province, { ...noFilters, idNumber: corrected })).items.map((t) => t.id)).toEqual([teacher.id]);
    });

    it('refuses bad values with the field and the reason, and leaves the row untouched', async () => {
      const teacher = await add('S0001');
      await expect(update.execute(schoolAdmin, { id: teacher.id, idNumber: withWrongCheck(idNumber()) })).rejects.toMatchObject({ code: 'invalid_argument', message: 'idNumber: 身份证号校验位不正确' });
      await expect(update.execute(schoolAdmin, { id: teacher.id, phone: '12345' })).rejects.toMatchObject({ code: 'invalid_argument', message: expect.stringContaining('phone') as unknown });
      await expect(update.execute(schoolAdmin, { id: teacher.id, subject: '' })).rejects.toMatchObject({ code: 'invalid_argument', message: expect.stringContaining('subject') as unknown });
      await expect(update.execute(schoolAdmin, { id: teacher.id })).rejects.toMatchObject({ code: 'invalid_argument', message: expect.stringContaining('nothing to correct') as unknown });
      // A kindergarten teacher needs no subject.
      await expect(update.execute(schoolAdmin, { id: teacher.id, stage: 'kindergarten', subject: '' })).resolves.toMatchObject({ teacher: { stage: 'kindergarten', subject: '' }, accountSync: 'not_needed' });
      expect((await row(teacher.id)).revision).toBe(1);
    });

    it('refuses an ID number already on the roster, and a correction that changes nothing writes nothing', async () => {
      const first = await add('S0001');
      const second = await add('S0001');
      const taken = cipher.decrypt((await row(first.id)).id_number_enc);
      const events = (await outbox(Topics.teacherUpdated)).length;
      await expect(update.execute(schoolAdmin, { id: second.id, idNumber: taken })).rejects.toMatchObject({ code: 'teacher_exists' });
      await expect(update.execute(schoolAdmin, { id: first.id, idNumber: taken, name: first.name })).resolves.toMatchObject({ teacher: { id: first.id }, accountSync: 'not_needed' });
      expect((await outbox(Topics.teacherUpdated)).length).toBe(events);
      expect((await row(first.id)).revision).toBe(0);
      expect((await row(second.id)).revision).toBe(0);
    });

    it('refuses an admin of another subtree and a teacher', async () => {
      const teacher = await add('S0001');
      await expect(update.execute(qingdao, { id: teacher.id, title: '一级教师' })).rejects.toMatchObject({ code: 'out_of_jurisdiction' });
      await expect(update.execute(admin('school-admin', '/37/3701/370102/S0002'), { id: teacher.id, title: '一级教师' })).rejects.toMatchObject({ code: 'out_of_jurisdiction' });
      await expect(update.execute({ ...schoolAdmin, roles: ['teacher'] }, { id: teacher.id, title: '一级教师' })).rejects.toMatchObject({ code: 'role_not_allowed' });
      await expect(update.execute(province, { id: '00000000-0000-0000-0000-000000000000', title: 'x' })).rejects.toMatchObject({ code: 'teacher_not_found' });
    });
  });

  describe('RetireTeacher', () => {
    it('retires an in-service or departed teacher as a status step with its event; once only; never transferred after', async () => {
      const teacher = await add('S0001');
      const retired = await retire.execute(lixia, teacher.id);
      expect(retired).toMatchObject({ status: 'retired', orgPath: '/37/3701/370102/S0001' });
      const after = await row(teacher.id);
      expect(after.status_version).toBe(1);
      expect(after.status_changed_at).not.toBeNull();
      expect(roster.TeacherRetired.decode((await outbox(Topics.teacherRetired)).at(-1)!)).toMatchObject({ teacherId: teacher.id, orgPath: '/37/3701/370102/S0001', statusVersion: 1 });
      await expect(retire.execute(lixia, teacher.id)).rejects.toMatchObject({ code: 'teacher_status_conflict' });
      await expect(transfer.execute(province, { teacherId: teacher.id, targetOrgId: units.S0002!.id })).rejects.toMatchObject({ code: 'teacher_not_transferable' });

      const leaver = await add('S0001');
      await depart.execute(lixia, leaver.id);
      await expect(retire.execute(lixia, leaver.id)).resolves.toMatchObject({ status: 'retired' });
      expect((await row(leaver.id)).status_version).toBe(2);
      await expect(retire.execute(qingdao, (await add('S0001')).id)).rejects.toMatchObject({ code: 'out_of_jurisdiction' });
    });
  });

  describe('the reveal of personal data and its audit', () => {
    it('shows the full number and phone to a county admin, recording who, when, which teacher, why and where first', async () => {
      const teacher = await add('S0001', { phone: '13912345678' });
      const full = cipher.decrypt((await row(teacher.id)).id_number_enc);
      expect(teacher.idNumberMasked).toBe(`${full.slice(0, 6)}********${full.slice(14)}`);

      const shown = await reveal.execute(lixia, { id: teacher.id, reason: '学员账号无法登录，核对身份证号' });
      expect(shown).toEqual({ teacherId: teacher.id, idNumber: full, phone: '13912345678' });

      const [audit] = await dataSource.query<Record<string, unknown>[]>('SELECT * FROM personal_data_reads WHERE teacher_id = ?', [teacher.id]);
      expect(audit).toMatchObject({
        teacher_org_path: '/37/3701/370102/S0001',
        reader_subject: 'sub-county-admin',
        reader_username: 'county-admin',
        reader_role: 'county-admin',
        reader_org_path: '/37/3701/370102',
        fields: 'id_number,phone',
        reason: '学员账号无法登录，核对身份证号',
        endpoint: 'RevealTeacherPersonalData',
      });
      const event = roster.TeacherPersonalDataRead.decode((await outbox(Topics.teacherPersonalDataRead)).at(-1)!);
      expect(event).toMatchObject({ teacherId: teacher.id, readerSubject: 'sub-county-admin', readerRole: 'county-admin', fields: ['id_number', 'phone'] });
      // The event names no one by username (a teacher's username is their ID number) and carries no personal data.
      expect(Buffer.from(roster.TeacherPersonalDataRead.encode(event).finish()).toString('utf8')).not.toContain(full);
    });

    it('shows a teacher their own number, audited under their masked number; refuses city admins, other schools and missing reasons', async () => {
      const teacher = await add('S0001');
      const full = cipher.decrypt((await row(teacher.id)).id_number_enc);
      const self: Principal = { subject: 'sub-self', username: full.toLowerCase(), roles: ['teacher'], orgPath: '/37/3701/370102/S0001', token: 't' };
      await expect(reveal.execute(self, { id: teacher.id, reason: '本人查看' })).resolves.toMatchObject({ idNumber: full });
      await expect(getTeacher.execute(self, teacher.id)).resolves.toMatchObject({ id: teacher.id });
      const [audit] = await dataSource.query<{ reader_username: string; reader_role: string }[]>('SELECT reader_username, reader_role FROM personal_data_reads WHERE teacher_id = ?', [teacher.id]);
      expect(audit).toEqual({ reader_username: teacher.idNumberMasked, reader_role: 'self' });

      const colleague = await add('S0001');
      await expect(reveal.execute(self, { id: colleague.id, reason: '本人查看' })).rejects.toMatchObject({ code: 'role_not_allowed' });
      await expect(getTeacher.execute(self, colleague.id)).rejects.toMatchObject({ code: 'role_not_allowed' });
      await expect(reveal.execute(jinan, { id: teacher.id, reason: '核对' })).rejects.toMatchObject({ code: 'role_not_allowed' });
      await expect(reveal.execute(admin('school-admin', '/37/3701/370102/S0002'), { id: teacher.id, reason: '核对' })).rejects.toMatchObject({ code: 'out_of_jurisdiction' });
      await expect(reveal.execute(schoolAdmin, { id: teacher.id, reason: ' ' })).rejects.toMatchObject({ code: 'invalid_argument' });
      expect(await dataSource.query('SELECT id FROM personal_data_reads WHERE teacher_id IN (?, ?)', [teacher.id, colleague.id])).toHaveLength(1);
    });

    it('lists the reads of a subtree newest first for province and city admins only', async () => {
      const teacher = await add('S0001');
      await reveal.execute(schoolAdmin, { id: teacher.id, reason: '第一次' });
      await reveal.execute(lixia, { id: teacher.id, reason: '第二次' });
      const page = await reads.execute(province, { teacherId: teacher.id, pageSize: 0, pageToken: '' });
      expect(page.items.map((r) => r.reason)).toEqual(['第二次', '第一次']);
      expect((await reads.execute(jinan, { teacherId: '', pageSize: 500, pageToken: '' })).items.every((r) => r.teacherOrgPath.startsWith('/37/3701/'))).toBe(true);
      expect((await reads.execute(qingdao, { teacherId: '', pageSize: 500, pageToken: '' })).total).toBe(0);
      await expect(reads.execute(qingdao, { teacherId: teacher.id, pageSize: 0, pageToken: '' })).rejects.toMatchObject({ code: 'out_of_jurisdiction' });
      await expect(reads.execute(lixia, { teacherId: '', pageSize: 0, pageToken: '' })).rejects.toMatchObject({ code: 'role_not_allowed' });
    });
  });
});
