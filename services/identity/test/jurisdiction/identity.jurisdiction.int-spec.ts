/**
 * Jurisdiction acceptance for the org tree, the roster, transfers, personal data and information
 * collection: every ID-taking and listing use case, every (principal, target) pair of the generated
 * tree (see jurisdiction-harness.ts, which also says how other features add their endpoints).
 */
import type { Principal } from '@yanxiu/auth';
import type { CampaignRecord } from '../../src/information-collection/campaign-rules.js';
import { CampaignRepository } from '../../src/information-collection/campaign.repository.js';
import { CloseCampaignUseCase, GetCampaignUseCase, ListCampaignsUseCase, OpenCampaignUseCase } from '../../src/information-collection/campaign.use-case.js';
import { GetCompletenessUseCase, ListCampaignTeachersUseCase } from '../../src/information-collection/completeness.use-case.js';
import { VerifyCampaignTeacherUseCase } from '../../src/information-collection/verify-teacher.use-case.js';
import { CreateOrgUseCase, GetOrgUseCase } from '../../src/orgs/create-org.use-case.js';
import { ListOrgChildrenUseCase, SearchOrgsUseCase } from '../../src/orgs/org-tree.use-case.js';
import { OrgRepository, type OrgRecord } from '../../src/orgs/org.repository.js';
import { CreateTeacherUseCase, GetTeacherUseCase } from '../../src/teachers/create-teacher.use-case.js';
import { ListTeachersUseCase } from '../../src/teachers/list-teachers.use-case.js';
import { PersonalDataReadRepository } from '../../src/teachers/personal-data-read.repository.js';
import { ListPersonalDataReadsUseCase, RevealTeacherPersonalDataUseCase } from '../../src/teachers/personal-data.use-case.js';
import { RetireTeacherUseCase } from '../../src/teachers/retire-teacher.use-case.js';
import { RosterRepository } from '../../src/teachers/roster.repository.js';
import { TeacherRepository, type TeacherRecord } from '../../src/teachers/teacher.repository.js';
import { UpdateTeacherUseCase } from '../../src/teachers/update-teacher.use-case.js';
import { DepartTeacherUseCase, GetTeacherTransfersUseCase } from '../../src/transfers/transfer-teacher.use-case.js';
import { transferTeacherUseCase } from '../../src/transfers/transfer.spec-helper.js';
import { TransferRepository } from '../../src/transfers/transfer.repository.js';
import {
  adminOver,
  allowsRoot,
  allPages,
  contains,
  describeJurisdiction,
  idTaking,
  insideRoot,
  isAdmin,
  listing,
  once,
  roleOver,
  rootQueries,
  type FixtureTeacher,
  type JurisdictionTree,
  type RootQuery,
  type ScopedRow,
} from './jurisdiction-harness.js';

/** Small pages, so every list also walks its page tokens. */
const PAGE = { pageSize: 7 };

const services = new WeakMap<JurisdictionTree, ReturnType<typeof build>>();
const build = (tree: JurisdictionTree) => {
  const ds = tree.dataSource;
  const orgs = new OrgRepository();
  const teachers = new TeacherRepository();
  const transfers = new TransferRepository();
  const roster = new RosterRepository();
  const reads = new PersonalDataReadRepository();
  const campaigns = new CampaignRepository();
  return {
    getOrg: new GetOrgUseCase(ds, orgs),
    createOrg: new CreateOrgUseCase(ds, orgs),
    listChildren: new ListOrgChildrenUseCase(ds, orgs),
    searchOrgs: new SearchOrgsUseCase(ds, orgs),
    getTeacher: new GetTeacherUseCase(ds, teachers, tree.cipher),
    createTeacher: new CreateTeacherUseCase(ds, orgs, teachers, tree.cipher),
    listTeachers: new ListTeachersUseCase(ds, orgs, roster, tree.cipher),
    updateTeacher: new UpdateTeacherUseCase(ds, roster, tree.cipher),
    departTeacher: new DepartTeacherUseCase(ds, teachers, transfers),
    retireTeacher: new RetireTeacherUseCase(ds, teachers, transfers),
    transferTeacher: transferTeacherUseCase(ds),
    transferHistory: new GetTeacherTransfersUseCase(ds, teachers, transfers),
    reveal: new RevealTeacherPersonalDataUseCase(ds, teachers, reads, tree.cipher),
    listReads: new ListPersonalDataReadsUseCase(ds, teachers, reads),
    openCampaign: new OpenCampaignUseCase(ds, orgs, campaigns),
    closeCampaign: new CloseCampaignUseCase(ds, campaigns),
    getCampaign: new GetCampaignUseCase(ds, campaigns),
    listCampaigns: new ListCampaignsUseCase(ds, campaigns),
    verify: new VerifyCampaignTeacherUseCase(ds, campaigns, transfers),
    completeness: new GetCompletenessUseCase(ds, orgs, campaigns),
    campaignTeachers: new ListCampaignTeachersUseCase(ds, orgs, campaigns),
  };
};
const use = (tree: JurisdictionTree) => {
  let built = services.get(tree);
  if (!built) services.set(tree, (built = build(tree)));
  return built;
};

const isSelf = (p: Principal, t: FixtureTeacher) => p.roles.includes('teacher') && p.username === t.idNumber.toLowerCase();
const records = (tree: JurisdictionTree) => tree.teachers.map((t) => t.record);
const unitOf = (tree: JurisdictionTree, t: TeacherRecord) => tree.units.find((u) => u.id === t.orgId)!;
const countyOf = (path: string) => path.split('/').slice(0, 4).join('/');
const overlaps = (p: Principal, path: string) => isAdmin(p) && (contains(p.orgPath, path) || (p.orgPath !== null && contains(path, p.orgPath)));
const rowsOf = (tree: JurisdictionTree, sql: string) => tree.dataSource.query<ScopedRow[]>(sql);

let codes = 50000;
let years = 2040;

/** A province campaign (2031) and one per city (2030), all inside their window now. */
const campaignsOf = once(async (tree) => {
  const open = (org: OrgRecord, year: number) =>
    use(tree).openCampaign.execute(tree.adminAt('province-admin', tree.province.path), {
      orgId: org.id,
      year,
      name: `${year} 春季信息采集 ${org.name}`,
      startsAt: new Date(Date.now() - 86_400_000).toISOString(),
      endsAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    });
  return [await open(tree.province, 2031), ...(await Promise.all(tree.cities.map((c) => open(c, 2030))))];
});
const campaignRoots = async (tree: JurisdictionTree) => (await campaignsOf(tree)).flatMap((campaign) => rootQueries(tree).map((root) => ({ campaign, root })));
type CampaignRoot = { campaign: CampaignRecord; root: RootQuery };
const campaignRootAllowed = (p: Principal, q: CampaignRoot) => overlaps(p, q.campaign.orgPath) && allowsRoot(p, q.root);
const campaignRootShows = (p: Principal, q: CampaignRoot, row: ScopedRow) => insideRoot(p, q.root, row) && contains(q.campaign.orgPath, row.path);

describeJurisdiction('the org tree, roster, transfers, personal data and information collection', [
  // ---- org tree
  idTaking<OrgRecord>({
    name: 'GetOrg',
    targets: (tree) => tree.orgs,
    pathOf: (org) => org.path,
    // Anyone may read the orgs on their own path (their school's name); admins their whole subtree.
    allows: (p, org) => adminOver(p, org.path) || (p.orgPath !== null && contains(org.path, p.orgPath)),
    call: (tree, p, org) => use(tree).getOrg.execute(p, org.id),
  }),
  idTaking<OrgRecord>({
    name: 'CreateOrg (a school under a county)',
    targets: (tree) => tree.counties,
    pathOf: (county) => county.path,
    allows: (p, county) => roleOver(['county-admin', 'city-admin', 'province-admin'])(p, county.path),
    call: (tree, p, county) => use(tree).createOrg.execute(p, { parentId: county.id, code: `S${codes++}`, name: '新建学校', level: 'school' }),
  }),
  listing<OrgRecord>({
    name: 'ListOrgChildren',
    queries: (tree) => tree.orgs,
    allows: (p, parent) => adminOver(p, parent.path),
    list: (tree, p, parent) => allPages((pageToken) => use(tree).listChildren.execute(p, { parentId: parent.id, pageToken, ...PAGE })),
    universe: (tree) => rowsOf(tree, 'SELECT id, path FROM orgs'),
    shows: (p, parent, row) => contains(p.orgPath, row.path) && row.path.slice(0, row.path.lastIndexOf('/')) === parent.path,
  }),
  listing<RootQuery>({
    name: 'SearchOrgs',
    queries: rootQueries,
    allows: allowsRoot,
    list: (tree, p, root) => allPages((pageToken) => use(tree).searchOrgs.execute(p, { rootId: root?.id ?? '', name: '', codePrefix: '', level: null, pageToken, ...PAGE })),
    universe: (tree) => rowsOf(tree, 'SELECT id, path FROM orgs'),
    shows: insideRoot,
  }),

  // ---- teachers
  idTaking<FixtureTeacher>({
    name: 'GetTeacher',
    targets: (tree) => tree.teachers,
    pathOf: (t) => t.record.orgPath,
    allows: (p, t) => adminOver(p, t.record.orgPath) || isSelf(p, t),
    call: (tree, p, t) => use(tree).getTeacher.execute(p, t.record.id),
  }),
  idTaking<OrgRecord>({
    name: 'CreateTeacher',
    targets: (tree) => tree.units,
    pathOf: (unit) => unit.path,
    call: (tree, p, unit) =>
      use(tree).createTeacher.execute(p, { orgId: unit.id, name: '周强', idNumber: tree.nextIdNumber(unit), gender: 'male', stage: 'middle', subject: '物理', title: '', phone: '' }),
  }),
  idTaking<TeacherRecord>({
    name: 'UpdateTeacher',
    targets: records,
    pathOf: (t) => t.orgPath,
    call: (tree, p, t) => use(tree).updateTeacher.execute(p, { id: t.id, title: '一级教师', subject: '化学' }),
    fresh: (tree, t) => tree.newTeacher(unitOf(tree, t)),
  }),
  idTaking<TeacherRecord>({
    name: 'DepartTeacher',
    targets: records,
    pathOf: (t) => t.orgPath,
    call: (tree, p, t) => use(tree).departTeacher.execute(p, t.id),
    fresh: (tree, t) => tree.newTeacher(unitOf(tree, t)),
  }),
  idTaking<TeacherRecord>({
    name: 'RetireTeacher',
    targets: records,
    pathOf: (t) => t.orgPath,
    call: (tree, p, t) => use(tree).retireTeacher.execute(p, t.id),
    fresh: (tree, t) => tree.newTeacher(unitOf(tree, t)),
  }),
  idTaking<TeacherRecord>({
    name: 'TransferTeacher (to the other unit of the same county)',
    targets: records,
    pathOf: (t) => t.orgPath,
    // Within a county: the county admin or above, over that county (a school admin never moves an in-service teacher).
    allows: (p, t) => roleOver(['county-admin', 'city-admin', 'province-admin'])(p, countyOf(t.orgPath)),
    call: (tree, p, t) => {
      const sibling = tree.units.find((u) => countyOf(u.path) === countyOf(t.orgPath) && u.id !== t.orgId)!;
      return use(tree).transferTeacher.execute(p, { teacherId: t.id, targetOrgId: sibling.id });
    },
    fresh: (tree, t) => tree.newTeacher(unitOf(tree, t)),
  }),
  idTaking<TeacherRecord>({
    name: 'GetTeacherTransfers',
    targets: records,
    pathOf: (t) => t.orgPath,
    call: (tree, p, t) => use(tree).transferHistory.execute(p, t.id),
  }),
  listing<RootQuery>({
    name: 'ListTeachers',
    queries: rootQueries,
    allows: allowsRoot,
    list: async (tree, p, root) =>
      (
        await allPages((pageToken) =>
          use(tree).listTeachers.execute(p, { orgId: root?.id ?? '', status: null, stage: null, subject: '', name: '', idNumber: '', pageToken, ...PAGE }),
        )
      ).map((t) => ({ id: t.id, path: t.orgPath })),
    universe: (tree) => rowsOf(tree, 'SELECT id, org_path AS path FROM teachers'),
    shows: insideRoot,
  }),

  // ---- personal data
  idTaking<FixtureTeacher>({
    name: 'RevealTeacherPersonalData',
    targets: (tree) => tree.teachers,
    pathOf: (t) => t.record.orgPath,
    allows: (p, t) => isSelf(p, t) || roleOver(['school-admin', 'county-admin'])(p, t.record.orgPath),
    call: (tree, p, t) => use(tree).reveal.execute(p, { id: t.record.id, reason: '核对身份证号' }),
  }),
  idTaking<FixtureTeacher>({
    name: 'ListPersonalDataReads (of one teacher)',
    targets: (tree) => tree.teachers,
    pathOf: (t) => t.record.orgPath,
    allows: (p, t) => roleOver(['city-admin', 'province-admin'])(p, t.record.orgPath),
    call: (tree, p, t) => use(tree).listReads.execute(p, { teacherId: t.record.id, pageSize: 0, pageToken: '' }),
  }),
  listing<null>({
    name: 'ListPersonalDataReads (the whole subtree)',
    prepare: async (tree) => {
      for (const t of tree.teachers) await use(tree).reveal.execute(tree.adminAt('school-admin', t.record.orgPath), { id: t.record.id, reason: '账号问题核对' });
    },
    queries: () => [null],
    allows: (p) => p.orgPath !== null && (p.roles.includes('city-admin') || p.roles.includes('province-admin')),
    list: async (tree, p) =>
      (await allPages((pageToken) => use(tree).listReads.execute(p, { teacherId: '', pageToken, ...PAGE }))).map((r) => ({ id: r.id, path: r.teacherOrgPath })),
    universe: (tree) => rowsOf(tree, 'SELECT id, teacher_org_path AS path FROM personal_data_reads'),
    shows: (p, _, row) => contains(p.orgPath, row.path),
  }),

  // ---- information collection
  idTaking<{ org: OrgRecord; year: number }>({
    name: 'OpenCollectionCampaign',
    // Refused calls all name 2099 (never opened); each admitted one gets a year of its own.
    targets: (tree) => [tree.province, ...tree.cities].map((org) => ({ org, year: 2099 })),
    pathOf: ({ org }) => org.path,
    allows: (p, { org }) => roleOver(['province-admin', 'city-admin'])(p, org.path),
    call: (tree, p, { org, year }) =>
      use(tree).openCampaign.execute(p, { orgId: org.id, year, name: '信息采集', startsAt: '2027-04-01T00:00:00+08:00', endsAt: '2027-04-11T00:00:00+08:00' }),
    fresh: (_, { org }) => Promise.resolve({ org, year: years++ }),
  }),
  idTaking<CampaignRecord>({
    name: 'GetCollectionCampaign',
    targets: campaignsOf,
    pathOf: (c) => c.orgPath,
    allows: (p, c) => overlaps(p, c.orgPath),
    call: (tree, p, c) => use(tree).getCampaign.execute(p, c.id),
  }),
  idTaking<CampaignRecord>({
    name: 'CloseCollectionCampaign',
    targets: campaignsOf,
    pathOf: (c) => c.orgPath,
    call: (tree, p, c) => use(tree).closeCampaign.execute(p, c.id),
    fresh: (tree, c) =>
      use(tree).openCampaign.execute(tree.adminAt('province-admin', tree.province.path), {
        orgId: c.orgId,
        year: years++,
        name: '信息采集',
        startsAt: c.startsAt.toISOString(),
        endsAt: c.endsAt.toISOString(),
      }),
  }),
  idTaking<FixtureTeacher>({
    name: 'VerifyCampaignTeacher (in the city campaign)',
    targets: (tree) => tree.teachers,
    pathOf: (t) => t.record.orgPath,
    call: async (tree, p, t) => {
      const campaign = (await campaignsOf(tree)).find((c) => c.year === 2030 && contains(c.orgPath, t.record.orgPath))!;
      return use(tree).verify.execute(p, { campaignId: campaign.id, teacherId: t.record.id });
    },
  }),
  listing<null>({
    name: 'ListCollectionCampaigns',
    prepare: async (tree) => void (await campaignsOf(tree)),
    queries: () => [null],
    allows: (p) => isAdmin(p) && p.orgPath !== null,
    list: async (tree, p) => (await allPages((pageToken) => use(tree).listCampaigns.execute(p, { status: null, pageToken, pageSize: 2 }))).map((c) => ({ id: c.id, path: c.orgPath })),
    universe: (tree) => rowsOf(tree, 'SELECT id, org_path AS path FROM collection_campaigns'),
    shows: (p, _, row) => overlaps(p, row.path),
  }),
  listing<CampaignRoot>({
    name: 'GetCollectionCompleteness',
    queries: campaignRoots,
    allows: campaignRootAllowed,
    list: async (tree, p, q) =>
      (await allPages(async (pageToken) => (await use(tree).completeness.execute(p, { campaignId: q.campaign.id, orgId: q.root?.id ?? '', pageToken, ...PAGE })).page)).map((u) => ({
        id: u.org.id,
        path: u.org.path,
      })),
    universe: (tree) => rowsOf(tree, "SELECT id, path FROM orgs WHERE level IN ('school', 'kindergarten', 'institution')"),
    shows: campaignRootShows,
  }),
  listing<CampaignRoot>({
    name: 'ListCampaignTeachers',
    queries: campaignRoots,
    allows: campaignRootAllowed,
    list: async (tree, p, q) =>
      (
        await allPages((pageToken) => use(tree).campaignTeachers.execute(p, { campaignId: q.campaign.id, orgId: q.root?.id ?? '', verification: null, name: '', pageToken, ...PAGE }))
      ).map((row) => ({ id: row.teacher.id, path: row.teacher.orgPath })),
    universe: (tree) => rowsOf(tree, "SELECT id, org_path AS path FROM teachers WHERE status = 'in_service'"),
    shows: campaignRootShows,
  }),
]);
