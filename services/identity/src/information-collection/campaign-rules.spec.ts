import type { AdminRole, Principal, Role } from '@yanxiu/auth';
import fc from 'fast-check';
import { activityProblem, campaignConcerns, countingWindow, openingProblem, pathAndAncestors, windowProblem } from './campaign-rules.js';

const admin = (role: Role, orgPath: string | null): Pick<Principal, 'roles' | 'orgPath'> => ({ roles: [role], orgPath });
const at = (iso: string) => new Date(iso);

describe('openingProblem', () => {
  it.each([
    ['province-admin', '/37', { level: 'province', path: '/37' }],
    ['province-admin', '/37', { level: 'city', path: '/37/3702' }],
    ['city-admin', '/37/3701', { level: 'city', path: '/37/3701' }],
  ] as const)('lets a %s at %s open over %j', (role, path, scope) => {
    expect(openingProblem(admin(role, path), scope)).toBeNull();
  });

  it.each([
    ['county-admin', '/37/3701/370102', { level: 'county', path: '/37/3701/370102' }, 'only province and city admins'],
    ['school-admin', '/37/3701/370102/S0001', { level: 'city', path: '/37/3701' }, 'only province and city admins'],
    ['city-admin', '/37/3701', { level: 'county', path: '/37/3701/370102' }, 'not a county'],
    ['city-admin', '/37/3701', { level: 'city', path: '/37/3702' }, 'outside your jurisdiction'],
    ['city-admin', '/37/3701', { level: 'province', path: '/37' }, 'outside your jurisdiction'],
  ] as const)('refuses a %s at %s over %j', (role, path, scope, reason) => {
    expect(openingProblem(admin(role, path), scope)).toContain(reason);
  });
});

describe('windowProblem', () => {
  it('accepts a spring window given in Beijing time', () => {
    expect(windowProblem(at('2027-04-01T00:00:00+08:00'), at('2027-04-11T00:00:00+08:00'))).toBeNull();
  });

  it.each([
    [at('nonsense'), at('2027-04-11T00:00:00Z'), 'startsAt must be an ISO-8601'],
    [at('2027-04-01T00:00:00Z'), at(''), 'endsAt must be an ISO-8601'],
    [at('2027-04-11T00:00:00Z'), at('2027-04-01T00:00:00Z'), 'later than startsAt'],
    [at('2027-04-01T00:00:00Z'), at('2027-04-01T00:00:00Z'), 'later than startsAt'],
    [at('2027-01-01T00:00:00Z'), at('2027-12-31T00:00:00Z'), 'at most 183 days'],
  ])('refuses %s – %s', (from, to, reason) => {
    expect(windowProblem(from, to)).toContain(reason);
  });
});

describe('activityProblem and countingWindow', () => {
  const campaign = { status: 'open' as const, startsAt: at('2027-04-01T00:00:00Z'), endsAt: at('2027-04-11T00:00:00Z'), closedAt: null };

  it('is active exactly inside [startsAt, endsAt) while open', () => {
    expect(activityProblem(campaign, at('2027-03-31T23:59:59.999Z'))).toContain('opens at');
    expect(activityProblem(campaign, at('2027-04-01T00:00:00Z'))).toBeNull();
    expect(activityProblem(campaign, at('2027-04-10T23:59:59.999Z'))).toBeNull();
    expect(activityProblem(campaign, at('2027-04-11T00:00:00Z'))).toContain('ended at');
    expect(activityProblem({ ...campaign, status: 'closed' }, at('2027-04-05T00:00:00Z'))).toBe('the campaign is closed');
  });

  it('counts changes until the window ends, or until an early close', () => {
    expect(countingWindow(campaign)).toEqual({ from: campaign.startsAt, to: campaign.endsAt });
    expect(countingWindow({ ...campaign, closedAt: at('2027-04-05T00:00:00Z') }).to).toEqual(at('2027-04-05T00:00:00Z'));
    expect(countingWindow({ ...campaign, closedAt: at('2027-05-01T00:00:00Z') }).to).toEqual(campaign.endsAt);
  });
});

describe('campaignConcerns', () => {
  const segment = (options: string[]) => fc.constantFrom(...options);
  const path = fc
    .tuple(segment(['3701', '3702']), segment(['01', '02']), segment(['S0001', 'S00011']), fc.integer({ min: 1, max: 4 }))
    .map(([city, county, unit, depth]) => ['/37', `/37/${city}`, `/37/${city}/${city}${county}`, `/37/${city}/${city}${county}/${unit}`][depth - 1]!);
  const role = fc.constantFrom<AdminRole>('province-admin', 'city-admin', 'county-admin', 'school-admin');
  const campaignPath = fc.constantFrom('/37', '/37/3701', '/37/3702');
  const segmentsOf = (p: string) => p.split('/').filter(Boolean);
  const isPrefix = (a: string, b: string) => segmentsOf(a).every((s, i) => segmentsOf(b)[i] === s) && segmentsOf(a).length <= segmentsOf(b).length;

  it('concerns an admin exactly when one of the two paths contains the other, segment by segment', () => {
    fc.assert(fc.property(role, path, campaignPath, (r, own, scope) => campaignConcerns(admin(r, own), { orgPath: scope }) === (isPrefix(own, scope) || isPrefix(scope, own))));
  });

  it('never concerns another city, nor a token without an admin role or org path', () => {
    expect(campaignConcerns(admin('city-admin', '/37/3702'), { orgPath: '/37/3701' })).toBe(false);
    expect(campaignConcerns(admin('school-admin', '/37/3702/370201/S0001'), { orgPath: '/37/3701' })).toBe(false);
    expect(campaignConcerns(admin('teacher', '/37/3701/370102/S0001'), { orgPath: '/37/3701' })).toBe(false);
    expect(campaignConcerns(admin('province-admin', null), { orgPath: '/37' })).toBe(false);
  });
});

describe('pathAndAncestors', () => {
  it('lists the org and every org above it, from the top', () => {
    expect(pathAndAncestors('/37/3701/370102')).toEqual(['/37', '/37/3701', '/37/3701/370102']);
  });
});
