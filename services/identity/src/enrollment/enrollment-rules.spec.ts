import type { AdminRole, Principal } from '@yanxiu/auth';
import fc from 'fast-check';
import { addDays, CALENDAR, projectSpec } from '../training-projects/training-project.spec-helper.js';
import { ENROLLMENT_ROLES, type EnrollmentRole, type EnrollmentUnitStatus } from './enrollment.js';
import {
  appointerOf,
  cascadeProblem,
  decideCascadeStep,
  decideEnrollmentWrite,
  participantProblems,
  ranksAtLeast,
  type EnrollmentWrite,
  type EnrollmentWriteContext,
  type TeacherFacts,
} from './enrollment-rules.js';

const D0 = '2024-04-18';
const project = projectSpec(D0);
const day = (n: number) => addDays(D0, n);
const admin = (role: AdminRole, orgPath: string): Pick<Principal, 'roles' | 'orgPath'> => ({ roles: [role], orgPath });
const S1 = '/37/3701/370102/S0001';
const school = admin('school-admin', S1);
const county = admin('county-admin', '/37/3701/370102');
const city = admin('city-admin', '/37/3701');
const province = admin('province-admin', '/37');

const ctx = (patch: Partial<EnrollmentWriteContext> = {}): EnrollmentWriteContext => ({
  write: 'enroll',
  windows: project.windows,
  tutorTeamScope: 'county',
  today: day(CALENDAR.enrollment),
  unitPath: S1,
  unitStatus: 'open',
  roles: ['trainee'],
  ...patch,
});

describe('decideEnrollmentWrite', () => {
  it('lets the school admin put trainees and group leaders on an open unit in the enrollment window', () => {
    expect(decideEnrollmentWrite(school, ctx({ roles: ['trainee', 'group_leader'] }))).toBeNull();
  });

  it('refuses every write once study has started, whoever asks and whatever the unit state', () => {
    for (const who of [school, county, city, province]) {
      for (const write of ['enroll', 'change', 'withdraw'] as const) {
        expect(decideEnrollmentWrite(who, ctx({ write, today: day(CALENDAR.studyStarted) }))).toEqual({
          code: 'enrollment_frozen',
          message: 'study started on 2024-06-17: enrollment data is frozen (研修开始之后不再开放报名信息的更改)',
        });
      }
    }
  });

  it('needs the unit opened by its county and not yet submitted for list roles', () => {
    expect(decideEnrollmentWrite(school, ctx({ unitStatus: null }))).toMatchObject({ code: 'enrollment_cascade', message: expect.stringContaining('has not been opened to') as string });
    expect(decideEnrollmentWrite(county, ctx({ unitStatus: 'submitted' }))).toMatchObject({ code: 'enrollment_cascade', message: expect.stringContaining('退回') as string });
  });

  it('leaves tutors, experts and hosts to the admins who appoint them, whatever the unit state', () => {
    expect(decideEnrollmentWrite(school, ctx({ roles: ['tutor'] }))).toMatchObject({ code: 'role_not_allowed' });
    expect(decideEnrollmentWrite(county, ctx({ roles: ['tutor'], unitStatus: null }))).toBeNull();
    expect(decideEnrollmentWrite(county, ctx({ roles: ['tutor'], tutorTeamScope: 'city' }))).toMatchObject({ code: 'role_not_allowed', message: 'enrolling a tutor is done by a city-admin or above, not a county-admin' });
    expect(decideEnrollmentWrite(city, ctx({ roles: ['tutor'], tutorTeamScope: 'city', unitStatus: 'submitted' }))).toBeNull();
    expect(decideEnrollmentWrite(city, ctx({ roles: ['course_expert'] }))).toMatchObject({ code: 'role_not_allowed' });
    expect(decideEnrollmentWrite(province, ctx({ roles: ['course_expert'] }))).toBeNull();
  });

  it('in the confirmation window lets county and city admins correct or withdraw, and nobody enroll', () => {
    const today = day(CALENDAR.confirmation);
    expect(decideEnrollmentWrite(county, ctx({ today, write: 'change', unitStatus: 'submitted' }))).toBeNull();
    expect(decideEnrollmentWrite(city, ctx({ today, write: 'withdraw', unitStatus: 'submitted' }))).toBeNull();
    expect(decideEnrollmentWrite(school, ctx({ today, write: 'change' }))).toMatchObject({ code: 'role_not_allowed', message: expect.stringContaining('confirmation window') as string });
    expect(decideEnrollmentWrite(county, ctx({ today, write: 'enroll' }))).toMatchObject({ code: 'enrollment_window_closed' });
  });

  it('refuses outside the windows, naming them', () => {
    expect(decideEnrollmentWrite(province, ctx({ today: day(CALENDAR.betweenWindows) }))).toEqual({
      code: 'enrollment_window_closed',
      message: 'participants are enrolled in the enrollment window (2024-04-18 – 2024-04-28) and corrected in the confirmation window (2024-05-28 – 2024-06-07); today is 2024-04-30',
    });
  });

  it('keeps every admin inside their subtree and refuses non-admins', () => {
    expect(decideEnrollmentWrite(admin('school-admin', '/37/3701/370102/S0002'), ctx())).toMatchObject({ code: 'out_of_jurisdiction' });
    expect(decideEnrollmentWrite(admin('city-admin', '/37/3702'), ctx())).toMatchObject({ code: 'out_of_jurisdiction' });
    expect(decideEnrollmentWrite({ roles: ['teacher'], orgPath: S1 }, ctx())).toMatchObject({ code: 'role_not_allowed' });
  });
});

describe('enrollment writes, over generated callers, units, days and roles', () => {
  const unit = fc
    .tuple(fc.constantFrom('3701', '3702'), fc.constantFrom('01', '02'), fc.constantFrom('S0001', 'S0002'))
    .map(([c, k, u]) => `/37/${c}/${c}${k}/${u}`);
  const depth: Record<AdminRole, number> = { 'province-admin': 1, 'city-admin': 2, 'county-admin': 3, 'school-admin': 4 };
  const caller = fc
    .tuple(fc.constantFrom<AdminRole>('province-admin', 'city-admin', 'county-admin', 'school-admin'), unit)
    .map(([role, u]) => admin(role, `/${u.split('/').filter(Boolean).slice(0, depth[role]).join('/')}`));
  const today = fc.integer({ min: -5, max: 130 }).map(day);
  const unitStatus = fc.constantFrom<EnrollmentUnitStatus | null>(null, 'open', 'submitted');
  const roles = fc.uniqueArray(fc.constantFrom(...ENROLLMENT_ROLES), { minLength: 1, maxLength: 2 });
  const write = fc.constantFrom<EnrollmentWrite>('enroll', 'change', 'withdraw');
  const scope = fc.constantFrom<'city' | 'county'>('city', 'county');
  const context = fc.record({ write, today, unitPath: unit, unitStatus, roles, tutorTeamScope: scope }).map((c) => ctx(c));
  const under = (p: string, path: string) => path === p || path.startsWith(`${p}/`);

  it('an allowed write is inside a window before study, inside the caller subtree, by a rank at least every role appointer', () => {
    fc.assert(
      fc.property(caller, context, (p, c) => {
        if (decideEnrollmentWrite(p, c) !== null) return true;
        const role = p.roles[0] as AdminRole;
        return (
          c.today < project.windows.study.start &&
          (c.today <= project.windows.enrollment.end || c.today >= project.windows.confirmation.start) &&
          under(p.orgPath!, c.unitPath) &&
          c.roles.every((r) => ranksAtLeast(role, appointerOf(r, c.tutorTeamScope)))
        );
      }),
    );
  });

  it('frozen is frozen: from study start nothing is allowed', () => {
    fc.assert(
      fc.property(caller, context, fc.integer({ min: 0, max: 300 }), (p, c, n) => {
        return decideEnrollmentWrite(p, { ...c, today: addDays(project.windows.study.start, n) })?.code === 'enrollment_frozen';
      }),
    );
  });

  it('a list role on a unit that is not open is only ever changed by a county admin or above in the confirmation window', () => {
    fc.assert(
      fc.property(caller, context, (p, c) => {
        fc.pre(c.roles.some((r: EnrollmentRole) => r === 'trainee' || r === 'group_leader') && c.unitStatus !== 'open');
        if (decideEnrollmentWrite(p, c) !== null) return true;
        return c.write !== 'enroll' && c.today >= project.windows.confirmation.start && ranksAtLeast(p.roles[0] as AdminRole, 'county-admin');
      }),
    );
  });
});

describe('the cascade', () => {
  const today = day(CALENDAR.enrollment);

  it('has the city open counties, the county open units, each level submit, the level above return', () => {
    expect(decideCascadeStep(city, 'open', 'county', '/37/3701/370102', project.windows, today)).toBeNull();
    expect(decideCascadeStep(county, 'open', 'county', '/37/3701/370102', project.windows, today)).toMatchObject({ code: 'role_not_allowed' });
    expect(decideCascadeStep(county, 'open', 'unit', S1, project.windows, today)).toBeNull();
    expect(decideCascadeStep(school, 'submit', 'unit', S1, project.windows, today)).toBeNull();
    expect(decideCascadeStep(school, 'return', 'unit', S1, project.windows, today)).toMatchObject({ code: 'role_not_allowed' });
    expect(decideCascadeStep(county, 'return', 'unit', S1, project.windows, today)).toBeNull();
    expect(decideCascadeStep(county, 'submit', 'county', '/37/3701/370102', project.windows, today)).toBeNull();
    expect(decideCascadeStep(city, 'submit', 'city', '/37/3701', project.windows, today)).toBeNull();
    expect(decideCascadeStep(city, 'return', 'city', '/37/3701', project.windows, today)).toMatchObject({ code: 'role_not_allowed' });
    expect(decideCascadeStep(admin('city-admin', '/37/3702'), 'open', 'county', '/37/3701/370102', project.windows, today)).toMatchObject({ code: 'out_of_jurisdiction' });
    expect(decideCascadeStep(province, 'open', 'city', '/37/3701', project.windows, today)).toMatchObject({ code: 'enrollment_cascade' });
  });

  it('runs only in the enrollment window and never after study starts', () => {
    expect(decideCascadeStep(city, 'open', 'county', '/37/3701/370102', project.windows, day(CALENDAR.confirmation))).toMatchObject({ code: 'enrollment_window_closed' });
    expect(decideCascadeStep(province, 'submit', 'city', '/37/3701', project.windows, day(CALENDAR.studying))).toMatchObject({ code: 'enrollment_frozen' });
  });

  it('opens units only under an open county, submits only when every opened child has, returns only under an open parent', () => {
    const base = { path: S1, status: null, parent: { path: '/37/3701/370102', status: 'open' as const }, openChildren: [], childCount: 0 };
    expect(cascadeProblem('open', 'unit', base)).toBeNull();
    expect(cascadeProblem('open', 'unit', { ...base, parent: { path: '/37/3701/370102', status: null } })).toMatch(/has not been opened to the county/);
    expect(cascadeProblem('open', 'county', { ...base, parent: { path: '/37/3701', status: 'submitted' } })).toMatch(/already submitted/);
    expect(cascadeProblem('submit', 'unit', { ...base, status: 'open' })).toBeNull();
    expect(cascadeProblem('submit', 'unit', { ...base, status: 'submitted' })).toBe(`${S1} has already submitted`);
    const county = { path: '/37/3701/370102', status: 'open' as const, parent: { path: '/37/3701', status: 'open' as const } };
    expect(cascadeProblem('submit', 'county', { ...county, openChildren: [S1], childCount: 2 })).toBe(`1 of the 2 opened under /37/3701/370102 have not submitted yet: ${S1}`);
    expect(cascadeProblem('submit', 'county', { ...county, openChildren: [], childCount: 0 })).toMatch(/nothing has been opened/);
    expect(cascadeProblem('submit', 'county', { ...county, openChildren: [], childCount: 2 })).toBeNull();
    expect(cascadeProblem('return', 'unit', { ...base, status: 'submitted' })).toBeNull();
    expect(cascadeProblem('return', 'unit', { ...base, status: 'open' })).toMatch(/nothing to return/);
    expect(cascadeProblem('return', 'unit', { ...base, status: 'submitted', parent: { path: '/37/3701/370102', status: 'submitted' } })).toMatch(/return it first/);
  });

  it('keeps the invariant "a submitted node has no open node above it being submitted" over generated states', () => {
    const status = fc.constantFrom<EnrollmentUnitStatus | null>(null, 'open', 'submitted');
    fc.assert(
      fc.property(status, status, fc.array(status, { maxLength: 4 }), fc.constantFrom('submit' as const, 'return' as const), (self, parent, children, step) => {
        const opened = children.filter((c): c is EnrollmentUnitStatus => c !== null);
        const problem = cascadeProblem(step, 'county', {
          path: '/37/3701/370102',
          status: self,
          parent: { path: '/37/3701', status: parent },
          openChildren: opened.filter((c) => c === 'open').map((_, i) => `/37/3701/370102/S${i}`),
          childCount: opened.length,
        });
        if (problem !== null) return true;
        // Allowed: the node is opened, its parent is not submitted, and a submit has every child submitted.
        return self !== null && parent !== 'submitted' && (step === 'return' ? self === 'submitted' : self === 'open' && opened.length > 0 && opened.every((c) => c === 'submitted'));
      }),
    );
  });
});

describe('participantProblems', () => {
  const teacher: TeacherFacts = { id: 't1', orgId: 'u1', orgPath: S1, stage: 'primary', status: 'in_service' };

  it('accepts an in-service teacher of the unit and the stage with an offered subject', () => {
    expect(participantProblems(project, 'u1', '数学', teacher)).toEqual([]);
  });

  it('names every reason a teacher cannot take part', () => {
    expect(participantProblems(project, 'u2', '物理', { ...teacher, status: 'departed', stage: 'middle' })).toEqual([
      `teacher t1 belongs to ${S1}, not to this unit`,
      'teacher t1 is departed: only in-service teachers take part',
      'teacher t1 teaches at the middle stage, not in this primary project',
      'subject "物理" is not offered by this project (offered: 语文、数学、英语、科学)',
    ]);
  });

  it('takes kindergarten teachers without a subject', () => {
    const kindergarten = projectSpec(D0, 'kindergarten');
    expect(participantProblems(kindergarten, 'u1', '', { ...teacher, stage: 'kindergarten' })).toEqual([]);
    expect(participantProblems(kindergarten, 'u1', '语文', { ...teacher, stage: 'kindergarten' })).toEqual(['kindergarten projects have no subjects (幼儿园不分学科), got "语文"']);
  });
});
