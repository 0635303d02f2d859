import { mayCreateLevel, placementProblem } from './org-rules.js';

describe('placementProblem', () => {
  it.each([
    [{ level: 'province', code: '37' }, { level: 'city', code: '3701' }],
    [{ level: 'city', code: '3701' }, { level: 'county', code: '370102' }],
    [{ level: 'county', code: '370102' }, { level: 'school', code: 'S0001' }],
    [{ level: 'county', code: '370102' }, { level: 'kindergarten', code: 'K12345' }],
  ] as const)('accepts %j → %j', (parent, child) => {
    expect(placementProblem(parent, child)).toBeNull();
  });

  it.each([
    [{ level: 'city', code: '3701' }, { level: 'school', code: 'S0001' }, 'a school cannot be created under a city'],
    [{ level: 'city', code: '3701' }, { level: 'county', code: '370202' }, 'county code must be 6 digits starting with 3701'],
    [{ level: 'province', code: '37' }, { level: 'city', code: '370' }, 'city code must be 4 digits starting with 37'],
    [{ level: 'county', code: '370102' }, { level: 'school', code: 's1' }, 'unit code must be'],
    [{ level: 'school', code: 'S0001' }, { level: 'school', code: 'S0002' }, 'a school cannot be created under a school'],
  ] as const)('rejects %j → %j', (parent, child, reason) => {
    expect(placementProblem(parent, child)).toContain(reason);
  });
});

describe('mayCreateLevel', () => {
  it('lets an admin create only below their own level', () => {
    expect(mayCreateLevel(['city-admin'], 'county')).toBe(true);
    expect(mayCreateLevel(['city-admin'], 'school')).toBe(true);
    expect(mayCreateLevel(['city-admin'], 'city')).toBe(false);
    expect(mayCreateLevel(['county-admin'], 'county')).toBe(false);
    expect(mayCreateLevel(['school-admin'], 'school')).toBe(false);
    expect(mayCreateLevel(['teacher'], 'school')).toBe(false);
    expect(mayCreateLevel(['teacher', 'province-admin'], 'city')).toBe(true);
  });
});
