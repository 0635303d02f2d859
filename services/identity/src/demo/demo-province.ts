import type { AdminRole, Principal } from '@yanxiu/auth';
import { generateProvince, type ProvinceOptions, type SyntheticOrg, type SyntheticProvince } from '@yanxiu/synthetic-province';
import type { DataSource } from 'typeorm';
import type { KeycloakAdmin, UserRepresentation } from '../accounts/keycloak-admin.js';
import { teacherProfile } from '../accounts/teacher-account.js';
import { OpenEnrollmentUseCase } from '../enrollment/enrollment-cascade.use-case.js';
import { EnrollTeachersUseCase } from '../enrollment/enroll-teachers.use-case.js';
import { EnrollmentRepository } from '../enrollment/enrollment.repository.js';
import { CreateOrgUseCase } from '../orgs/create-org.use-case.js';
import { OrgRepository } from '../orgs/org.repository.js';
import { FormStudyGroupsUseCase } from '../study-groups/form-study-groups.use-case.js';
import { StudyGroupRepository } from '../study-groups/study-group.repository.js';
import { CreateTeacherUseCase } from '../teachers/create-teacher.use-case.js';
import type { PersonalDataCipher } from '../teachers/personal-data-cipher.js';
import { TeacherRepository, type TeacherRecord } from '../teachers/teacher.repository.js';
import { enrollmentCalendar, isWithin, provinceToday, type Clock } from '../training-projects/project-calendar.js';
import type { TrainingProjectRecord, TrainingProjectSpec } from '../training-projects/training-project.js';
import { TrainingProjectRepository } from '../training-projects/training-project.repository.js';
import { CreateTrainingProjectUseCase, UpdateTrainingProjectUseCase } from '../training-projects/save-training-project.use-case.js';
import { demoProjectSpec, demoStudyProjectSpecs } from './demo-project.js';

/**
 * 济南's first two districts (历下区, 市中区), each with three primary schools and a kindergarten, ~190
 * teachers. Without high and middle schools the primary schools are S0001…, so 历下区 and its S0001
 * (济南市历下区实验小学) are where the realm's county-admin, school-admin and teacher-demo already sit.
 */
export const DEMO_PROVINCE: ProvinceOptions = {
  seed: 'yanxiu-demo',
  counties: 2,
  unitsPerCounty: { high: 0, middle: 0, primary: 3, kindergarten: 1, institution: 0 },
  teachersPerSchool: [18, 30],
};

/** The school of the realm's school-admin and teacher-demo; teacher-demo becomes its first 数学 teacher. */
export const DEMO_SCHOOL_PATH = '/37/3701/370102/S0001';
const DEMO_SUBJECT = '数学';
/** 济南市历下区实验幼儿园: the study demo's teacher (teacher-study-demo) is one of its trainees. */
export const DEMO_KINDERGARTEN_PATH = '/37/3701/370102/K0001';
/**
 * The study demo's user is made by the seed when Keycloak lacks it, with the password the realm file gives
 * teacher-demo: a user added to the realm file would make every dev stack wipe Keycloak for a re-import
 * (deploy/local/stack), losing the users tests made. Local platform only, never deployed.
 */
const DEMO_PASSWORD = 'Demo-2026!';

/** The Keycloak users that sign in as the demo's teachers. */
export interface DemoUsernames {
  /** Of the primary project, in course selection (the realm's `teacher-demo`). */
  teacher: string;
  /** Of the kindergarten project, in study (`teacher-study-demo`, made if missing). */
  studyTeacher: string;
}

export interface DemoProjectResult {
  id: string;
  name: string;
  frozen: boolean;
  unitsOpened: number;
  enrolled: number;
  groupsFormed: number;
}

export interface DemoProvinceResult {
  orgsCreated: number;
  teachersCreated: number;
  /** This year's primary project, in course selection. */
  project: DemoProjectResult;
  /** This year's kindergarten project, prepared like the other; startDemoStudy then starts its study. */
  studyProject: DemoProjectResult;
  demoTeacher: { id: string; orgPath: string; userUpdated: boolean };
  studyTeacher: { id: string; orgPath: string; userUpdated: boolean };
}

/** An admin of the seed at a level of the tree: what each step would take from a real admin there. */
const admin = (role: AdminRole, orgPath: string): Principal => ({ subject: 'identity-demo-seed', username: 'identity-demo-seed', roles: [role], orgPath, token: '' });

/**
 * The demo province of the local platform (`npm run platform`, never deployed), made with the synthetic
 * generator through identity's use cases as the admins of each level would: counties and units, teachers,
 * this year's primary project (demoProjectSpec) and kindergarten project (demoStudyProjectSpecs, as
 * prepared), each opened to the units of its stage, their teachers enrolled as trainees, study groups formed
 * per county; then the demo's teacher users are given one seeded teacher each (teacher_id, org_path, name).
 * Repeatable: what exists is found and left as it is (a withdrawn participant stays withdrawn, formed groups
 * are not re-formed); once a project's study has started, its enrollment and groups are frozen and skipped.
 * Expects the province and its cities seeded.
 */
export class DemoProvinceSeed {
  private readonly orgs = new OrgRepository();
  private readonly teachers = new TeacherRepository();
  private readonly projects = new TrainingProjectRepository();
  private readonly enrollments = new EnrollmentRepository();
  private readonly groups = new StudyGroupRepository();
  private readonly createOrg: CreateOrgUseCase;
  private readonly createTeacher: CreateTeacherUseCase;
  private readonly createProject: CreateTrainingProjectUseCase;
  private readonly openEnrollment: OpenEnrollmentUseCase;
  private readonly enroll: EnrollTeachersUseCase;
  private readonly formGroups: FormStudyGroupsUseCase;

  constructor(
    private readonly dataSource: DataSource,
    private readonly cipher: PersonalDataCipher,
    private readonly keycloak: KeycloakAdmin,
    private readonly clock: Clock = () => new Date(),
  ) {
    this.createOrg = new CreateOrgUseCase(dataSource, this.orgs);
    this.createTeacher = new CreateTeacherUseCase(dataSource, this.orgs, this.teachers, cipher);
    this.createProject = new CreateTrainingProjectUseCase(dataSource, this.orgs, this.projects, clock);
    this.openEnrollment = new OpenEnrollmentUseCase(dataSource, this.orgs, this.projects, this.enrollments, clock);
    this.enroll = new EnrollTeachersUseCase(dataSource, this.orgs, this.projects, this.enrollments, clock);
    this.formGroups = new FormStudyGroupsUseCase(dataSource, this.orgs, this.projects, this.enrollments, this.groups, clock);
  }

  async run(usernames: DemoUsernames): Promise<DemoProvinceResult> {
    const province = generateProvince(DEMO_PROVINCE);
    const { orgIds, created: orgsCreated } = await this.seedOrgs(province);
    const { byIdNumber, created: teachersCreated } = await this.seedTeachers(province, orgIds);
    const seeded = [...byIdNumber.values()];
    const today = provinceToday(this.clock());
    const project = await this.seedProject(demoProjectSpec(today));
    const studyProject = await this.seedProject(demoStudyProjectSpecs(today).preparing);
    const prepared = await this.prepare(province, project, orgIds, seeded);
    const studyPrepared = await this.prepare(province, studyProject, orgIds, seeded);

    const demoTeacher = demoTeacherOf(province, byIdNumber);
    const studyTeacher = await this.studyTeacherOf(province, studyProject, byIdNumber);
    return {
      orgsCreated,
      teachersCreated,
      project: prepared,
      studyProject: studyPrepared,
      demoTeacher: { id: demoTeacher.id, orgPath: demoTeacher.orgPath, userUpdated: await this.linkDemoUser(usernames.teacher, demoTeacher, 'must exist') },
      studyTeacher: { id: studyTeacher.id, orgPath: studyTeacher.orgPath, userUpdated: await this.linkDemoUser(usernames.studyTeacher, studyTeacher, 'create if missing') },
    };
  }

  /** Until its study starts: the project opened to the units of its stage, their teachers enrolled, groups formed. */
  private async prepare(province: SyntheticProvince, project: TrainingProjectRecord, orgIds: Map<string, string>, seeded: readonly TeacherRecord[]): Promise<DemoProjectResult> {
    const today = provinceToday(this.clock());
    const calendar = enrollmentCalendar(project.windows, today);
    let unitsOpened = 0;
    let enrolled = 0;
    let groupsFormed = 0;
    if (calendar.enrollmentOpen) {
      unitsOpened = await this.openCascade(province, project, orgIds);
      enrolled = await this.enrollSchools(province, project, orgIds, seeded);
    }
    if (!calendar.frozen && isWithin(project.windows.grouping, today)) groupsFormed = await this.formCountyGroups(province, project, orgIds);
    return { id: project.id, name: project.name, frozen: calendar.frozen, unitsOpened, enrolled, groupsFormed };
  }

  /** Counties by the city admin, units by their county admin; the province and cities must be there. */
  private async seedOrgs(province: SyntheticProvince): Promise<{ orgIds: Map<string, string>; created: number }> {
    const orgIds = new Map<string, string>();
    let created = 0;
    for (const org of province.orgs) {
      const found = await this.orgs.findByPath(this.dataSource.manager, org.path);
      if (found) {
        orgIds.set(org.path, found.id);
        continue;
      }
      if (org.level === 'province' || org.level === 'city') throw new Error(`${org.name} (${org.path}) is not on record: seed the province and its cities first (demo/seed-demo.main.js)`);
      const parentPath = parentOf(org);
      const creator = admin(org.level === 'county' ? 'city-admin' : 'county-admin', parentPath);
      const record = await this.createOrg.execute(creator, { parentId: idAt(orgIds, parentPath), code: org.code, name: org.name, level: org.level });
      orgIds.set(org.path, record.id);
      created += 1;
    }
    return { orgIds, created };
  }

  /** Each generated teacher by their county admin, unless their ID number is on the roster (wherever they are now). */
  private async seedTeachers(province: SyntheticProvince, orgIds: Map<string, string>): Promise<{ byIdNumber: Map<string, TeacherRecord>; created: number }> {
    const generated = [...province.teachers()];
    const onRoster = new Map((await this.teachers.findByIdNumberHashes(this.dataSource.manager, generated.map((t) => this.cipher.lookupHash(t.idNumber)))).map((t) => [t.idNumberHash, t]));
    const byIdNumber = new Map<string, TeacherRecord>();
    let created = 0;
    for (const t of generated) {
      let record = onRoster.get(this.cipher.lookupHash(t.idNumber));
      if (!record) {
        const unit = province.units.find((u) => u.path === t.orgPath);
        if (!unit) throw new Error(`generated teacher of unknown unit ${t.orgPath}`);
        record = await this.createTeacher.execute(admin('county-admin', parentOf(unit)), {
          orgId: idAt(orgIds, unit.path),
          name: t.name,
          idNumber: t.idNumber,
          gender: t.gender,
          stage: t.stage,
          subject: t.subject ?? '',
          title: t.title,
          phone: t.phone,
        });
        created += 1;
      }
      byIdNumber.set(t.idNumber, record);
    }
    return { byIdNumber, created };
  }

  /** The province's project of the spec's stage and year; created by the province admin, as `spec` lays it out, if there is none. */
  private async seedProject(spec: TrainingProjectSpec): Promise<TrainingProjectRecord> {
    const [existing] = await this.projects.listOwnedBy(this.dataSource.manager, ['/37'], { year: spec.year, stage: spec.stage });
    return existing ?? this.createProject.execute(admin('province-admin', '/37'), spec);
  }

  /** 济南's admin opens the project to the counties, each county admin to its schools of the project's stage; orgs already open are skipped. */
  private async openCascade(province: SyntheticProvince, project: TrainingProjectRecord, orgIds: Map<string, string>): Promise<number> {
    const notOpen = async (orgs: readonly SyntheticOrg[]) => {
      const ids = [];
      for (const o of orgs) if (!(await this.enrollments.findUnit(this.dataSource.manager, project.id, idAt(orgIds, o.path)))) ids.push(idAt(orgIds, o.path));
      return ids;
    };
    let opened = 0;
    for (const city of province.orgs.filter((o) => o.level === 'city')) {
      const counties = await notOpen(province.orgs.filter((o) => o.level === 'county' && o.parentPath === city.path));
      if (counties.length > 0) opened += (await this.openEnrollment.execute(admin('city-admin', city.path), { projectId: project.id, orgIds: counties })).length;
    }
    for (const county of province.orgs.filter((o) => o.level === 'county')) {
      const schools = await notOpen(province.units.filter((u) => u.parentPath === county.path && u.stage === project.stage));
      if (schools.length > 0) opened += (await this.openEnrollment.execute(admin('county-admin', county.path), { projectId: project.id, orgIds: schools })).length;
    }
    return opened;
  }

  /**
   * Each school admin lists the seeded teachers now on their roster (a teacher transferred to another
   * school is listed there) who are in service at the project's stage, as trainees in their own subject;
   * teachers with a row in the project (enrolled or withdrawn) are left as they are.
   */
  private async enrollSchools(province: SyntheticProvince, project: TrainingProjectRecord, orgIds: Map<string, string>, seeded: readonly TeacherRecord[]): Promise<number> {
    const manager = this.dataSource.manager;
    const everywhere = { projectId: project.id, orgPath: project.ownerOrgPath };
    const listed = new Set(
      [...(await this.enrollments.find(manager, { ...everywhere, status: 'enrolled' })), ...(await this.enrollments.find(manager, { ...everywhere, status: 'withdrawn' }))].map((e) => e.teacherId),
    );
    let enrolled = 0;
    for (const school of province.units.filter((u) => u.stage === project.stage)) {
      const schoolId = idAt(orgIds, school.path);
      const entries = seeded
        .filter((t) => t.orgId === schoolId && t.stage === project.stage && t.status === 'in_service' && !listed.has(t.id))
        .map((t) => ({ teacherId: t.id, subject: t.subject, role: 'trainee' as const }));
      if (entries.length > 0) enrolled += (await this.enroll.execute(admin('school-admin', school.path), { projectId: project.id, orgId: schoolId, entries })).length;
    }
    return enrolled;
  }

  /** Study groups of each county (the project's tutor-team scope) that has none yet, by its county admin. */
  private async formCountyGroups(province: SyntheticProvince, project: TrainingProjectRecord, orgIds: Map<string, string>): Promise<number> {
    let formed = 0;
    for (const county of province.orgs.filter((o) => o.level === 'county')) {
      const manager = this.dataSource.manager;
      if ((await this.groups.findInRegion(manager, project.id, county.path)).length > 0) continue;
      if ((await this.enrollments.count(manager, { projectId: project.id, orgPath: county.path })) === 0) continue;
      formed += (await this.formGroups.execute(admin('county-admin', county.path), { projectId: project.id, orgId: idAt(orgIds, county.path) })).groups.length;
    }
    return formed;
  }

  /**
   * The study demo's teacher: the first teacher (not a 园长) of 历下区实验幼儿园 enrolled in the project who
   * leads no study group, so that their courses alone qualify them (a leader also needs the county admin to
   * confirm their duty, ADR 0018). The same teacher on every run: groups, once formed, stay.
   */
  private async studyTeacherOf(province: SyntheticProvince, project: TrainingProjectRecord, byIdNumber: Map<string, TeacherRecord>): Promise<TeacherRecord> {
    const manager = this.dataSource.manager;
    const enrolled = new Set((await this.enrollments.find(manager, { projectId: project.id, orgPath: DEMO_KINDERGARTEN_PATH, status: 'enrolled' })).map((e) => e.teacherId));
    const county = DEMO_KINDERGARTEN_PATH.slice(0, DEMO_KINDERGARTEN_PATH.lastIndexOf('/'));
    const leaders = new Set((await this.groups.findInRegion(manager, project.id, county)).map((g) => g.leaderTeacherId));
    for (const t of province.teachers()) {
      if (t.orgPath !== DEMO_KINDERGARTEN_PATH || t.position !== 'teacher') continue;
      const record = byIdNumber.get(t.idNumber);
      if (record && enrolled.has(record.id) && !leaders.has(record.id)) return record;
    }
    throw new Error(`no teacher of ${DEMO_KINDERGARTEN_PATH} is enrolled in ${project.name} without leading a study group`);
  }

  /**
   * Gives the demo user the teacher's id, unit and name, as a provisioned account carries them; false when
   * it already had them. Not recorded as the teacher's account (teacher_accounts): a sync would rename the
   * user to the teacher's ID number, and the demo logins are `teacher-demo` and `teacher-study-demo`.
   */
  private async linkDemoUser(username: string, teacher: TeacherRecord, missing: 'must exist' | 'create if missing'): Promise<boolean> {
    const user = await this.keycloak.findUserByUsername(username);
    const profile = teacherProfile(teacher);
    if (!user && missing === 'create if missing') {
      await this.keycloak.createUser({
        username,
        enabled: true,
        lastName: profile.lastName,
        firstName: profile.firstName,
        attributes: { org_path: [profile.orgPath], teacher_id: [teacher.id] },
        credentials: [{ type: 'password', value: DEMO_PASSWORD, temporary: false }],
        requiredActions: [],
        realmRoles: ['teacher'],
      });
      return true;
    }
    if (!user) throw new Error(`Keycloak has no user "${username}" to sign in as the demo teacher (deploy/keycloak/yanxiu-realm.json defines teacher-demo)`);
    const next: UserRepresentation & { id: string } = {
      ...user,
      lastName: profile.lastName,
      firstName: profile.firstName,
      attributes: { ...user.attributes, org_path: [profile.orgPath], teacher_id: [teacher.id] },
    };
    const same =
      user.lastName === next.lastName &&
      user.firstName === next.firstName &&
      JSON.stringify(user.attributes?.org_path) === JSON.stringify(next.attributes?.org_path) &&
      JSON.stringify(user.attributes?.teacher_id) === JSON.stringify(next.attributes?.teacher_id);
    if (same) return false;
    await this.keycloak.updateUser(next);
    return true;
  }
}

function parentOf(org: SyntheticOrg): string {
  if (!org.parentPath) throw new Error(`${org.path} has no parent`);
  return org.parentPath;
}

function idAt(orgIds: Map<string, string>, path: string): string {
  const id = orgIds.get(path);
  if (!id) throw new Error(`no org id recorded for ${path}`);
  return id;
}

/** The first 数学 teacher (not a principal) the generator puts in the demo school, as the roster has them now. */
function demoTeacherOf(province: SyntheticProvince, byIdNumber: Map<string, TeacherRecord>): TeacherRecord {
  for (const t of province.teachers()) {
    if (t.orgPath === DEMO_SCHOOL_PATH && t.position === 'teacher' && t.subject === DEMO_SUBJECT) {
      const record = byIdNumber.get(t.idNumber);
      if (record) return record;
    }
  }
  throw new Error(`the demo province has no ${DEMO_SUBJECT} teacher at ${DEMO_SCHOOL_PATH}`);
}

/**
 * The second step of the study demo, once catalog has given the kindergarten project its course policy
 * (`npm run platform` runs it after catalog's seed): the province admin brings the project's study forward
 * to today (demoStudyProjectSpecs' `studying` layout), an edit identity allows until study starts. Catalog's
 * lock sweep then publishes the final counted lists, and heartbeats count from today. Repeatable: once the
 * study has started, the project is left as it is.
 */
export async function startDemoStudy(dataSource: DataSource, clock: Clock = () => new Date()): Promise<{ id: string; name: string; studyStart: string; moved: boolean }> {
  const projects = new TrainingProjectRepository();
  const today = provinceToday(clock());
  const { studying } = demoStudyProjectSpecs(today);
  const [project] = await projects.listOwnedBy(dataSource.manager, ['/37'], { year: studying.year, stage: studying.stage });
  if (!project) throw new Error(`there is no ${studying.year} ${studying.stage} project to start: run the demo province seed first (demo/seed-demo-province.main.js)`);
  if (today >= project.windows.study.start || studying.windows.study.start === project.windows.study.start) {
    return { id: project.id, name: project.name, studyStart: project.windows.study.start, moved: false };
  }
  const update = new UpdateTrainingProjectUseCase(dataSource, projects, new EnrollmentRepository(), clock);
  const moved = await update.execute(admin('province-admin', '/37'), { id: project.id, expectedVersion: project.version, spec: studying });
  return { id: moved.id, name: moved.name, studyStart: moved.windows.study.start, moved: true };
}
