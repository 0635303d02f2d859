/**
 * Jurisdiction acceptance for study groups and tutors: formation, overrides, reads, lists and the
 * tutor report, over every (principal, target) pair of the generated tree (jurisdiction-harness.ts).
 */
import type { Principal } from '@yanxiu/auth';
import { EnrollTeachersUseCase } from '../../src/enrollment/enroll-teachers.use-case.js';
import { OpenEnrollmentUseCase } from '../../src/enrollment/enrollment-cascade.use-case.js';
import { EnrollmentRepository } from '../../src/enrollment/enrollment.repository.js';
import { OrgRepository, type OrgRecord } from '../../src/orgs/org.repository.js';
import { FormStudyGroupsUseCase } from '../../src/study-groups/form-study-groups.use-case.js';
import type { StudyGroupRecord } from '../../src/study-groups/study-group.js';
import { StudyGroupOverridesUseCase } from '../../src/study-groups/study-group-overrides.use-case.js';
import { StudyGroupQueriesUseCase } from '../../src/study-groups/study-group-queries.use-case.js';
import { StudyGroupRepository } from '../../src/study-groups/study-group.repository.js';
import { SetTutorTeamHeadUseCase } from '../../src/study-groups/tutor-team-head.use-case.js';
import { CreateTrainingProjectUseCase } from '../../src/training-projects/save-training-project.use-case.js';
import type { TrainingProjectRecord } from '../../src/training-projects/training-project.js';
import { TrainingProjectRepository } from '../../src/training-projects/training-project.repository.js';
import { addDays, projectSpec, provinceNoon } from '../../src/training-projects/training-project.spec-helper.js';
import {
  adminOver,
  allowsRoot,
  allPages,
  contains,
  describeJurisdiction,
  idTaking,
  insideRoot,
  listing,
  once,
  roleOver,
  rootQueries,
  type JurisdictionTree,
  type RootQuery,
  type ScopedRow,
} from './jurisdiction-harness.js';

const D0 = '2041-04-18';
const ENROLLMENT_DAY = provinceNoon(addDays(D0, 5));
const GROUPING_DAY = provinceNoon(addDays(D0, 20));
const REGION_ADMINS = roleOver(['province-admin', 'city-admin', 'county-admin']);
/** Projects are the province's (/37 in the tree): callers outside it do not see them at all. */
const allowsInProject = (p: Principal, root: RootQuery) => allowsRoot(p, root) && p.orgPath !== null && contains('/37', p.orgPath);

/**
 * Two middle-school projects with every fixture teacher enrolled as a trainee: one merging each
 * county's small groups into one group across its schools (org path = the county), one keeping
 * groups inside their school (org path = the school). Both formed per county.
 */
const fixture = once(async (tree: JurisdictionTree) => {
  let now = ENROLLMENT_DAY;
  const clock = () => now;
  const ds = tree.dataSource;
  const orgs = new OrgRepository();
  const projects = new TrainingProjectRepository();
  const enrollment = new EnrollmentRepository();
  const groups = new StudyGroupRepository();
  const services = {
    form: new FormStudyGroupsUseCase(ds, orgs, projects, enrollment, groups, clock),
    overrides: new StudyGroupOverridesUseCase(ds, projects, enrollment, groups, clock),
    queries: new StudyGroupQueriesUseCase(ds, orgs, projects, enrollment, groups, tree.cipher),
    setHead: new SetTutorTeamHeadUseCase(ds, orgs, projects, enrollment, groups, clock),
  };
  const province = tree.adminAt('province-admin', tree.province.path);
  const create = new CreateTrainingProjectUseCase(ds, orgs, projects, clock);
  const open = new OpenEnrollmentUseCase(ds, orgs, projects, enrollment, clock);
  const enroll = new EnrollTeachersUseCase(ds, orgs, projects, enrollment, clock);
  const base = projectSpec(D0, 'middle');
  // The next year's project, with its enrollment and grouping windows stretched back over this year's,
  // so that one clock stands in both.
  const next = projectSpec(addDays(D0, 365), 'middle');
  const stretched = { ...next, windows: { ...next.windows, enrollment: base.windows.enrollment, grouping: { start: base.windows.grouping.start, end: next.windows.grouping.end } } };
  const made: TrainingProjectRecord[] = [];
  for (const spec of [
    { ...base, grouping: { ...base.grouping, mergeScope: 'county' as const, mergeBelow: 3 } },
    { ...stretched, grouping: { ...stretched.grouping, mergeScope: 'school' as const, mergeBelow: 1 } },
  ]) {
    const project = await create.execute(province, spec);
    await open.execute(province, { projectId: project.id, orgIds: tree.counties.map((c) => c.id) });
    await open.execute(province, { projectId: project.id, orgIds: tree.units.map((u) => u.id) });
    for (const unit of tree.units) {
      const entries = tree.teachers.filter((t) => t.record.orgId === unit.id).map((t) => ({ teacherId: t.record.id, subject: '数学', role: 'trainee' as const }));
      await enroll.execute(province, { projectId: project.id, orgId: unit.id, entries });
    }
    made.push(project);
  }
  // One tutor per county for the first project, enrolled through the county's first unit.
  const tutors = new Map<string, string>();
  for (const county of tree.counties) {
    const unit = tree.units.find((u) => u.path.startsWith(`${county.path}/`))!;
    const tutor = await tree.newTeacher(unit);
    await enroll.execute(province, { projectId: made[0]!.id, orgId: unit.id, entries: [{ teacherId: tutor.id, subject: '数学', role: 'tutor' }] });
    tutors.set(county.id, tutor.id);
  }
  now = GROUPING_DAY;
  for (const project of made) for (const county of tree.counties) await services.form.execute(province, { projectId: project.id, orgId: county.id });
  return { services, projects: made, tutors };
});

const storedGroups = async (tree: JurisdictionTree): Promise<(StudyGroupRecord & { memberIds: string[] })[]> => {
  const { projects } = await fixture(tree);
  const repo = new StudyGroupRepository();
  const all = (await Promise.all(projects.map((p) => tree.dataSource.query<{ id: string }[]>('SELECT id FROM study_groups WHERE project_id = ?', [p.id])))).flat();
  const records = await Promise.all(all.map(async ({ id }) => (await repo.findById(tree.dataSource.manager, id))!));
  const members = await repo.membersOf(tree.dataSource.manager, records.map((r) => r.id));
  return records.map((r) => ({ ...r, memberIds: (members.get(r.id) ?? []).map((m) => m.teacherId) }));
};

/** The fixture teacher a teacher's own principal stands for (by teacher_id claim or username). */
const selfOf = (tree: JurisdictionTree, p: Principal) =>
  p.roles.includes('teacher') ? tree.teachers.find((t) => t.record.id === p.teacherId || t.idNumber.toLowerCase() === p.username)?.record.id : undefined;

const listGroups = (projectIndex: number) =>
  listing<RootQuery>({
    name: `ListStudyGroups (project merging ${projectIndex === 0 ? 'across a county' : 'within schools'})`,
    queries: rootQueries,
    allows: allowsInProject,
    list: async (tree, p, root) => {
      const { services, projects } = await fixture(tree);
      const rows = await allPages((pageToken) => services.queries.list(p, { projectId: projects[projectIndex]!.id, orgId: root?.id ?? '', pageSize: 3, pageToken }));
      return rows.map((g) => ({ id: g.id, path: g.orgPath }));
    },
    universe: async (tree) => {
      const { projects } = await fixture(tree);
      return (await storedGroups(tree)).filter((g) => g.projectId === projects[projectIndex]!.id).map((g) => ({ id: g.id, path: g.orgPath }));
    },
    shows: insideRoot,
  });

describeJurisdiction('study groups and tutors', [
  listGroups(0),
  listGroups(1),
  idTaking({
    name: 'GetStudyGroup (admins over it, its members)',
    targets: storedGroups,
    pathOf: (g) => g.orgPath,
    allows: (p, g, tree) => adminOver(p, g.orgPath) || g.memberIds.includes(selfOf(tree, p) ?? '-'),
    call: async (tree, p, g) => (await fixture(tree)).services.queries.get(p, g.id),
  }),
  listing<RootQuery>({
    name: 'GetTutorReport',
    queries: rootQueries,
    allows: allowsInProject,
    list: async (tree, p, root) => {
      const { services, projects } = await fixture(tree);
      const reports = await Promise.all(projects.map((project) => services.queries.tutorReport(p, { projectId: project.id, orgId: root?.id ?? '' })));
      return reports.flatMap((teams, i) => teams.map((t): ScopedRow => ({ id: `${i}|${t.regionPath}|${t.subject}`, path: t.regionPath })));
    },
    universe: (tree) => Promise.resolve(tree.counties.flatMap((c: OrgRecord) => [0, 1].map((i) => ({ id: `${i}|${c.path}|数学`, path: c.path })))),
    shows: insideRoot,
  }),
  idTaking({
    name: 'ChangeStudyGroupLeader (county admin of the region or above)',
    targets: storedGroups,
    pathOf: (g) => g.regionPath,
    allows: (p, g) => REGION_ADMINS(p, g.regionPath),
    call: async (tree, p, g) => (await fixture(tree)).services.overrides.changeLeader(p, { groupId: g.id, teacherId: g.leaderTeacherId }),
  }),
  idTaking({
    name: 'AssignStudyGroupTutor (county admin of the region or above)',
    targets: storedGroups,
    pathOf: (g) => g.regionPath,
    allows: (p, g) => REGION_ADMINS(p, g.regionPath),
    call: async (tree, p, g) => (await fixture(tree)).services.overrides.assignTutor(p, { groupId: g.id, tutorTeacherId: '' }),
  }),
  idTaking({
    name: 'SetTutorTeamHead (county admin of the county or above)',
    targets: (tree) => tree.counties,
    pathOf: (c) => c.path,
    allows: (p, c) => REGION_ADMINS(p, c.path),
    call: async (tree, p, c) => {
      const { services, projects, tutors } = await fixture(tree);
      return services.setHead.execute(p, { projectId: projects[0]!.id, orgId: c.id, subject: '数学', teacherId: tutors.get(c.id)! });
    },
  }),
  // Last: every admitted formation replaces the county's groups.
  idTaking({
    name: 'FormStudyGroups (county admin of the county or above)',
    targets: (tree) => tree.counties,
    pathOf: (c) => c.path,
    allows: (p, c) => REGION_ADMINS(p, c.path),
    call: async (tree, p, c) => {
      const { services, projects } = await fixture(tree);
      return services.form.execute(p, { projectId: projects[0]!.id, orgId: c.id });
    },
  }),
]);
