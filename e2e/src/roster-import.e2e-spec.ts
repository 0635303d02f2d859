import { randomInt } from 'node:crypto';
import ExcelJS from 'exceljs';
import { eventually, randomIdNumber, seededOrgId } from './fixtures.js';
import { tokenFor } from './keycloak.js';
import { startPlatform, type RunningPlatform } from './platform.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe('Excel roster import through the gateway', () => {
  let platform: RunningPlatform;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    platform = await startPlatform();
    for (const user of ['city-admin', 'county-admin', 'other-city-admin']) tokens[user] = await tokenFor(user);
  });

  afterAll(async () => {
    await platform?.stop();
  });

  const call = async (method: string, url: string, user: string, body?: unknown) => {
    const response = await fetch(`${platform.gateway}/api/v1${url}`, {
      method,
      headers: { authorization: `Bearer ${tokens[user]}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> & { id: string } };
  };

  it('downloads the template, uploads a filled copy with the presigned URL, polls the job to its end and downloads the error report', async () => {
    const county = await call('POST', '/orgs', 'city-admin', { parentId: seededOrgId('/37/3701'), code: '370102', name: '历下区', level: 'county' });
    expect(county.status).toBe(201);
    // Reporting replays earlier runs' events, so counts are exact only at a school code no run used before.
    const school = await call('POST', '/orgs', 'county-admin', { parentId: county.body.id, code: `S${randomInt(10_000_000, 100_000_000)}`, name: '第一实验小学', level: 'school' });
    expect(school.status).toBe(201);

    const template = await fetch(`${platform.gateway}/api/v1/roster-imports/template`, { headers: { authorization: `Bearer ${tokens['county-admin']}` } });
    expect(template.status).toBe(200);
    expect(template.headers.get('content-type')).toBe(XLSX);
    expect(template.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('教师花名册导入模板.xlsx')}`);

    // Fill the template as a school would: the header row stays, rows go below it.
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await template.arrayBuffer());
    const sheet = workbook.getWorksheet('教师名单')!;
    expect((sheet.getRow(1).values as unknown[]).slice(1, 5)).toEqual(['身份证号', '姓名', '性别', '学段']);
    const teachers = [randomIdNumber('370102'), randomIdNumber('370102')];
    sheet.getRow(2).values = [teachers[0], '王芳', '女', '小学', '数学', '一级教师', '13900000000'];
    sheet.getRow(3).values = ['370102198807120001', '李强', '男', '小学', '语文'];
    sheet.getRow(4).values = [teachers[1], '赵敏', '女', '幼儿园'];
    const file = Buffer.from(await workbook.xlsx.writeBuffer());

    const created = await call('POST', '/roster-imports', 'county-admin', { orgId: school.body.id, fileName: '第一实验小学教师名单.xlsx' });
    expect(created.status).toBe(201);
    const job = created.body.import as { id: string; status: string };
    const upload = created.body.upload as { url: string; method: string; headers: Record<string, string> };
    expect(job.status).toBe('awaiting_upload');
    expect(upload.headers['content-type']).toBe(XLSX);

    // The file goes straight to object storage, not through the gateway.
    const put = await fetch(upload.url, { method: upload.method, headers: upload.headers, body: file });
    expect(put.status).toBe(200);
    const started = await call('POST', `/roster-imports/${job.id}/start`, 'county-admin');
    expect(started.status).toBe(202);
    expect((await call('POST', `/roster-imports/${job.id}/start`, 'county-admin')).status).toBe(422);

    const done = await eventually(
      () => call('GET', `/roster-imports/${job.id}`, 'county-admin').then((r) => r.body),
      (b) => b.status === 'succeeded' || b.status === 'failed',
    );
    expect(done).toMatchObject({ status: 'succeeded', rowsTotal: 3, rowsDone: 3, rowsCreated: 2, rowsUnchanged: 0, rowsFailed: 1, hasErrorReport: true, createdByUsername: 'county-admin' });

    const errors = await call('GET', `/roster-imports/${job.id}/errors`, 'county-admin');
    expect(errors.body).toEqual({ rows: [{ rowNumber: 3, problems: [{ column: '身份证号', reason: '身份证号校验位不正确' }] }], nextAfterRow: 0 });

    const report = await call('GET', `/roster-imports/${job.id}/error-report`, 'county-admin');
    expect(report.status).toBe(200);
    expect(report.body.fileName).toBe('第一实验小学教师名单-错误报告.xlsx');
    const reportFile = await fetch(report.body.url as string);
    expect(reportFile.status).toBe(200);
    const reportBook = new ExcelJS.Workbook();
    await reportBook.xlsx.load(await reportFile.arrayBuffer());
    const bad = reportBook.getWorksheet('错误行')!.getRow(2);
    expect([bad.getCell(1).value, bad.getCell(2).value, bad.getCell(9).value, bad.getCell(10).value]).toEqual(['370102198807120001', '李强', 3, '身份证号：身份证号校验位不正确']);

    // The imported teachers' events reach reporting like hand-made ones.
    const count = await eventually(
      () => call('GET', `/orgs/${school.body.id}/teacher-count`, 'county-admin').then((r) => r.body.total),
      (total) => total === 2,
    );
    expect(count).toBe(2);
    const listed = await call('GET', `/roster-imports?orgId=${school.body.id}`, 'county-admin');
    expect((listed.body as unknown as { id: string }[]).map((j) => j.id)).toEqual([job.id]);

    // Another city's admin sees none of it.
    for (const path of [`/roster-imports/${job.id}`, `/roster-imports/${job.id}/errors`, `/roster-imports/${job.id}/error-report`]) {
      expect((await call('GET', path, 'other-city-admin')).status).toBe(403);
    }
    expect((await call('GET', '/roster-imports', 'other-city-admin')).body).toEqual([]);
    expect((await call('POST', '/roster-imports', 'other-city-admin', { orgId: school.body.id, fileName: 'a.xlsx' })).status).toBe(403);
    expect((await call('POST', '/roster-imports', 'county-admin', { orgId: school.body.id, fileName: 'a.xls' })).status).toBe(400);
  });
});
