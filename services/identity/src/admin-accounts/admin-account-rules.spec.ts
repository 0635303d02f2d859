import fc from 'fast-check';
import { isWithinJurisdiction, ROLES, type Principal, type Role } from '@yanxiu/auth';
import type { OrgLevel } from '../orgs/org-rules.js';
import { ADMIN_ROLE_OF_LEVEL, ADMIN_USERNAME, decideAdminAccount, maskPhone } from './admin-account-rules.js';

const LEVEL_AT_DEPTH: readonly (readonly OrgLevel[])[] = [['province'], ['city'], ['county'], ['school', 'kindergarten', 'institution']];
const ADMIN_AT_DEPTH: readonly Role[] = ['province-admin', 'city-admin', 'county-admin', 'school-admin'];

// Few codes per level, so principals and targets share ancestors often.
const segment = [fc.constant('37'), fc.constantFrom('3701', '3702'), fc.constantFrom('370102', '370103', '370202'), fc.constantFrom('S0001', 'K0002')] as const;
const path = (depth: number) => fc.tuple(...segment.slice(0, depth)).map((parts) => `/${parts.join('/')}`);
const org = fc.integer({ min: 1, max: 4 }).chain((depth) =>
  fc.record({ path: path(depth), level: fc.constantFrom(...(LEVEL_AT_DEPTH[depth - 1] ?? [])) }),
);
const caller = fc.record({
  roles: fc.uniqueArray(fc.constantFrom(...ROLES), { maxLength: 3 }),
  orgPath: fc.oneof(fc.integer({ min: 1, max: 4 }).chain(path), fc.constant(null)),
});
const depthOf = (p: string) => p.split('/').length - 1;

describe('decideAdminAccount', () => {
  it('allows only an admin exactly one level up whose own node is the org’s parent', () => {
    fc.assert(
      fc.property(caller, org, (principal, target) => {
        const decision = decideAdminAccount(principal, target);
        if (!decision.allowed) return;
        expect(decision.role).toBe(ADMIN_ROLE_OF_LEVEL[target.level]);
        expect(isWithinJurisdiction(principal.orgPath, target.path)).toBe(true);
        expect(depthOf(target.path)).toBe(depthOf(principal.orgPath ?? '') + 1);
        expect(principal.roles).toContain(ADMIN_AT_DEPTH[depthOf(target.path) - 2]);
      }),
      { numRuns: 3000 },
    );
  });

  it('gives every org below the province exactly one manager: the admin of its parent', () => {
    fc.assert(
      fc.property(org, (target) => {
        const depth = depthOf(target.path);
        const allowed = ADMIN_AT_DEPTH.flatMap((role) =>
          [1, 2, 3, 4].map((d) => target.path.split('/').slice(0, d + 1).join('/')).filter((p) => decideAdminAccount({ roles: [role], orgPath: p }, target).allowed).map((p) => `${role}@${p}`),
        );
        const parent = target.path.slice(0, target.path.lastIndexOf('/'));
        expect(allowed).toEqual(depth === 1 ? [] : [`${ADMIN_AT_DEPTH[depth - 2]}@${parent}`]);
      }),
    );
  });

  it('is not changed by non-admin roles, and never allows a province, a school admin or a teacher', () => {
    fc.assert(
      fc.property(caller, org, fc.constantFrom<Role>('teacher', 'expert', 'workshop-host'), (principal, target, extra) => {
        const withExtra: Pick<Principal, 'roles' | 'orgPath'> = { ...principal, roles: [...new Set([...principal.roles, extra])] };
        expect(decideAdminAccount(withExtra, target).allowed).toBe(decideAdminAccount(principal, target).allowed);
        if (target.level === 'province') expect(decideAdminAccount(principal, target).allowed).toBe(false);
        expect(decideAdminAccount({ roles: ['school-admin', 'teacher'], orgPath: principal.orgPath }, target).allowed).toBe(false);
      }),
    );
  });

  it('says why it refuses', () => {
    const school = { level: 'school' as const, path: '/37/3701/370102/S0001' };
    expect(decideAdminAccount({ roles: ['city-admin'], orgPath: '/37/3701' }, school)).toMatchObject({ allowed: false, reason: 'role_not_allowed', message: 'school-admin accounts are created by a county-admin' });
    expect(decideAdminAccount({ roles: ['county-admin'], orgPath: '/37/3701/370103' }, school)).toMatchObject({ allowed: false, reason: 'out_of_jurisdiction' });
    const province = decideAdminAccount({ roles: ['province-admin'], orgPath: '/37' }, { level: 'province', path: '/37' });
    expect(province.allowed || province.message).toContain('created by operations');
  });
});

describe('admin usernames and phones', () => {
  it.each(['ab12', 'lixia.s0001', 'wang_xiaoming', 'a-b-c-d'])('accepts %s', (name) => expect(ADMIN_USERNAME.test(name)).toBe(true));
  it.each(['abc', '370102198807120016', '1admin', 'Admin', 'wang xiaoming', '王小明', 'a'.repeat(33)])('refuses %s', (name) => expect(ADMIN_USERNAME.test(name)).toBe(false));

  it('masks the middle of a phone number', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
  });
});
