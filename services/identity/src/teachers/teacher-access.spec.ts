import type { Principal, Role } from '@yanxiu/auth';
import fc from 'fast-check';
import { PersonalDataCipher } from './personal-data-cipher.js';
import { isTeacherThemself, revealRoleOf } from './teacher-access.js';

const S1 = '/37/3701/370102/S0001';

describe('revealRoleOf', () => {
  it.each([
    [['school-admin'], S1, 'school-admin'],
    [['county-admin'], '/37/3701/370102', 'county-admin'],
    [['school-admin'], '/37/3701/370102/S0002', null],
    [['county-admin'], '/37/3701/370103', null],
    [['city-admin'], '/37/3701', null],
    [['province-admin'], '/37', null],
    [['teacher'], S1, null],
  ] as [Role[], string, string | null][])('%j at %s → %s', (roles, orgPath, expected) => {
    expect(revealRoleOf({ roles, orgPath }, S1, false)).toBe(expected);
  });

  it('lets the teacher themself see their own number wherever they are', () => {
    expect(revealRoleOf({ roles: ['teacher'], orgPath: '/37/3702' }, S1, true)).toBe('self');
  });

  it('never grants an admin role outside the jurisdiction, nor to city or province admins', () => {
    const segment = fc.constantFrom('37', '3701', '3702', '370102', '370103', 'S0001', 'S00011');
    const path = fc.array(segment, { minLength: 1, maxLength: 4 }).map((s) => `/${s.join('/')}`);
    const roles = fc.subarray<Role>(['teacher', 'school-admin', 'county-admin', 'city-admin', 'province-admin']);
    fc.assert(
      fc.property(roles, path, path, (r, own, target) => {
        const role = revealRoleOf({ roles: r, orgPath: own }, target, false);
        if (role === null) return true;
        const inside = target === own || target.startsWith(`${own}/`);
        return inside && r.includes(role as Role) && role !== 'self';
      }),
    );
  });
});

describe('isTeacherThemself', () => {
  const cipher = new PersonalDataCipher('11'.repeat(32), '22'.repeat(32));
  const teacher = { id: '8d0c8a4e-3f7b-4c1e-9a55-0c7d2b1e4f60', idNumberHash: cipher.lookupHash('11010519491231002X') };
  const principal = (username: string, roles: Role[] = ['teacher']): Pick<Principal, 'roles' | 'username' | 'teacherId'> => ({ username, roles });

  it('matches a teacher token whose username is the ID number as Keycloak stores it (lowercase x)', () => {
    expect(isTeacherThemself(principal('11010519491231002x'), teacher, cipher)).toBe(true);
  });

  it('does not match another number or a token without the teacher role', () => {
    expect(isTeacherThemself(principal('110105194912310021'), teacher, cipher)).toBe(false);
    expect(isTeacherThemself(principal('11010519491231002x', ['school-admin']), teacher, cipher)).toBe(false);
  });

  it('prefers the teacher_id claim of a provisioned account: it survives a corrected ID number', () => {
    expect(isTeacherThemself({ ...principal('110105194912310021'), teacherId: teacher.id }, teacher, cipher)).toBe(true);
    expect(isTeacherThemself({ ...principal('11010519491231002x'), teacherId: '00000000-0000-4000-8000-000000000000' }, teacher, cipher)).toBe(false);
  });
});
