import type { AdminRole, Principal } from '@yanxiu/auth';
import { migratedTestDatabase, type TestDatabase } from '@yanxiu/database';
import type { DataSource } from 'typeorm';
import { identityMigrations } from '../identity.data-source.js';
import { CreateOrgUseCase, GetOrgUseCase } from './create-org.use-case.js';
import { seededOrgId } from './org-id.js';
import { ListOrgChildrenUseCase, SearchOrgsUseCase, type SearchOrgsCommand } from './org-tree.use-case.js';
import { OrgRepository, type OrgRecord } from './org.repository.js';

const admin = (role: AdminRole, orgPath: string): Principal => ({ subject: `sub-${role}`, username: role, roles: [role], orgPath, token: 't' });
const province = admin('province-admin', '/37');
const jinan = admin('city-admin', '/37/3701');
const search = (overrides: Partial<SearchOrgsCommand>): SearchOrgsCommand => ({ rootId: '', name: '', codePrefix: '', level: null, pageSize: 0, pageToken: '', ...overrides });

describe('org tree reads on the real database', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let children: ListOrgChildrenUseCase;
  let searchOrgs: SearchOrgsUseCase;
  let getOrg: GetOrgUseCase;
  const orgs: Record<string, OrgRecord> = {};

  beforeAll(async () => {
    ({ db, dataSource } = await migratedTestDatabase('identity_org_tree', identityMigrations));
    const repo = new OrgRepository();
    const create = new CreateOrgUseCase(dataSource, repo);
    children = new ListOrgChildrenUseCase(dataSource, repo);
    searchOrgs = new SearchOrgsUseCase(dataSource, repo);
    getOrg = new GetOrgUseCase(dataSource, repo);
    await create.seed([
      { code: '37', name: '山东省', level: 'province', parentPath: null },
      { code: '3701', name: '济南市', level: 'city', parentPath: '/37' },
      { code: '3702', name: '青岛市', level: 'city', parentPath: '/37' },
    ]);
    for (const [city, code, name] of [['3701', '370102', '历下区'], ['3701', '370103', '市中区'], ['3701', '370104', '槐荫区'], ['3702', '370202', '市南区']] as const) {
      orgs[code] = await create.execute(province, { parentId: seededOrgId(`/37/${city}`), code, name, level: 'county' });
    }
    orgs.S0001 = await create.execute(province, { parentId: orgs['370102']!.id, code: 'S0001', name: '历下区第一实验小学', level: 'school' });
    orgs.K0001 = await create.execute(province, { parentId: orgs['370102']!.id, code: 'K0001', name: '历下区实验幼儿园', level: 'kindergarten' });
    orgs.S0002 = await create.execute(province, { parentId: orgs['370202']!.id, code: 'S0002', name: '市南区实验小学', level: 'school' });
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('lists the children of an org by path, page by page', async () => {
    const first = await children.execute(jinan, { parentId: seededOrgId('/37/3701'), pageSize: 2, pageToken: '' });
    expect(first.items.map((o) => o.code)).toEqual(['370102', '370103']);
    expect(first.total).toBe(3);
    const second = await children.execute(jinan, { parentId: seededOrgId('/37/3701'), pageSize: 2, pageToken: first.nextPageToken });
    expect(second).toEqual({ items: [expect.objectContaining({ code: '370104', name: '槐荫区' })], nextPageToken: '', total: 3 });
    await expect(children.execute(jinan, { parentId: seededOrgId('/37/3702'), pageSize: 0, pageToken: '' })).rejects.toMatchObject({ code: 'out_of_jurisdiction' });
    await expect(children.execute(jinan, { parentId: '00000000-0000-0000-0000-000000000000', pageSize: 0, pageToken: '' })).rejects.toMatchObject({ code: 'org_not_found' });
  });

  it('searches a subtree by name, region code prefix and level, never beyond the caller', async () => {
    expect((await searchOrgs.execute(jinan, search({ name: '实验' }))).items.map((o) => o.code)).toEqual(['K0001', 'S0001']);
    expect((await searchOrgs.execute(province, search({ name: '实验' }))).items.map((o) => o.code)).toEqual(['K0001', 'S0001', 'S0002']);
    expect((await searchOrgs.execute(province, search({ codePrefix: '3701', level: 'county' }))).items.map((o) => o.path)).toEqual([
      '/37/3701/370102',
      '/37/3701/370103',
      '/37/3701/370104',
    ]);
    expect((await searchOrgs.execute(province, search({ rootId: orgs['370102']!.id }))).items.map((o) => o.code)).toEqual(['370102', 'K0001', 'S0001']);
    expect((await searchOrgs.execute(jinan, search({ level: 'kindergarten' }))).items.map((o) => o.code)).toEqual(['K0001']);
    await expect(searchOrgs.execute(jinan, search({ rootId: orgs['370202']!.id }))).rejects.toMatchObject({ code: 'out_of_jurisdiction' });
    await expect(searchOrgs.execute(jinan, search({ codePrefix: '37%' }))).rejects.toMatchObject({ code: 'invalid_argument' });
  });

  it('lets anyone read the orgs on their own path, and admins their subtree only', async () => {
    const teacher: Principal = { subject: 's', username: 't', roles: ['teacher'], orgPath: '/37/3701/370102/S0001', token: 't' };
    await expect(getOrg.execute(teacher, orgs.S0001!.id)).resolves.toMatchObject({ name: '历下区第一实验小学' });
    await expect(getOrg.execute(teacher, seededOrgId('/37'))).resolves.toMatchObject({ name: '山东省' });
    await expect(getOrg.execute(teacher, orgs.K0001!.id)).rejects.toMatchObject({ code: 'role_not_allowed' });
    await expect(getOrg.execute(jinan, orgs.S0002!.id)).rejects.toMatchObject({ code: 'out_of_jurisdiction' });
  });
});
