import { randomBytes, randomUUID } from 'node:crypto';
import { isWithinJurisdiction, type Principal } from '@yanxiu/auth';
import { Topics, workshop as contract } from '@yanxiu/contracts';
import { migratedTestDatabase, type TestDatabase } from '@yanxiu/database';
import fc from 'fast-check';
import type { DataSource } from 'typeorm';
import { ENROLLMENT_ROLES, type EnrollmentRecord, type EnrollmentRole, type EnrollmentStatus } from '../enrollment/enrollment.js';
import { EnrollmentRepository } from '../enrollment/enrollment.repository.js';
import { identityMigrations } from '../identity.data-source.js';
import { IdentityError, type IdentityErrorCode } from '../identity.error.js';
import { CreateOrgUseCase } from '../orgs/create-org.use-case.js';
import { seededOrgId } from '../orgs/org-id.js';
import { OrgRepository, type OrgRecord } from '../orgs/org.repository.js';
import { CreateTeacherUseCase } from '../teachers/create-teacher.use-case.js';
import { checkCharacter } from '../teachers/id-number.js';
import { PersonalDataCipher } from '../teachers/personal-data-cipher.js';
import { TeacherRepository } from '../teachers/teacher.repository.js';
import { CreateTrainingProjectUseCase } from '../training-projects/save-training-project.use-case.js';
import type { TrainingProjectRecord } from '../training-projects/training-project.js';
import { TrainingProjectRepository } from '../training-projects/training-project.repository.js';
import { projectSpec } from '../training-projects/training-project.spec-helper.js';
import type { WorkshopView } from './workshop.js';
import { WorkshopRepository } from './workshop.repository.js';
import { isWorkshopMember } from './workshop-rules.js';
import {
  CreateWorkshopUseCase,
  GetWorkshopUseCase,
  ListMyWorkshopsUseCase,
  ListWorkshopMembersUseCase,
  ListWorkshopsUseCase,
  ReplaceWorkshopHostsUseCase,
} from './workshop.use-case.js';

const admin = (role: Principal['roles'][number], orgPath: string): Principal => ({ subject: `sub-${role}@${orgPath}`, username: `${role}@${orgPath}`, roles: [role], orgPath, token: 't' });
const province = admin('province-admin', '/37');
const jinan = admin('city-admin', '/37/3701');
const qingdao = admin('city-admin', '/37/3702');
const lixia = admin('county-admin', '/37/3701/370102');
const shizhong = admin('county-admin', '/37/3701/370103');
const ADMINS = [province, jinan, qingdao, lixia, shizhong, admin('county-admin', '/37/3702/370202'), admin('school-admin', '/37/3701/370102/S0001')];

const UNITS = [
  { county: '370102', code: 'S0001' },
  { county: '370102', code: 'S0002' },
  { county: '370103', code: 'S0003' },
  { county: '370202', code: 'S0004' },
] as const;

let seq = 0;
const idNumber = () => {
  seq++;
  const first17 = `370102198${seq % 10}0${1 + (seq % 9)}${String(10 + (seq % 18)).padStart(2, '0')}${String(seq % 1000).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
};

async function refusal(promise: Promise<unknown>): Promise<IdentityErrorCode> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof IdentityError) return error.code;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('workshops on the real database', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  const orgs = new OrgRepository();
  const projects = new TrainingProjectRepository();
  const enrollment = new EnrollmentRepository();
  const workshops = new WorkshopRepository();
  const cipher = new PersonalDataCipher(randomBytes(32).toString('hex'), randomBytes(32).toString('hex'));
  const units: Record<string, OrgRecord> = {};
  const counties: Record<string, OrgRecord> = {};
  let createTeacher: CreateTeacherUseCase;
  let create: CreateWorkshopUseCase;
  let replace: ReplaceWorkshopHostsUseCase;
  let get: GetWorkshopUseCase;
  let list: ListWorkshopsUseCase;
  let members: ListWorkshopMembersUseCase;
  let mine: ListMyWorkshopsUseCase;
  let project: TrainingProjectRecord;
  let highProject: TrainingProjectRecord;
  const everyEnrollment: EnrollmentRecord[] = [];
  /** Teacher principals by teacher id: a teacher signs in with their ID number (lowercased by Keycloak). */
  const teacherLogins = new Map<string, Principal>();

  /** A roster teacher of `unit` enrolled in `project` with `role` and `subject`. */
  const participant = async (unit: string, role: EnrollmentRole, subject = '语文', status: EnrollmentStatus = 'enrolled', of: TrainingProjectRecord = project): Promise<string> => {
    const org = units[unit]!;
    const number = idNumber();
    const teacher = await createTeacher.execute(province, {
      orgId: org.id,
      name: `教师${seq}`,
      idNumber: number,
      gender: 'female',
      stage: of.stage,
      subject,
      title: '',
      phone: '',
    });
    const now = new Date();
    const row: EnrollmentRecord = {
      id: randomUUID(),
      projectId: of.id,
      teacherId: teacher.id,
      orgId: org.id,
      orgPath: org.path,
      subject,
      role,
      status,
      confirmation: 'pending',
      disputeNote: null,
      confirmedAt: null,
      version: 1,
      enrolledBy: 'fixture',
      enrolledAt: now,
      updatedAt: now,
    };
    await enrollment.insert(dataSource.manager, [row]);
    everyEnrollment.push(row);
    teacherLogins.set(teacher.id, { subject: `sub-${teacher.id}`, username: number.toLowerCase(), roles: ['teacher'], orgPath: org.path, token: 't' });
    return teacher.id;
  };
  const hosts = (unit: string, n: number, subject = '语文') => Promise.all(Array.from({ length: n }, () => participant(unit, 'workshop_host', subject)));

  beforeAll(async () => {
    ({ db, dataSource } = await migratedTestDatabase('identity_workshops', identityMigrations));
    const createOrg = new CreateOrgUseCase(dataSource, orgs);
    await createOrg.seed([
      { code: '37', name: '山东省', level: 'province', parentPath: null },
      { code: '3701', name: '济南市', level: 'city', parentPath: '/37' },
      { code: '3702', name: '青岛市', level: 'city', parentPath: '/37' },
    ]);
    for (const [code, name] of [['370102', '历下区'], ['370103', '市中区'], ['370202', '市南区']] as const) {
      counties[code] = await createOrg.execute(province, { parentId: seededOrgId(`/37/${code.slice(0, 4)}`), code, name, level: 'county' });
    }
    for (const u of UNITS) units[u.code] = await createOrg.execute(province, { parentId: counties[u.county]!.id, code: u.code, name: `${u.code}小学`, level: 'school' });
    createTeacher = new CreateTeacherUseCase(dataSource, orgs, new TeacherRepository(), cipher);
    const createProject = new CreateTrainingProjectUseCase(dataSource, orgs, projects);
    project = await createProject.execute(province, projectSpec('2031-04-18', 'primary'));
    highProject = await createProject.execute(province, projectSpec('2031-04-18', 'high'));
    create = new CreateWorkshopUseCase(dataSource, orgs, projects, enrollment, workshops);
    replace = new ReplaceWorkshopHostsUseCase(dataSource, projects, enrollment, workshops);
    get = new GetWorkshopUseCase(dataSource, enrollment, workshops, cipher);
    list = new ListWorkshopsUseCase(dataSource, orgs, workshops);
    members = new ListWorkshopMembersUseCase(dataSource, enrollment, workshops, cipher);
    mine = new ListMyWorkshopsUseCase(dataSource, enrollment, workshops, cipher);
  });

  afterAll(async () => {
    await db?.drop();
  });

  const outbox = async (topic: string) =>
    (await dataSource.query<{ message_key: string; payload: Buffer }[]>('SELECT message_key, payload FROM outbox WHERE topic = ? ORDER BY seq', [topic])).map((r) => ({ key: r.message_key, payload: r.payload }));

  let lixiaChinese: WorkshopView;
  let cityChinese: WorkshopView;
  let thematic: WorkshopView;

  it('lets a county admin create a subject workshop of the project with three appointed hosts of the county', async () => {
    const hostIds = await hosts('S0001', 2).then(async (two) => [...two, await participant('S0002', 'workshop_host')]);
    lixiaChinese = await create.execute(lixia, { projectId: project.id, orgId: counties['370102']!.id, subject: '语文', theme: '', hostTeacherIds: hostIds });
    expect(lixiaChinese).toMatchObject({ name: '历下区小学语文工作坊', kind: 'subject', subject: '语文', orgPath: '/37/3701/370102', stage: 'primary', projectYear: project.year, version: 1, createdBy: lixia.username });
    expect(lixiaChinese.hosts.map((h) => h.teacherId).sort()).toEqual([...hostIds].sort());
    expect(lixiaChinese.hosts.every((h) => /^\d{6}\*{8}\d{3}[\dX]$/.test(h.idNumberMasked))).toBe(true);

    const [event] = await outbox(Topics.workshopCreated);
    expect(event?.key).toBe(lixiaChinese.id);
    expect(contract.WorkshopCreated.decode(event!.payload).workshop).toMatchObject({ workshopId: lixiaChinese.id, projectYear: project.year, orgPath: '/37/3701/370102', subject: '语文', version: 1 });
    expect([...contract.WorkshopCreated.decode(event!.payload).workshop!.hostTeacherIds].sort()).toEqual([...hostIds].sort());
  });

  it('refuses hosts that are too few, not appointed, outside the area, of another subject or already hosting', async () => {
    const ok = await hosts('S0002', 3, '数学');
    const attempt = (who: Principal, hostTeacherIds: string[], change: Partial<{ orgId: string; subject: string; theme: string; projectId: string }> = {}) =>
      refusal(create.execute(who, { projectId: project.id, orgId: counties['370102']!.id, subject: '数学', theme: '', hostTeacherIds, ...change }));

    expect(await attempt(lixia, ok.slice(0, 2))).toBe('invalid_argument');
    expect(await attempt(lixia, [...ok.slice(0, 2), await participant('S0002', 'trainee', '数学')])).toBe('host_not_appointed');
    expect(await attempt(lixia, [...ok.slice(0, 2), await participant('S0002', 'workshop_host', '数学', 'withdrawn')])).toBe('host_not_appointed');
    expect(await attempt(lixia, [...ok.slice(0, 2), await participant('S0003', 'workshop_host', '数学')])).toBe('invalid_argument');
    expect(await attempt(lixia, [...ok.slice(0, 2), await participant('S0002', 'workshop_host', '英语')])).toBe('invalid_argument');
    expect(await attempt(lixia, [...ok.slice(0, 2), lixiaChinese.hosts[0]!.teacherId])).toBe('invalid_argument');
    expect(await attempt(lixia, ok, { subject: '语文' })).toBe('workshop_exists');
    expect(await attempt(lixia, ok, { subject: '美术' })).toBe('invalid_argument');
    // Who may: an admin over the area; a high-school workshop is the city's.
    expect(await attempt(shizhong, ok)).toBe('out_of_jurisdiction');
    expect(await attempt(admin('school-admin', '/37/3701/370102/S0002'), ok)).toBe('out_of_jurisdiction');
    expect(await attempt(teacherLogins.get(ok[0]!)!, ok)).toBe('role_not_allowed');
    expect(await attempt(lixia, ok, { projectId: highProject.id })).toBe('org_level_not_allowed');
    expect(await attempt(lixia, ok, { orgId: units.S0002!.id })).toBe('org_level_not_allowed');

    const maths = await create.execute(lixia, { projectId: project.id, orgId: counties['370102']!.id, subject: '数学', theme: '', hostTeacherIds: ok });
    expect(maths.name).toBe('历下区小学数学工作坊');
    expect(await attempt(lixia, await hosts('S0001', 3, '数学'))).toBe('workshop_exists');
  });

  it('lets a city admin run a city workshop and the province a thematic one, with hosts from their whole area', async () => {
    const cityHosts = [await participant('S0001', 'workshop_host'), await participant('S0003', 'workshop_host'), await participant('S0003', 'workshop_host')];
    expect(await refusal(create.execute(jinan, { projectId: project.id, orgId: seededOrgId('/37/3701'), subject: '语文', theme: '', hostTeacherIds: [...cityHosts.slice(0, 2), lixiaChinese.hosts[0]!.teacherId] }))).toBe('host_taken');
    cityChinese = await create.execute(jinan, { projectId: project.id, orgId: seededOrgId('/37/3701'), subject: '语文', theme: '', hostTeacherIds: cityHosts });
    expect(cityChinese.name).toBe('济南市小学语文工作坊');
    expect(await refusal(create.execute(lixia, { projectId: project.id, orgId: seededOrgId('/37/3701'), subject: '英语', theme: '', hostTeacherIds: cityHosts }))).toBe('out_of_jurisdiction');

    const anySubject = [await participant('S0004', 'workshop_host', '数学'), await participant('S0001', 'workshop_host', '英语'), await participant('S0003', 'workshop_host', '科学')];
    expect(await refusal(create.execute(jinan, { projectId: project.id, orgId: seededOrgId('/37'), subject: '', theme: '信息技术应用能力提升', hostTeacherIds: anySubject }))).toBe('out_of_jurisdiction');
    thematic = await create.execute(province, { projectId: project.id, orgId: seededOrgId('/37'), subject: '', theme: '信息技术应用能力提升', hostTeacherIds: anySubject });
    expect(thematic).toMatchObject({ kind: 'thematic', name: '信息技术应用能力提升专题工作坊', subject: '', orgPath: '/37' });
  });

  it('derives members from enrollment: exactly the enrolled trainees of the subject in the area, paged without repeats', async () => {
    // Generated participants of every unit, subject, role and status (hosts were made above).
    const generated = fc.sample(
      fc.record({
        unit: fc.constantFrom('S0001', 'S0002', 'S0003', 'S0004'),
        role: fc.constantFrom<EnrollmentRole>(...ENROLLMENT_ROLES.filter((r) => r !== 'workshop_host'), 'trainee', 'trainee'),
        subject: fc.constantFrom('语文', '数学', '英语'),
        status: fc.constantFrom<EnrollmentStatus>('enrolled', 'enrolled', 'enrolled', 'withdrawn'),
      }),
      { numRuns: 80, seed: 20310418 },
    );
    for (const g of generated) await participant(g.unit, g.role, g.subject, g.status);
    for (const unit of ['S0001', 'S0002', 'S0003', 'S0004']) await participant(unit, 'trainee', '语文');

    for (const w of [lixiaChinese, cityChinese, thematic]) {
      const expected = everyEnrollment.filter((e) => isWorkshopMember(w, e)).map((e) => e.teacherId).sort();
      expect(expected.length).toBeGreaterThan(0);
      const { memberCount } = await get.execute(province, w.id);
      expect(memberCount).toBe(expected.length);
      const walked: string[] = [];
      let pageToken = '';
      do {
        const page = await members.execute(province, { id: w.id, pageSize: 3, pageToken });
        expect(page.total).toBe(expected.length);
        walked.push(...page.items.map((m) => m.teacherId));
        pageToken = page.nextPageToken;
      } while (pageToken);
      expect([...walked].sort()).toEqual(expected);
      expect(new Set(walked).size).toBe(walked.length);
    }
    // The city workshop takes the county's members too; the thematic one takes every subject.
    const lixiaMembers = everyEnrollment.filter((e) => isWorkshopMember(lixiaChinese, e));
    expect(lixiaMembers.every((e) => isWorkshopMember(cityChinese, e))).toBe(true);
  });

  it('lists and reads workshops only inside each admin’s jurisdiction', async () => {
    const all = [lixiaChinese, cityChinese, thematic];
    for (const who of ADMINS) {
      const listed = (await list.execute(who, { orgId: '', projectId: '', subject: '', pageSize: 500, pageToken: '' })).items.map((w) => w.id);
      for (const w of all) {
        const inside = isWithinJurisdiction(who.orgPath, w.orgPath);
        expect(listed.includes(w.id)).toBe(inside);
        if (inside) expect((await get.execute(who, w.id)).workshop.id).toBe(w.id);
        else expect(await refusal(get.execute(who, w.id))).toBe('out_of_jurisdiction');
      }
    }
    expect((await list.execute(province, { orgId: '', projectId: project.id, subject: '语文', pageSize: 0, pageToken: '' })).items.map((w) => w.name)).toEqual(['济南市小学语文工作坊', '历下区小学语文工作坊']);
    expect(await refusal(list.execute(lixia, { orgId: seededOrgId('/37/3701'), projectId: '', subject: '', pageSize: 0, pageToken: '' }))).toBe('out_of_jurisdiction');
    expect(await refusal(get.execute(lixia, randomUUID()))).toBe('workshop_not_found');
  });

  it('shows a teacher their own workshops: hosts and members read them, only hosts list members', async () => {
    const host = teacherLogins.get(lixiaChinese.hosts[0]!.teacherId)!;
    expect((await get.execute(host, lixiaChinese.id)).workshop.id).toBe(lixiaChinese.id);
    expect((await members.execute(host, { id: lixiaChinese.id, pageSize: 0, pageToken: '' })).total).toBeGreaterThan(0);
    expect((await mine.execute(host, '')).map((m) => [m.workshop.id, m.asHost])).toEqual([[lixiaChinese.id, true]]);

    const member = everyEnrollment.find((e) => isWorkshopMember(lixiaChinese, e))!;
    const memberLogin = teacherLogins.get(member.teacherId)!;
    expect((await get.execute(memberLogin, lixiaChinese.id)).workshop.name).toBe('历下区小学语文工作坊');
    expect(await refusal(members.execute(memberLogin, { id: lixiaChinese.id, pageSize: 0, pageToken: '' }))).toBe('role_not_allowed');
    const theirs = await mine.execute(memberLogin, project.id);
    expect(theirs.map((m) => m.workshop.name).sort()).toEqual(['信息技术应用能力提升专题工作坊', '历下区小学语文工作坊', '济南市小学语文工作坊'].sort());
    expect(theirs.every((m) => !m.asHost)).toBe(true);

    const outsider = teacherLogins.get(await participant('S0004', 'trainee', '语文'))!;
    expect(await refusal(get.execute(outsider, lixiaChinese.id))).toBe('out_of_jurisdiction');
    expect((await mine.execute(outsider, '')).map((m) => m.workshop.id)).toEqual([thematic.id]);
  });

  it('replaces hosts on the version last read, keeping at least three, and frees the old ones', async () => {
    const [kept, dropped] = [lixiaChinese.hosts.slice(0, 2).map((h) => h.teacherId), lixiaChinese.hosts[2]!.teacherId];
    const newcomer = await participant('S0002', 'workshop_host');
    expect(await refusal(replace.execute(lixia, { id: lixiaChinese.id, hostTeacherIds: [...kept, newcomer], expectedVersion: 7 }))).toBe('version_conflict');
    expect(await refusal(replace.execute(lixia, { id: lixiaChinese.id, hostTeacherIds: kept, expectedVersion: 1 }))).toBe('invalid_argument');
    expect(await refusal(replace.execute(jinan, { id: thematic.id, hostTeacherIds: [...kept, newcomer], expectedVersion: 1 }))).toBe('out_of_jurisdiction');

    const changed = await replace.execute(jinan, { id: lixiaChinese.id, hostTeacherIds: [...kept, newcomer], expectedVersion: 1 });
    expect(changed.version).toBe(2);
    expect(changed.hosts.map((h) => h.teacherId).sort()).toEqual([...kept, newcomer].sort());
    const event = (await outbox(Topics.workshopHostsChanged)).at(-1)!;
    const decoded = contract.WorkshopHostsChanged.decode(event.payload);
    expect(decoded.workshop).toMatchObject({ workshopId: lixiaChinese.id, version: 2 });
    expect(decoded.previousHostTeacherIds).toContain(dropped);

    // The dropped host is free for another workshop of the project; the newcomer is not.
    const reading = (hostTeacherIds: string[]) => create.execute(province, { projectId: project.id, orgId: seededOrgId('/37'), subject: '语文', theme: '整本书阅读', hostTeacherIds });
    const two = await hosts('S0004', 2);
    expect(await refusal(reading([...two, newcomer]))).toBe('host_taken');
    expect((await reading([...two, dropped])).hosts.map((h) => h.teacherId)).toContain(dropped);
  });
});
