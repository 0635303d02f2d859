import fc from 'fast-check';
import {
  JurisdictionError,
  adminLevel,
  assertWithinJurisdiction,
  escapeLike,
  isWithinJurisdiction,
  jurisdictionFilter,
  type JurisdictionErrorCode,
} from './jurisdiction.js';
import type { Role } from './roles.js';

// Few, mutually prefixing segments, so "string prefix but not a segment prefix" comes up constantly.
const segment = fc.constantFrom('3', '37', '370', '3701', '37010', '370102', 'S0001', 'S-1', 'a');
const segments = fc.array(segment, { minLength: 1, maxLength: 5 });
const toPath = (parts: readonly string[]) => `/${parts.join('/')}`;

/** The rule, stated on segments: admin's segments are a prefix of the target's. */
const isSegmentPrefix = (admin: readonly string[], target: readonly string[]) =>
  admin.length <= target.length && admin.every((s, i) => target[i] === s);

/** Minimal SQL LIKE with `\` as escape character, to check jurisdictionFilter's pattern. */
function like(value: string, pattern: string): boolean {
  let re = '^';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] ?? '';
    if (c === '\\') re += (pattern[++i] ?? '').replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
    else if (c === '%') re += '[\\s\\S]*';
    else if (c === '_') re += '[\\s\\S]';
    else re += c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
  }
  return new RegExp(`${re}$`).test(value);
}

function sqlMatches(column: string, orgPath: string, rowValue: string): boolean {
  const { params } = jurisdictionFilter(column, orgPath);
  return rowValue === params[0] || like(rowValue, params[1]);
}

describe('isWithinJurisdiction', () => {
  it('is exactly the segment-prefix relation', () => {
    fc.assert(
      fc.property(segments, segments, (admin, target) => {
        expect(isWithinJurisdiction(toPath(admin), toPath(target))).toBe(isSegmentPrefix(admin, target));
      }),
      { numRuns: 2000 },
    );
  });

  it('holds for the node itself and every descendant, never for an ancestor', () => {
    fc.assert(
      fc.property(segments, segments, (admin, below) => {
        expect(isWithinJurisdiction(toPath(admin), toPath(admin))).toBe(true);
        expect(isWithinJurisdiction(toPath(admin), toPath([...admin, ...below]))).toBe(true);
        expect(isWithinJurisdiction(toPath([...admin, ...below]), toPath(admin))).toBe(false);
      }),
    );
  });

  it('does not treat a string prefix as a subtree', () => {
    expect(isWithinJurisdiction('/37/3701', '/37/37010')).toBe(false);
    expect(isWithinJurisdiction('/37/3701', '/37/3701/370102')).toBe(true);
    expect(isWithinJurisdiction('/37', '/370')).toBe(false);
  });

  it.each([
    ['/37/', '/37/3701'],
    ['/37', '/37/'],
    ['/37', '/37//3701'],
    ['', '/37'],
    ['/', '/37'],
    ['/37', '/37/%'],
    ['/37', '/37/../38'],
    [null, '/37'],
    ['/37', undefined],
  ])('fails closed on invalid paths (%p, %p)', (admin, target) => {
    expect(isWithinJurisdiction(admin, target)).toBe(false);
  });
});

describe('jurisdictionFilter', () => {
  it('builds a parameterised, index-friendly fragment', () => {
    expect(jurisdictionFilter('t.org_path', '/37/3701')).toEqual({ sql: '(t.org_path = ? OR t.org_path LIKE ?)', params: ['/37/3701', '/37/3701/%'] });
  });

  it('selects in SQL exactly the rows isWithinJurisdiction accepts', () => {
    fc.assert(
      fc.property(segments, segments, (admin, row) => {
        expect(sqlMatches('org_path', toPath(admin), toPath(row))).toBe(isWithinJurisdiction(toPath(admin), toPath(row)));
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses a column that is not a plain identifier, and an invalid path', () => {
    expect(() => jurisdictionFilter('org_path) OR (1=1', '/37')).toThrow(TypeError);
    expect(() => jurisdictionFilter('`org_path`', '/37')).toThrow(TypeError);
    expect(() => jurisdictionFilter('org_path', "/37' OR '1'='1")).toThrow(JurisdictionError);
    expect(() => jurisdictionFilter('org_path', '/37/%')).toThrow(JurisdictionError);
    expect(() => jurisdictionFilter('org_path', '')).toThrow(JurisdictionError);
  });
});

describe('escapeLike', () => {
  it('makes LIKE match the literal string only', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', '/', '%', '_', '\\', '3') }), fc.string({ unit: fc.constantFrom('a', '/', '%', '_', '\\', '3') }), (s, other) => {
        expect(like(s, escapeLike(s))).toBe(true);
        expect(like(other, escapeLike(s))).toBe(other === s);
      }),
      { numRuns: 2000 },
    );
  });

  it('escapes the three special characters', () => {
    expect(escapeLike('a%b_c\\d')).toBe('a\\%b\\_c\\\\d');
  });
});

describe('adminLevel', () => {
  it.each<[Role[], string | null]>([
    [['teacher'], null],
    [[], null],
    [['school-admin', 'teacher'], 'school-admin'],
    [['county-admin', 'school-admin'], 'county-admin'],
    [['city-admin', 'province-admin'], 'province-admin'],
    [['expert', 'city-admin'], 'city-admin'],
  ])('%p → %p', (roles, level) => {
    expect(adminLevel({ roles })).toBe(level);
  });
});

describe('assertWithinJurisdiction', () => {
  const cityAdmin = { roles: ['city-admin'] as Role[], orgPath: '/37/3701' };
  const codeOf = (fn: () => void): JurisdictionErrorCode | 'ok' => {
    try {
      fn();
      return 'ok';
    } catch (err) {
      if (err instanceof JurisdictionError) return err.code;
      throw err;
    }
  };

  it('lets an admin act inside the subtree only', () => {
    expect(codeOf(() => assertWithinJurisdiction(cityAdmin, '/37/3701/370102/S0001'))).toBe('ok');
    expect(codeOf(() => assertWithinJurisdiction(cityAdmin, '/37/3701'))).toBe('ok');
    expect(codeOf(() => assertWithinJurisdiction(cityAdmin, '/37/3702'))).toBe('outside_jurisdiction');
    expect(codeOf(() => assertWithinJurisdiction(cityAdmin, '/37/37010'))).toBe('outside_jurisdiction');
    expect(codeOf(() => assertWithinJurisdiction(cityAdmin, '/37'))).toBe('outside_jurisdiction');
  });

  it('fails closed for non-admins, admins without org path, and invalid targets', () => {
    expect(codeOf(() => assertWithinJurisdiction({ roles: ['teacher'], orgPath: '/37/3701' }, '/37/3701'))).toBe('not_an_admin');
    expect(codeOf(() => assertWithinJurisdiction({ roles: ['province-admin'], orgPath: null }, '/37'))).toBe('no_org_path');
    expect(codeOf(() => assertWithinJurisdiction(cityAdmin, '/37/3701/'))).toBe('invalid_org_path');
  });
});
