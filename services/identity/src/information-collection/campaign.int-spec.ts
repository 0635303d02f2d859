import { randomBytes } from 'node:crypto';
import type { AdminRole, Principal } from '@yanxiu/auth';
import { informationCollection as ic, Topics } from '@yanxiu/contracts';
import { migratedTestDatabase, type TestDatabase } from '@yanxiu/database';
import type { DataSource } from 'typeorm';
import { identityMigrations } from '../identity.data-source.js';
import { CreateOrgUseCase } from '../orgs/create-org.use-case.js';
import { seededOrgId } from '../orgs/org-id.js';
import { OrgRepository, type OrgRecord } from '../orgs/org.repository.js';
import { CreateTeacherUseCase } from '../teachers/create-teacher.use-case.js';
import { checkCharacter } from '../teachers/id-number.js';
import { PersonalDataCipher } from '../teachers/personal-data-cipher.js';
import { RosterRepository } from '../teachers/roster.repository.js';
import { TeacherRepository, type TeacherRecord } from '../teachers/teacher.repository.js';
import { UpdateTeacherUseCase } from '../teachers/update-teacher.use-case.js';
import { TransferRepository } from '../transfers/transfer.repository.js';
import { DepartTeacherUseCase, type TransferTeacherUseCase } from '../transfers/transfer-teacher.use-case.js';
import { transferTeacherUseCase } from '../transfers/transfer.spec-helper.js';
import type { CampaignRecord } from './campaign-rules.js';
import { CampaignRepository } from './campaign.repository.js';
import { CloseCampaignUseCase, GetCampaignUseCase, ListCampaignsUseCase, OpenCampaignUseCase, type OpenCampaignCommand } from './campaign.use-case.js';
import { GetCompletenessUseCase, ListCampaignTeachersUseCase } from './completeness.use-case.js';
import { VerifyCampaignTeacherUseCase } from './verify-teacher.use-case.js';

const admin = (role: AdminRole, orgPath: string, username: string = role): Principal => ({ subject: `sub-${username}`, username, roles: [role], orgPath, token: 't' });
const province = admin('province-admin', '/37');
const jinan = admin('city-admin', '/37/3701');
const qingdao = admin('city-admin', '/37/3702', 'qingdao-admin');
const lixia = admin('county-admin', '/37/3701/370102');
const shizhong = admin('county-admin', '/37/3701/370103', 'shizhong-admin');
const s1Admin = admin('school-admin', '/37/3701/370102/S0001', 's1-admin');
const s2Admin = admin('school-admin', '/37/3701/370102/S0002', 's2-admin');

const DAY = 86_400_000;
const iso = (offsetDays: number) => new Date(Date.now() + offsetDays * DAY).toISOString();
let seq = 300;
const idNumber = () => {
  seq++;
  const first17 = `3701021988${String(1 + (seq % 12)).padStart(2, '0')}${String(10 + (seq % 18))}${String(seq % 1000).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
};

describe('information collection (信息采集) campaigns on the real database', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let open: OpenCampaignUseCase;
  let close: CloseCampaignUseCase;
  let get: GetCampaignUseCase;
  let list: ListCampaignsUseCase;
  let verify: VerifyCampaignTeacherUseCase;
  let completeness: GetCompletenessUseCase;
  let campaignTeachers: ListCampaignTeachersUseCase;
  let createTeacher: CreateTeacherUseCase;
  let update: UpdateTeacherUseCase;
  let depart: DepartTeacherUseCase;
  let transfer: TransferTeacherUseCase;
  const units: Record<string, OrgRecord> = {};

  beforeAll(async () => {
    ({ db, dataSource } = await migratedTestDatabase('identity_collection', identityMigrations));
    const cipher = new PersonalDataCipher(randomBytes(32).toString('hex'), randomBytes(32).toString('hex'));
    const orgRepo = new OrgRepository();
    const teacherRepo = new TeacherRepository();
    const transferRepo = new TransferRepository();
    const campaigns = new CampaignRepository();
    open = new OpenCampaignUseCase(dataSource, orgRepo, campaigns);
    close = new CloseCampaignUseCase(dataSource, campaigns);
    get = new GetCampaignUseCase(dataSource, campaigns);
    list = new ListCampaignsUseCase(dataSource, campaigns);
    verify = new VerifyCampaignTeacherUseCase(dataSource, campaigns, transferRepo);
    completeness = new GetCompletenessUseCase(dataSource, orgRepo, campaigns);
    campaignTeachers = new ListCampaignTeachersUseCase(dataSource, orgRepo, campaigns);
    createTeacher = new CreateTeacherUseCase(dataSource, orgRepo, teacherRepo, cipher);
    update = new UpdateTeacherUseCase(dataSource, new RosterRepository(), cipher);
    depart = new DepartTeacherUseCase(dataSource, teacherRepo, transferRepo);
    transfer = transferTeacherUseCase(dataSource);
    const orgs = new CreateOrgUseCase(dataSource, orgRepo);
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
    await db?.drop();
  });

  const add = (school: string): Promise<TeacherRecord> =>
    createTeacher.execute(province, { orgId: units[school]!.id, name: '李娜', idNumber: idNumber(), gender: 'female', stage: 'primary', subject: '语文', title: '', phone: '' });
  const outbox = (topic: string) =>
    dataSource.query<{ payload: Buffer }[]>('SELECT payload FROM outbox WHERE topic = ? ORDER BY seq', [topic]).then((rows) => rows.map((r) => Buffer.from(r.payload)));
  const command = (overrides: Partial<OpenCampaignCommand>): OpenCampaignCommand => ({ orgId: '', year: 2027, name: '2027年春季信息采集', startsAt: iso(-1), endsAt: iso(10), ...overrides });
  /** Moves a teacher's creation (or status change) to before every window: a teacher already on the roster. */
  const backdate = (id: string, column: 'created_at' | 'status_changed_at') => dataSource.query(`UPDATE teachers SET ${column} = ? WHERE id = ?`, [new Date(Date.now() - 400 * DAY), id]);
  const unitsOf = async (campaign: CampaignRecord, by: Principal, orgId = '') => completeness.execute(by, { campaignId: campaign.id, orgId, pageSize: 0, pageToken: '' });

  describe('opening and closing', () => {
    it('lets a city admin open over their city, with its event, and refuses what overlaps or is not theirs', async () => {
      const campaign = await open.execute(jinan, command({ year: 2026 }));
      expect(campaign).toMatchObject({ orgPath: '/37/3701', year: 2026, status: 'open', openedByUsername: 'city-admin' });
      expect(ic.CollectionCampaignOpened.decode((await outbox(Topics.collectionCampaignOpened)).at(-1)!).campaign).toMatchObject({ id: campaign.id, orgPath: '/37/3701', year: 2026 });

      // The province's campaign of the same year would cover Jinan's schools twice.
      await expect(open.execute(province, command({ year: 2026 }))).rejects.toMatchObject({ code: 'campaign_exists', message: expect.stringContaining('/37/3701') as unknown });
      await expect(open.execute(province, command({ year: 2026, orgId: seededOrgId('/37/3702') }))).resolves.toMatchObject({ orgPath: '/37/3702' });
      await expect(open.execute(jinan, command({ year: 2026 }))).rejects.toMatchObject({ code: 'campaign_exists' });
      await expect(open.execute(lixia, command({ year: 2026 }))).rejects.toMatchObject({ code: 'role_not_allowed' });
      await expect(open.execute(jinan, command({ year: 2026, orgId: seededOrgId('/37/3702') }))).rejects.toMatchObject({ code: 'out_of_jurisdiction' });
      await expect(open.execute(jinan, command({ year: 2025, endsAt: iso(-2) }))).rejects.toMatchObject({ code: 'invalid_argument', message: 'endsAt must be later than startsAt' });
      await expect(open.execute(jinan, command({ year: 2025, startsAt: '4月1日' }))).rejects.toMatchObject({ code: 'invalid_argument' });

      const closed = await close.execute(jinan, campaign.id);
      expect(closed).toMatchObject({ status: 'closed', closedByUsername: 'city-admin' });
      expect(ic.CollectionCampaignClosed.decode((await outbox(Topics.collectionCampaignClosed)).at(-1)!).campaign).toMatchObject({ id: campaign.id });
      await expect(close.execute(jinan, campaign.id)).rejects.toMatchObject({ code: 'campaign_not_active' });
      // Closed, but the year stays taken at that scope: one campaign per scope and year.
      await expect(open.execute(jinan, command({ year: 2026 }))).rejects.toMatchObject({ code: 'campaign_exists' });
    });

    it('shows each admin the campaigns over their org and inside their subtree, never another city’s', async () => {
      const mine = await open.execute(province, command({ year: 2024, orgId: seededOrgId('/37/3701') }));
      const theirs = await open.execute(province, command({ year: 2024, orgId: seededOrgId('/37/3702') }));
      await expect(get.execute(s1Admin, mine.id)).resolves.toMatchObject({ id: mine.id });
      await expect(get.execute(s1Admin, theirs.id)).rejects.toMatchObject({ code: 'out_of_jurisdiction' });
      const seenByLixia = (await list.execute(lixia, { status: null, pageSize: 0, pageToken: '' })).items;
      expect(seenByLixia.every((c) => c.orgPath === '/37/3701' || c.orgPath === '/37')).toBe(true);
      expect(seenByLixia.map((c) => c.id)).toContain(mine.id);
      expect((await list.execute(province, { status: 'closed', pageSize: 0, pageToken: '' })).items.every((c) => c.status === 'closed')).toBe(true);
      await expect(close.execute(lixia, mine.id)).rejects.toMatchObject({ code: 'out_of_jurisdiction' });
      await close.execute(province, mine.id);
      await close.execute(province, theirs.id);
    });
  });

  describe('verification and completeness', () => {
    let campaign: CampaignRecord;
    const t: Record<string, TeacherRecord> = {};

    beforeAll(async () => {
      // On the roster before the campaign: S0001 has a, b, c; S0002 has d; S0003 has e.
      for (const [name, school] of [['a', 'S0001'], ['b', 'S0001'], ['c', 'S0001'], ['d', 'S0002'], ['e', 'S0003']] as const) {
        t[name] = await add(school);
        await backdate(t[name].id, 'created_at');
      }
      // Left before the campaign: not a departure of this campaign.
      t.old = await add('S0001');
      await backdate(t.old.id, 'created_at');
      await depart.execute(province, t.old.id);
      await backdate(t.old.id, 'status_changed_at');

      campaign = await open.execute(jinan, command({ year: 2027 }));
    });

    it('verifies in-service teachers once, with an event, and counts per school what was verified, added and departed', async () => {
      const events = (await outbox(Topics.teacherVerified)).length;
      const verification = await verify.execute(s1Admin, { campaignId: campaign.id, teacherId: t.a!.id });
      expect(verification).toMatchObject({ teacherId: t.a!.id, orgPath: '/37/3701/370102/S0001', verifiedByUsername: 's1-admin' });
      await expect(verify.execute(lixia, { campaignId: campaign.id, teacherId: t.a!.id })).resolves.toEqual(verification);
      expect((await outbox(Topics.teacherVerified)).length).toBe(events + 1);
      expect(ic.TeacherVerified.decode((await outbox(Topics.teacherVerified)).at(-1)!)).toMatchObject({ campaignId: campaign.id, teacherId: t.a!.id, orgPath: '/37/3701/370102/S0001' });

      // Correct b (then verify), set c to 离职, add a new teacher f: the four tasks of 附件2.
      await update.execute(s1Admin, { id: t.b!.id, subject: '数学' });
      await verify.execute(s1Admin, { campaignId: campaign.id, teacherId: t.b!.id });
      await depart.execute(s1Admin, t.c!.id);
      t.f = await add('S0001');
      await verify.execute(s2Admin, { campaignId: campaign.id, teacherId: t.d!.id });

      const { totals, page } = await unitsOf(campaign, jinan);
      expect(page.items.map((u) => [u.org.code, u.inService, u.verified, u.added, u.departed])).toEqual([
        ['S0001', 3, 2, 1, 1],
        ['S0002', 1, 1, 0, 0],
        ['S0003', 1, 0, 0, 0],
      ]);
      expect(totals).toEqual({ units: 3, completeUnits: 1, inService: 5, verified: 3, added: 1, departed: 1 });
    });

    it('shows a county admin only their county’s schools and refuses another subtree', async () => {
      expect((await unitsOf(campaign, lixia)).page.items.map((u) => u.org.code)).toEqual(['S0001', 'S0002']);
      expect((await unitsOf(campaign, shizhong)).page.items.map((u) => u.org.code)).toEqual(['S0003']);
      expect((await unitsOf(campaign, jinan, units.S0002!.id)).totals).toMatchObject({ units: 1, completeUnits: 1 });
      await expect(unitsOf(campaign, shizhong, units.S0001!.id)).rejects.toMatchObject({ code: 'out_of_jurisdiction' });
      await expect(unitsOf(campaign, qingdao)).rejects.toMatchObject({ code: 'out_of_jurisdiction' });
    });

    it('lists a school’s teachers with their verification, to find who is left', async () => {
      const teachers = (verification: 'verified' | 'unverified' | null) =>
        campaignTeachers.execute(s1Admin, { campaignId: campaign.id, orgId: '', verification, name: '', pageSize: 0, pageToken: '' }).then((p) => p.items);
      expect((await teachers('unverified')).map((r) => r.teacher.id)).toEqual([t.f!.id]);
      expect((await teachers('verified')).map((r) => r.teacher.id).sort()).toEqual([t.a!.id, t.b!.id].sort());
      expect((await teachers(null)).every((r) => (r.verifiedAt !== null) === [t.a!.id, t.b!.id].includes(r.teacher.id))).toBe(true);
    });

    it('refuses departed teachers, teachers outside the scope and other subtrees', async () => {
      await expect(verify.execute(s1Admin, { campaignId: campaign.id, teacherId: t.c!.id })).rejects.toMatchObject({ code: 'teacher_status_conflict' });
      await expect(verify.execute(s1Admin, { campaignId: campaign.id, teacherId: t.d!.id })).rejects.toMatchObject({ code: 'out_of_jurisdiction' });
      const qingdaoTeacher = await add('S0004');
      await expect(verify.execute(province, { campaignId: campaign.id, teacherId: qingdaoTeacher.id })).rejects.toMatchObject({
        code: 'invalid_argument',
        message: expect.stringContaining("outside the campaign's scope") as unknown,
      });
      await expect(verify.execute(s1Admin, { campaignId: campaign.id, teacherId: '00000000-0000-0000-0000-000000000000' })).rejects.toMatchObject({ code: 'teacher_not_found' });
    });

    it('counts a verification at the unit it was made at: after a transfer the new school verifies again', async () => {
      await transfer.execute(lixia, { teacherId: t.a!.id, targetOrgId: units.S0002!.id });
      const before = (await unitsOf(campaign, lixia)).page.items.map((u) => [u.org.code, u.inService, u.verified]);
      expect(before).toEqual([
        ['S0001', 2, 1],
        ['S0002', 2, 1],
      ]);
      await expect(verify.execute(s2Admin, { campaignId: campaign.id, teacherId: t.a!.id })).resolves.toMatchObject({ orgPath: '/37/3701/370102/S0002' });
      expect((await unitsOf(campaign, lixia)).page.items.find((u) => u.org.code === 'S0002')).toMatchObject({ inService: 2, verified: 2 });
    });

    it('refuses verification outside the window and after the close', async () => {
      const later = await open.execute(province, command({ year: 2028, startsAt: iso(5), endsAt: iso(20) }));
      await expect(verify.execute(s1Admin, { campaignId: later.id, teacherId: t.f!.id })).rejects.toMatchObject({ code: 'campaign_not_active', message: expect.stringContaining('opens at') as unknown });
      await close.execute(jinan, campaign.id);
      await expect(verify.execute(s1Admin, { campaignId: campaign.id, teacherId: t.f!.id })).rejects.toMatchObject({ code: 'campaign_not_active', message: 'the campaign is closed' });
      // The record of what was done stays readable after the close.
      expect((await unitsOf(campaign, jinan)).totals).toMatchObject({ verified: 3, added: 1, departed: 1 });
    });
  });
});
