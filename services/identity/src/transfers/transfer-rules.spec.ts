import type { AdminRole, Principal } from '@yanxiu/auth';
import fc from 'fast-check';
import type { TeacherStatus } from '../teachers/teacher.repository.js';
import { addDays } from '../training-projects/training-project.spec-helper.js';
import { commonDepth, decideTransfer, enrollmentOnTransfer, inDepartedPoolOf, inServiceKind } from './transfer-rules.js';

const admin = (role: AdminRole, orgPath: string): Pick<Principal, 'roles' | 'orgPath'> => ({ roles: [role], orgPath });
const S1 = '/37/3701/370102/S0001';
const S2 = '/37/3701/370102/S0002';
const S3 = '/37/3701/370103/S0003';
const Q1 = '/37/3702/370202/S0001';

describe('decideTransfer', () => {
  it.each([
    ['county-admin', '/37/3701/370102', S1, S2, 'within_county'],
    ['city-admin', '/37/3701', S1, S2, 'within_county'],
    ['city-admin', '/37/3701', S1, S3, 'within_city'],
    ['province-admin', '/37', S1, Q1, 'across_cities'],
  ] as const)('lets a %s at %s move an in-service teacher %s → %s (%s)', (role, path, from, to, kind) => {
    expect(decideTransfer(admin(role, path), { status: 'in_service', orgPath: from }, to)).toEqual({ allowed: true, kind });
  });

  it.each([
    ['school-admin', S1, S1, S2],
    ['school-admin', '/37/3701/370102/S0002', S1, S2],
    ['county-admin', '/37/3701/370102', S1, S3],
    ['city-admin', '/37/3701', S1, Q1],
    ['city-admin', '/37/3702', S1, Q1],
    ['county-admin', '/37/3701/370103', S1, S3],
  ] as const)('refuses a %s at %s moving an in-service teacher %s → %s', (role, path, from, to) => {
    expect(decideTransfer(admin(role, path), { status: 'in_service', orgPath: from }, to)).toMatchObject({ allowed: false, reason: 'not_allowed' });
  });

  it('lets any school admin pull a departed teacher from anywhere into their own school (调入离职教师)', () => {
    expect(decideTransfer(admin('school-admin', S1), { status: 'departed', orgPath: Q1 }, S1)).toEqual({ allowed: true, kind: 'from_departed_pool' });
    expect(decideTransfer(admin('school-admin', S1), { status: 'departed', orgPath: S1 }, S1)).toEqual({ allowed: true, kind: 'from_departed_pool' });
    expect(decideTransfer(admin('county-admin', '/37/3701/370102'), { status: 'departed', orgPath: Q1 }, S2)).toEqual({ allowed: true, kind: 'from_departed_pool' });
    expect(decideTransfer(admin('school-admin', S1), { status: 'departed', orgPath: Q1 }, S2)).toMatchObject({ allowed: false, reason: 'not_allowed' });
  });

  it('refuses retired teachers, moves to the same unit and non-admins', () => {
    expect(decideTransfer(admin('province-admin', '/37'), { status: 'retired', orgPath: S1 }, S2)).toMatchObject({ allowed: false, reason: 'not_transferable' });
    expect(decideTransfer(admin('province-admin', '/37'), { status: 'in_service', orgPath: S1 }, S1)).toMatchObject({ allowed: false, reason: 'same_unit' });
    expect(decideTransfer({ roles: ['teacher'], orgPath: S1 }, { status: 'departed', orgPath: Q1 }, S1)).toMatchObject({ allowed: false, reason: 'not_allowed' });
    expect(decideTransfer({ roles: ['county-admin'], orgPath: null }, { status: 'in_service', orgPath: S1 }, S2)).toMatchObject({ allowed: false, reason: 'not_allowed' });
  });
});

describe('transfer rules, over generated org trees', () => {
  // Few codes per level, so generated units often share a county or a city.
  const city = fc.constantFrom('3701', '3702', '3703');
  const unit = fc.tuple(city, fc.constantFrom('01', '02', '03'), fc.constantFrom('S0001', 'S0002', 'K0003')).map(([c, county, u]) => `/37/${c}/${c}${county}/${u}`);
  const role = fc.constantFrom<AdminRole>('province-admin', 'city-admin', 'county-admin', 'school-admin');
  const depthOf: Record<AdminRole, number> = { 'province-admin': 1, 'city-admin': 2, 'county-admin': 3, 'school-admin': 4 };
  /** An admin sitting at their role's level above some generated unit. */
  const principal = fc.tuple(role, unit).map(([r, u]) => admin(r, `/${u.split('/').filter(Boolean).slice(0, depthOf[r]).join('/')}`));
  const status = fc.constantFrom<TeacherStatus>('in_service', 'departed', 'retired');
  const isPrefix = (p: string, path: string) => path === p || path.startsWith(`${p}/`);

  it('an allowed in-service transfer has a caller whose path is a prefix of both units', () => {
    fc.assert(
      fc.property(principal, unit, unit, (p, from, to) => {
        const d = decideTransfer(p, { status: 'in_service', orgPath: from }, to);
        return !d.allowed || (isPrefix(p.orgPath!, from) && isPrefix(p.orgPath!, to));
      }),
    );
  });

  it('a province admin may do any transfer between distinct units inside /37', () => {
    fc.assert(
      fc.property(unit, unit, fc.constantFrom<TeacherStatus>('in_service', 'departed'), (from, to, s) => {
        fc.pre(s === 'departed' || from !== to);
        return decideTransfer(admin('province-admin', '/37'), { status: s, orgPath: from }, to).allowed;
      }),
    );
  });

  it('a school admin never moves an in-service teacher', () => {
    fc.assert(
      fc.property(unit, unit, unit, (own, from, to) => !decideTransfer(admin('school-admin', own), { status: 'in_service', orgPath: from }, to).allowed),
    );
  });

  it('any school admin may pull a departed teacher into their own school, from anywhere', () => {
    fc.assert(fc.property(unit, unit, (own, from) => decideTransfer(admin('school-admin', own), { status: 'departed', orgPath: from }, own).allowed));
  });

  it('never transfers a retired teacher', () => {
    fc.assert(fc.property(principal, unit, unit, (p, from, to) => !decideTransfer(p, { status: 'retired', orgPath: from }, to).allowed));
  });

  it('the kind is set by the lowest common ancestor, whoever asks', () => {
    fc.assert(
      fc.property(principal, status, unit, unit, (p, s, from, to) => {
        const d = decideTransfer(p, { status: s, orgPath: from }, to);
        if (!d.allowed) return true;
        if (s === 'departed') return d.kind === 'from_departed_pool';
        const expected = ['across_cities', 'across_cities', 'within_city', 'within_county', 'within_county'][commonDepth(from, to)];
        return d.kind === expected && d.kind === inServiceKind(from, to);
      }),
    );
  });

  it('an in-service transfer is allowed exactly when the caller covers both units at or above the common level', () => {
    fc.assert(
      fc.property(principal, unit, unit, (p, from, to) => {
        fc.pre(from !== to);
        const callerDepth = p.orgPath!.split('/').filter(Boolean).length;
        const expected = callerDepth <= Math.min(commonDepth(from, to), 3) && isPrefix(p.orgPath!, from) && isPrefix(p.orgPath!, to);
        return decideTransfer(p, { status: 'in_service', orgPath: from }, to).allowed === expected;
      }),
    );
  });
});

describe('enrollmentOnTransfer', () => {
  // Grouping 05-01…05-15, study 07-01…08-31 (the confirmation window in between does not matter here).
  const windows = { grouping: { start: '2030-05-01', end: '2030-05-15' }, study: { start: '2030-07-01', end: '2030-08-31' } };
  const enrolled = { orgId: 'from', status: 'enrolled' as const };

  it.each([
    ['2030-04-20', 'moves'],
    ['2030-05-01', 'moves_leaving_groups'],
    ['2030-05-15', 'moves_leaving_groups'],
    ['2030-05-16', 'moves'],
    ['2030-07-01', 'moves'],
    ['2030-08-31', 'moves'],
    ['2030-09-01', 'stays'],
  ] as const)('on %s an enrollment %s', (today, fate) => {
    expect(enrollmentOnTransfer(enrolled, 'to', windows, today)).toBe(fate);
  });

  it('leaves withdrawn enrollments, and enrollments already at the new unit, where they are', () => {
    expect(enrollmentOnTransfer({ orgId: 'from', status: 'withdrawn' }, 'to', windows, '2030-05-05')).toBe('stays');
    expect(enrollmentOnTransfer(enrolled, 'from', windows, '2030-05-05')).toBe('stays');
  });

  it('moves exactly the enrolled participants of projects whose study has not ended, and touches groups only in the grouping window', () => {
    const day = fc.integer({ min: -30, max: 150 }).map((n) => addDays('2030-04-01', n));
    fc.assert(
      fc.property(day, fc.constantFrom('enrolled' as const, 'withdrawn' as const), fc.constantFrom('from', 'to'), (today, status, toOrgId) => {
        const fate = enrollmentOnTransfer({ orgId: 'from', status }, toOrgId, windows, today);
        const moves = status === 'enrolled' && toOrgId !== 'from' && today <= windows.study.end;
        const inGrouping = windows.grouping.start <= today && today <= windows.grouping.end;
        return fate === (!moves ? 'stays' : inGrouping ? 'moves_leaving_groups' : 'moves');
      }),
    );
  });
});

describe('inDepartedPoolOf', () => {
  const departed = { status: 'departed' as const, orgPath: Q1 };

  it('shows a departed teacher of the province to every admin of it, a school admin of another city included', () => {
    for (const [role, path] of [['school-admin', S1], ['county-admin', '/37/3701/370102'], ['city-admin', '/37/3701'], ['province-admin', '/37'], ['city-admin', '/37/3702']] as const) {
      expect(inDepartedPoolOf(admin(role, path), departed)).toBe(true);
    }
  });

  it('hides everyone in service or retired, even from the admins over them, and everyone from non-admins and other provinces', () => {
    for (const status of ['in_service', 'retired'] as const) {
      expect(inDepartedPoolOf(admin('school-admin', S1), { status, orgPath: Q1 })).toBe(false);
      expect(inDepartedPoolOf(admin('province-admin', '/37'), { status, orgPath: Q1 })).toBe(false);
      expect(inDepartedPoolOf(admin('school-admin', Q1), { status, orgPath: Q1 })).toBe(false);
    }
    expect(inDepartedPoolOf({ roles: ['teacher'], orgPath: S1 }, departed)).toBe(false);
    expect(inDepartedPoolOf({ roles: ['school-admin'], orgPath: null }, departed)).toBe(false);
    expect(inDepartedPoolOf(admin('province-admin', '/44'), departed)).toBe(false);
    // A string prefix of the province code is another province.
    expect(inDepartedPoolOf(admin('province-admin', '/3'), departed)).toBe(false);
  });
});
