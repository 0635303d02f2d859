import { randomInt } from 'node:crypto';
import { eventually, randomIdNumber, seededOrgId } from './fixtures.js';
import { tokenFor } from './keycloak.js';
import { startPlatform, type RunningPlatform } from './platform.js';


describe('roster chain: gateway → identity → outbox → Kafka → reporting → gateway', () => {
  let platform: RunningPlatform;
  let cityAdmin: string;
  let otherCityAdmin: string;
  const jinan = seededOrgId('/37/3701');

  beforeAll(async () => {
    platform = await startPlatform();
    [cityAdmin, otherCityAdmin] = await Promise.all([tokenFor('city-admin'), tokenFor('other-city-admin')]);
  });

  afterAll(async () => {
    await platform?.stop();
  });

  const call = (method: string, url: string, token: string | null, body?: unknown) =>
    fetch(`${platform.gateway}/api/v1${url}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });

  it('lets a city admin create a county, a school and a teacher, and counts the teacher', async () => {
    const county = await call('POST', '/orgs', cityAdmin, { parentId: jinan, code: '370102', name: '历下区', level: 'county' });
    expect(county.status).toBe(201);
    expect((await call('POST', '/orgs', cityAdmin, { parentId: jinan, code: '370102', name: '历下区', level: 'county' })).status).toBe(409);
    const countyBody = (await county.json()) as { id: string; path: string };
    expect(countyBody.path).toBe('/37/3701/370102');

    // Every e2e run replays the shared topics' history into its fresh reporting database, so this
    // run's school gets a code no earlier run used; counts at seeded ancestors only grow.
    const schoolCode = `S${randomInt(10_000_000, 100_000_000)}`;
    const school = await call('POST', '/orgs', cityAdmin, { parentId: countyBody.id, code: schoolCode, name: '济南市历下区第一实验小学', level: 'school' });
    expect(school.status).toBe(201);
    const schoolBody = (await school.json()) as { id: string; path: string };

    const idNumber = randomIdNumber();
    const teacher = await call('POST', '/teachers', cityAdmin, { orgId: schoolBody.id, name: '王芳', idNumber, gender: 'female', stage: 'primary', subject: '数学', phone: '13800000000' });
    expect(teacher.status).toBe(201);
    const teacherBody = (await teacher.json()) as Record<string, unknown>;
    expect(teacherBody).toMatchObject({ name: '王芳', orgPath: `/37/3701/370102/${schoolCode}`, status: 'in_service', idNumberMasked: `${idNumber.slice(0, 6)}********${idNumber.slice(14)}` });
    expect(JSON.stringify(teacherBody)).not.toContain(idNumber);
    expect(JSON.stringify(teacherBody)).not.toContain('13800000000');

    const duplicate = await call('POST', '/teachers', cityAdmin, { orgId: schoolBody.id, name: '王芳', idNumber, gender: 'female', stage: 'primary', subject: '数学' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.headers.get('content-type')).toContain('application/problem+json');

    const count = (orgId: string) => call('GET', `/orgs/${orgId}/teacher-count`, cityAdmin).then(async (r) => ({ status: r.status, body: r.ok ? ((await r.json()) as { direct: number; total: number }) : null }));
    const atSchool = await eventually(() => count(schoolBody.id), (r) => r.body?.total === 1);
    expect(atSchool.body).toMatchObject({ direct: 1, total: 1, orgPath: `/37/3701/370102/${schoolCode}` });
    const atCity = await eventually(() => count(jinan), (r) => (r.body?.total ?? 0) >= 1);
    expect(atCity.body?.direct).toBe(0);

    // Another city's admin sees neither the school nor its count, and cannot build under Jinan.
    expect((await call('GET', `/orgs/${schoolBody.id}`, otherCityAdmin)).status).toBe(403);
    expect((await call('GET', `/orgs/${schoolBody.id}/teacher-count`, otherCityAdmin)).status).toBe(403);
    expect((await call('POST', '/orgs', otherCityAdmin, { parentId: countyBody.id, code: 'S0002', name: '越权学校', level: 'school' })).status).toBe(403);
  });

  it('rejects calls without a valid token as 401 problems', async () => {
    const missing = await call('GET', `/orgs/${jinan}`, null);
    expect(missing.status).toBe(401);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');

    const [header, payload, signature] = cityAdmin.split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...claims, org_path: '/37' })).toString('base64url');
    expect((await call('GET', `/orgs/${jinan}`, `${header}.${forged}.${signature}`)).status).toBe(401);

    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
    expect((await call('GET', `/orgs/${jinan}`, unsigned)).status).toBe(401);
  });

  it('validates input with a clear problem', async () => {
    const bad = await call('POST', '/teachers', cityAdmin, { orgId: jinan, name: '', idNumber: '123', gender: 'x', stage: 'primary' });
    expect(bad.status).toBe(400);
    const problem = (await bad.json()) as { detail: string };
    expect(problem.detail).toContain('idNumber must be exactly 18 characters');
    expect(problem.detail).toContain('gender must be one of the following values');
  });

  it('serves the OpenAPI document without a token', async () => {
    const doc = await fetch(`${platform.gateway}/docs-json`);
    expect(doc.status).toBe(200);
    expect(((await doc.json()) as { paths: Record<string, unknown> }).paths).toHaveProperty('/api/v1/orgs/{id}/teacher-count');
  });
});
