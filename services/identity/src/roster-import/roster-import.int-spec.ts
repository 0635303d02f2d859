import { randomBytes } from 'node:crypto';
import type { AdminRole, Principal } from '@yanxiu/auth';
import { teacher as teacherContract, Topics } from '@yanxiu/contracts';
import { migratedTestDatabase, type TestDatabase } from '@yanxiu/database';
import { createObjectStorage } from '@yanxiu/storage';
import ExcelJS from 'exceljs';
import type { DataSource } from 'typeorm';
import { identityMigrations } from '../identity.data-source.js';
import { CreateOrgUseCase } from '../orgs/create-org.use-case.js';
import { seededOrgId } from '../orgs/org-id.js';
import { OrgRepository, type OrgRecord } from '../orgs/org.repository.js';
import { CreateTeacherUseCase } from '../teachers/create-teacher.use-case.js';
import { checkCharacter } from '../teachers/id-number.js';
import { PersonalDataCipher } from '../teachers/personal-data-cipher.js';
import { TeacherRepository } from '../teachers/teacher.repository.js';
import { CreateRosterImportUseCase, StartRosterImportUseCase } from './create-roster-import.use-case.js';
import { ROSTER_COLUMNS } from './roster-columns.js';
import { RosterImportRunner } from './roster-import-runner.js';
import { RosterImportRepository, type RosterImportJob } from './roster-import.repository.js';
import type { RosterImportSettings } from './roster-import.settings.js';
import { GetRosterImportErrorReportUseCase, GetRosterImportUseCase, ListRosterImportErrorsUseCase, ListRosterImportsUseCase } from './read-roster-imports.use-case.js';
import { RunRosterImportUseCase } from './run-roster-import.use-case.js';

// Against the real local MariaDB and MinIO: files go up through presigned PUTs, the worker streams
// them back from MinIO, reports come down through presigned GETs.
const admin = (role: AdminRole, orgPath: string, username: string = role): Principal => ({ subject: `sub-${username}`, username, roles: [role], orgPath, token: 't' });
const province = admin('province-admin', '/37');
const lixiaAdmin = admin('county-admin', '/37/3701/370102');
const schoolAdmin = admin('school-admin', '/37/3701/370102/S0001');
const qingdaoAdmin = admin('city-admin', '/37/3702', 'qingdao-admin');
const teacherUser: Principal = { subject: 'sub-t', username: 'teacher', roles: ['teacher'], orgPath: '/37/3701/370102/S0001', token: 't' };

let seq = 0;
const idNumber = () => {
  seq++;
  const first17 = `370102198${String(seq % 10)}07${String(10 + (seq % 18)).padStart(2, '0')}${String(seq % 1000).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
};

type Row = Partial<Record<(typeof ROSTER_COLUMNS)[number]['key'], string | number>>;
const goodRow = (overrides: Row = {}): Row => ({ idNumber: idNumber(), name: '王芳', gender: '女', stage: '小学', subject: '数学', title: '一级教师', phone: '13900000000', ...overrides });

/** An .xlsx as a school would fill the template: header row, then the rows (null = a blank row). */
async function rosterFile(rows: (Row | null)[], header: string[] = ROSTER_COLUMNS.map((c) => c.header)): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('教师名单');
  sheet.addRow(header);
  for (const row of rows) sheet.addRow(row ? ROSTER_COLUMNS.map((c) => row[c.key] ?? null) : []);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe('Excel roster import on the real database and object storage', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  const storage = createObjectStorage({
    endpoint: process.env.S3_ENDPOINT ?? '',
    region: process.env.S3_REGION ?? 'us-east-1',
    accessKeyId: process.env.S3_ACCESS_KEY ?? '',
    secretAccessKey: process.env.S3_SECRET_KEY ?? '',
    forcePathStyle: true,
  });
  const settings: RosterImportSettings = { bucket: 'yanxiu-exports', maxBytes: 1024 * 1024, maxRows: 50, batchSize: 3, leaseSeconds: 1, maxAttempts: 5, urlExpirySeconds: 300 };
  const cipher = new PersonalDataCipher(randomBytes(32).toString('hex'), randomBytes(32).toString('hex'));
  const orgRepo = new OrgRepository();
  const jobs = new RosterImportRepository();
  const units: Record<string, OrgRecord> = {};
  let teachers: TeacherRepository;
  let runner: RosterImportRunner;
  let create: CreateRosterImportUseCase;
  let start: StartRosterImportUseCase;
  let get: GetRosterImportUseCase;
  let list: ListRosterImportsUseCase;
  let errors: ListRosterImportErrorsUseCase;
  let report: GetRosterImportErrorReportUseCase;
  let createTeacher: CreateTeacherUseCase;

  beforeAll(async () => {
    ({ db, dataSource } = await migratedTestDatabase('identity', identityMigrations));
    teachers = new TeacherRepository();
    const orgs = new CreateOrgUseCase(dataSource, orgRepo);
    await orgs.seed([
      { code: '37', name: '山东省', level: 'province', parentPath: null },
      { code: '3701', name: '济南市', level: 'city', parentPath: '/37' },
      { code: '3702', name: '青岛市', level: 'city', parentPath: '/37' },
    ]);
    for (const [city, county, schools] of [['3701', '370102', ['S0001', 'S0002']], ['3702', '370202', ['S0001']]] as const) {
      units[county] = await orgs.execute(province, { parentId: seededOrgId(`/37/${city}`), code: county, name: `${county}区`, level: 'county' });
      for (const code of schools) units[`${county}/${code}`] = await orgs.execute(province, { parentId: units[county].id, code, name: `${county}第${code}学校`, level: 'school' });
    }
    const run = new RunRosterImportUseCase(dataSource, jobs, orgRepo, teachers, cipher, storage, settings);
    runner = new RosterImportRunner(dataSource, jobs, run, { workers: 0, leaseSeconds: settings.leaseSeconds, pollMs: 100 });
    create = new CreateRosterImportUseCase(dataSource, orgRepo, jobs, storage, settings);
    start = new StartRosterImportUseCase(dataSource, jobs, storage, runner, settings);
    get = new GetRosterImportUseCase(dataSource, jobs);
    list = new ListRosterImportsUseCase(dataSource, orgRepo, jobs);
    errors = new ListRosterImportErrorsUseCase(dataSource, jobs);
    report = new GetRosterImportErrorReportUseCase(dataSource, jobs, storage, settings);
    createTeacher = new CreateTeacherUseCase(dataSource, orgRepo, teachers, cipher);
  });

  afterAll(async () => {
    const keys = await dataSource.query<{ report_key: string | null; upload_key: string }[]>('SELECT report_key, upload_key FROM roster_import_jobs');
    await Promise.all(keys.flatMap((k) => [k.report_key, k.upload_key]).filter((k): k is string => k !== null).map((key) => storage.deleteObject({ bucket: settings.bucket, key })));
    storage.destroy();
    await db?.drop();
  });

  const s0001 = () => units['370102/S0001']!;
  const s0002 = () => units['370102/S0002']!;
  const count = async (sql: string, params: unknown[] = []) => Number((await dataSource.query<{ n: string }[]>(sql, params))[0]?.n);
  const teachersAt = (orgId: string) => count('SELECT COUNT(*) AS n FROM teachers WHERE org_id = ?', [orgId]);
  const createdEvents = () => count('SELECT COUNT(*) AS n FROM outbox WHERE topic = ?', [Topics.teacherCreated]);

  /** Creates an import, uploads the file with the presigned PUT as a browser would, starts it. */
  async function upload(principal: Principal, orgId: string, file: Buffer, dryRun = false): Promise<RosterImportJob> {
    const created = await create.execute(principal, { orgId, fileName: '教师名单.xlsx', dryRun });
    expect(created.job.status).toBe('awaiting_upload');
    const put = await fetch(created.upload.url, { method: created.upload.method, headers: created.upload.headers, body: file });
    expect(put.status).toBe(200);
    const started = await start.execute(principal, created.job.id);
    expect(started.status).toBe('queued');
    return started;
  }

  /** Runs queued jobs to their end in this process, then reads the job back. */
  async function runAll(principal: Principal, id: string): Promise<RosterImportJob> {
    while (await runner.runNext());
    return get.execute(principal, id);
  }

  async function importFile(principal: Principal, orgId: string, file: Buffer, dryRun = false): Promise<RosterImportJob> {
    return runAll(principal, (await upload(principal, orgId, file, dryRun)).id);
  }

  const problemsOf = async (principal: Principal, id: string) => (await errors.execute(principal, { id, afterRow: 0, pageSize: 500 })).rows.map((r) => [r.rowNumber, r.problems] as const);

  const good = [goodRow(), goodRow({ name: '李强', gender: '男', stage: '初中', subject: '物理', phone: '' }), goodRow({ stage: '幼儿园', subject: '' }), goodRow(), goodRow({ title: '' })];
  const duplicateOfFirst = { ...good[0]!, name: '王芳芳' };
  const partialFile = () =>
    rosterFile([
      good[0]!,
      goodRow({ idNumber: '370102198807120001' }),
      good[1]!,
      null,
      goodRow({ gender: '' }),
      good[2]!,
      goodRow({ idNumber: 370102198807120000 }),
      duplicateOfFirst,
      good[3]!,
      goodRow({ stage: '大学' }),
      good[4]!,
    ]);

  it('keeps the good rows of a file with bad ones, and reports each bad row with its row number, column and reason', async () => {
    const eventsBefore = await createdEvents();
    const job = await importFile(lixiaAdmin, s0001().id, await partialFile());
    expect(job).toMatchObject({ status: 'succeeded', rowsTotal: 10, rowsDone: 10, rowsCreated: 5, rowsUnchanged: 0, rowsFailed: 5, failure: null });
    expect(job.reportKey).not.toBeNull();

    // Exactly the five good teachers, at the chosen school, personal data sealed, each with its event.
    const stored = await dataSource.query<{ id: string; id_number_enc: Buffer; name: string; subject: string }[]>('SELECT id, id_number_enc, name, subject FROM teachers WHERE org_id = ?', [s0001().id]);
    expect(stored.map((t) => cipher.decrypt(t.id_number_enc)).sort()).toEqual(good.map((g) => String(g.idNumber)).sort());
    expect(stored.find((t) => t.name === '李强')?.subject).toBe('物理');
    expect(await createdEvents()).toBe(eventsBefore + 5);
    const [event] = await dataSource.query<{ message_key: string; payload: Buffer }[]>('SELECT message_key, payload FROM outbox WHERE topic = ? ORDER BY seq DESC LIMIT 1', [Topics.teacherCreated]);
    expect(teacherContract.TeacherCreated.decode(event!.payload)).toMatchObject({ teacherId: event!.message_key, orgId: s0001().id, orgPath: '/37/3701/370102/S0001' });

    // Sheet rows: header 1, then 2…12 with a blank row 5.
    expect(await problemsOf(lixiaAdmin, job.id)).toEqual([
      [3, [{ column: 'idNumber', reason: '身份证号校验位不正确' }]],
      [6, [{ column: 'gender', reason: '未填写性别' }]],
      [8, [{ column: 'idNumber', reason: '身份证号被Excel存成了数字，后几位已丢失；请把本列设为文本格式后重新填写' }]],
      [9, [{ column: 'idNumber', reason: '与第2行的身份证号重复' }]],
      [11, [{ column: 'stage', reason: '学段应为“高中”“初中”“小学”或“幼儿园”' }]],
    ]);

    // The downloadable report: the bad rows with their values and reasons.
    const { download, fileName } = await report.execute(lixiaAdmin, job.id);
    expect(fileName).toBe('教师名单-错误报告.xlsx');
    const response = await fetch(download.url);
    expect(response.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    const sheet = workbook.getWorksheet('错误行')!;
    expect(sheet.rowCount).toBe(6);
    expect(sheet.getRow(2).getCell(1).value).toBe('370102198807120001');
    expect(sheet.getRow(5).getCell(2).value).toBe('王芳芳');
    expect(sheet.getRow(5).getCell(9).value).toBe(9);
    expect(sheet.getRow(5).getCell(10).value).toBe('身份证号：与第2行的身份证号重复');
    // The uploaded file is gone once read: it holds personal data.
    expect(await storage.headObject({ bucket: settings.bucket, key: job.uploadKey })).toBeNull();
  });

  it('creates no duplicates when the same file is imported again: identical teachers are unchanged, changed ones reported', async () => {
    const before = { teachers: await teachersAt(s0001().id), events: await createdEvents() };
    const again = await importFile(schoolAdmin, s0001().id, await partialFile());
    expect(again).toMatchObject({ status: 'succeeded', rowsTotal: 10, rowsCreated: 0, rowsUnchanged: 5, rowsFailed: 5 });
    expect(await teachersAt(s0001().id)).toBe(before.teachers);
    expect(await createdEvents()).toBe(before.events);

    const changed = await importFile(schoolAdmin, s0001().id, await rosterFile([{ ...good[0]!, name: '王芳菲' }, { ...good[1]! }, { ...good[2]!, phone: '13700000000' }]));
    expect(changed).toMatchObject({ rowsCreated: 0, rowsUnchanged: 1, rowsFailed: 2 });
    expect(await problemsOf(schoolAdmin, changed.id)).toEqual([
      [2, [{ column: 'name', reason: '花名册中为“王芳”；导入不修改已有教师，请通过信息修正更改' }]],
      [4, [{ column: 'phone', reason: '与花名册中的手机号不同；导入不修改已有教师，请通过信息修正更改' }]],
    ]);
    expect((await dataSource.query<{ name: string }[]>('SELECT name FROM teachers WHERE id_number_hash = ?', [cipher.lookupHash(String(good[0]!.idNumber))]))[0]?.name).toBe('王芳');
  });

  it('validates and reports in a dry run without writing a teacher or an event', async () => {
    const before = { teachers: await count('SELECT COUNT(*) AS n FROM teachers'), events: await count('SELECT COUNT(*) AS n FROM outbox') };
    const fresh = [goodRow(), goodRow()];
    const job = await importFile(lixiaAdmin, s0002().id, await rosterFile([fresh[0]!, goodRow({ phone: '12345' }), fresh[1]!, fresh[0]!]), true);
    expect(job).toMatchObject({ status: 'succeeded', dryRun: true, rowsTotal: 4, rowsCreated: 2, rowsFailed: 2 });
    expect(await problemsOf(lixiaAdmin, job.id)).toEqual([
      [3, [{ column: 'phone', reason: '手机号必须是以1开头的11位数字' }]],
      [5, [{ column: 'idNumber', reason: '与第2行的身份证号重复' }]],
    ]);
    expect(await count('SELECT COUNT(*) AS n FROM teachers')).toBe(before.teachers);
    expect(await count('SELECT COUNT(*) AS n FROM outbox')).toBe(before.events);
  });

  it('routes rows of a county import by the 学校 column (name or code) and refuses to move teachers between its schools', async () => {
    const existing = await createTeacher.execute(lixiaAdmin, { orgId: s0002().id, name: '赵磊', idNumber: idNumber(), gender: 'male', stage: 'middle', subject: '化学', title: '', phone: '' });
    const existingId = cipher.decrypt(existing.idNumberEnc);
    const rows = [goodRow({ school: s0001().name }), goodRow({ school: 'S0002' }), goodRow({ school: '不存在的学校' }), goodRow({ school: '' }), { ...goodRow({ school: 'S0001' }), idNumber: existingId }];
    const job = await importFile(lixiaAdmin, units['370102']!.id, await rosterFile(rows));
    expect(job).toMatchObject({ rowsCreated: 2, rowsFailed: 3 });
    const unitOf = async (row: Row) => (await teachers.findByIdNumberHashes(dataSource.manager, [cipher.lookupHash(String(row.idNumber))]))[0]?.orgId;
    expect([await unitOf(rows[0]!), await unitOf(rows[1]!)]).toEqual([s0001().id, s0002().id]);
    expect(await problemsOf(lixiaAdmin, job.id)).toEqual([
      [4, [{ column: 'school', reason: '所选范围内没有名称或代码为“不存在的学校”的学校、幼儿园或机构' }]],
      [5, [{ column: 'school', reason: '在区县及以上导入时必须填写学校（单位全称或单位代码）' }]],
      [6, [{ column: 'school', reason: `该教师已在“${s0002().name}”登记；导入不调动教师，请通过调动办理` }]],
    ]);
  });

  it('fails the whole import, with the reason, for a file that is not a roster', async () => {
    const notExcel = await importFile(lixiaAdmin, s0002().id, Buffer.from('身份证号,姓名\n'));
    expect(notExcel.status).toBe('failed');
    expect(notExcel.failure).toContain('无法读取文件');
    const noGender = await importFile(lixiaAdmin, s0002().id, await rosterFile([goodRow()], ['身份证号', '姓名', '学段']));
    expect(noGender).toMatchObject({ status: 'failed', failure: '第1行的表头缺少必需的列：性别；请使用导入模板', rowsDone: 0 });
    const noSchoolColumn = await importFile(lixiaAdmin, units['370102']!.id, await rosterFile([goodRow()], ['身份证号', '姓名', '性别', '学段', '学科']));
    expect(noSchoolColumn.failure).toBe('第1行的表头缺少必需的列：学校（在区县及以上导入时需要“学校”列）；请使用导入模板');
    const tooMany = await importFile(lixiaAdmin, s0002().id, await rosterFile(Array.from({ length: 51 }, () => goodRow())));
    expect(tooMany).toMatchObject({ status: 'failed', failure: '文件超过50行数据；请按区县或学校拆分后分批导入', rowsCreated: 0 });

    const notUploaded = await create.execute(lixiaAdmin, { orgId: s0002().id, fileName: 'a.xlsx', dryRun: false });
    await expect(start.execute(lixiaAdmin, notUploaded.job.id)).rejects.toMatchObject({ code: 'roster_import_not_startable' });
    await expect(create.execute(lixiaAdmin, { orgId: s0002().id, fileName: '名单.xls', dryRun: false })).rejects.toMatchObject({ code: 'invalid_argument' });
  });

  it('resumes a job whose worker died after a batch, without doubling a teacher, an event or a reported row', async () => {
    const rows = [goodRow(), goodRow({ gender: 'x' }), goodRow(), goodRow(), goodRow(), goodRow({ name: '' }), goodRow()];
    const eventsBefore = await createdEvents();
    const queued = await upload(lixiaAdmin, s0002().id, await rosterFile(rows));
    const teachersBefore = await teachersAt(s0002().id);

    // The first worker commits one batch of three rows, then dies holding the lease.
    const run = new RunRosterImportUseCase(dataSource, jobs, orgRepo, teachers, cipher, storage, settings);
    const claimed = (await jobs.claimNext(dataSource.manager, 'dead-worker', settings.leaseSeconds))!;
    expect(claimed.id).toBe(queued.id);
    expect(await jobs.claimNext(dataSource.manager, 'second-worker', settings.leaseSeconds)).toBeNull();
    expect(await run.execute(claimed, 'dead-worker', AbortSignal.abort())).toBe('stopped');
    expect(await get.execute(lixiaAdmin, queued.id)).toMatchObject({ status: 'running', rowsTotal: 7, rowsDone: 3, cursorRow: 4, rowsCreated: 2, rowsFailed: 1 });
    expect(await teachersAt(s0002().id)).toBe(teachersBefore + 2);

    // Once the lease has run out another worker takes over below the committed cursor.
    await new Promise((resolve) => setTimeout(resolve, 1200));
    const done = await runAll(lixiaAdmin, queued.id);
    expect(done).toMatchObject({ status: 'succeeded', failure: null, attempts: 2, rowsTotal: 7, rowsDone: 7, rowsCreated: 5, rowsFailed: 2 });
    expect(await teachersAt(s0002().id)).toBe(teachersBefore + 5);
    expect(await createdEvents()).toBe(eventsBefore + 5);
    expect((await problemsOf(lixiaAdmin, queued.id)).map(([row]) => row)).toEqual([3, 7]);
    // The dead worker's late writes change nothing.
    expect(await jobs.commitBatch(dataSource.manager, queued.id, 'dead-worker', 4, { cursorRow: 8, done: 1, created: 1, unchanged: 0, failed: 0 }, 60)).toBe(false);
  });

  it('rolls a failing batch back whole and lets the next worker redo it', async () => {
    class FailingSecondInsert extends TeacherRepository {
      private calls = 0;
      override async insertMany(...args: Parameters<TeacherRepository['insertMany']>): Promise<number> {
        if (++this.calls === 2) throw new Error('connection lost');
        return super.insertMany(...args);
      }
    }
    const queued = await upload(lixiaAdmin, s0002().id, await rosterFile(Array.from({ length: 8 }, () => goodRow())));
    const before = { teachers: await teachersAt(s0002().id), events: await createdEvents() };
    const crashing = new RunRosterImportUseCase(dataSource, jobs, orgRepo, new FailingSecondInsert(), cipher, storage, settings);
    const claimed = (await jobs.claimNext(dataSource.manager, 'crashing-worker', settings.leaseSeconds))!;
    await expect(crashing.execute(claimed, 'crashing-worker', new AbortController().signal)).rejects.toThrow('connection lost');
    expect(await get.execute(lixiaAdmin, queued.id)).toMatchObject({ status: 'running', rowsDone: 3, rowsCreated: 3 });
    expect(await teachersAt(s0002().id)).toBe(before.teachers + 3);

    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(await runAll(lixiaAdmin, queued.id)).toMatchObject({ status: 'succeeded', rowsDone: 8, rowsCreated: 8, rowsFailed: 0 });
    expect(await teachersAt(s0002().id)).toBe(before.teachers + 8);
    expect(await createdEvents()).toBe(before.events + 8);
  });

  it('confines imports, their rows and reports to the admin subtree', async () => {
    const job = await importFile(lixiaAdmin, s0001().id, await rosterFile([goodRow({ gender: '?' })]));
    expect(job.rowsFailed).toBe(1);
    for (const outsider of [qingdaoAdmin, admin('school-admin', '/37/3701/370102/S0002', 'other-school'), teacherUser]) {
      const refused = { code: outsider === teacherUser ? 'role_not_allowed' : 'out_of_jurisdiction' };
      await expect(get.execute(outsider, job.id)).rejects.toMatchObject(refused);
      await expect(errors.execute(outsider, { id: job.id, afterRow: 0, pageSize: 10 })).rejects.toMatchObject(refused);
      await expect(report.execute(outsider, job.id)).rejects.toMatchObject(refused);
      await expect(start.execute(outsider, job.id)).rejects.toMatchObject(refused);
      await expect(create.execute(outsider, { orgId: s0001().id, fileName: 'a.xlsx', dryRun: false })).rejects.toMatchObject(refused);
      await expect(list.execute(outsider, { orgId: s0001().id, pageSize: 10 })).rejects.toMatchObject(refused);
    }
    // Lists never show another subtree's imports.
    const qingdaoJob = await importFile(qingdaoAdmin, units['370202/S0001']!.id, await rosterFile([goodRow()]));
    const qingdaoList = await list.execute(qingdaoAdmin, { orgId: '', pageSize: 100 });
    expect(qingdaoList.map((j) => j.id)).toEqual([qingdaoJob.id]);
    const lixiaList = await list.execute(lixiaAdmin, { orgId: '', pageSize: 100 });
    expect(lixiaList.length).toBeGreaterThan(5);
    expect(lixiaList.every((j) => j.orgPath.startsWith('/37/3701/370102'))).toBe(true);
    expect((await list.execute(schoolAdmin, { orgId: '', pageSize: 100 })).every((j) => j.orgPath === '/37/3701/370102/S0001')).toBe(true);
    await expect(get.execute(lixiaAdmin, '00000000-0000-0000-0000-000000000000')).rejects.toMatchObject({ code: 'roster_import_not_found' });
  });
});
