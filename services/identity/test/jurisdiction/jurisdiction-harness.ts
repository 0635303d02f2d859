/**
 * Jurisdiction acceptance (issue 3): "for every ID-taking and listing endpoint, an admin of another
 * subtree gets 403/404 and list endpoints never return out-of-scope rows (generated pairs, not a handful)".
 *
 * `describeJurisdiction` builds a small org tree on a fresh database (2 cities × 2 counties × 2 units
 * with real Shandong region codes, 2 teachers per unit), a principal at every node of every admin level,
 * decoy principals whose paths are string prefixes of real ones (`/37/3701/37010` vs `/37/3701/370102`,
 * `…/S000` vs `…/S0001` and `…/S00011`, `/3` vs `/37`), a principal without an org path, a non-admin
 * role at the province, and each teacher logged in as themself (by `teacher_id` claim or by
 * username). Then, for every case, it enumerates EVERY (principal, target) pair and checks:
 *   - ID-taking calls: refused with a 403/404-class IdentityError (PERMISSION_DENIED / NOT_FOUND) when the
 *     rule does not admit the principal, and the database is byte-for-byte unchanged after all refusals;
 *     done when it does.
 *   - Lists: refused the same way for a subtree outside the caller's, and otherwise the rows returned,
 *     over all pages, are exactly the rows of the whole table the rule shows: none outside, none missing.
 * Who "should" be admitted is decided by an oracle written here, segment by segment, independent of
 * @yanxiu/auth, so a bug shared by the service and its helper cannot hide.
 *
 * ADDING YOUR FEATURE (enrollment, study groups, import, …):
 *   1. Create `services/identity/test/jurisdiction/<feature>.jurisdiction.int-spec.ts` (one file per
 *      feature: its own database, no edits to other features' files).
 *   2. Call `describeJurisdiction('<feature>', [idTaking({...}), listing({...}), …])` with one case per
 *      use case. Call the use case classes (what your gRPC controller calls) built on `tree.dataSource`
 *      and `tree.cipher`, so the check under test is the service's own.
 *   3. ID-taking case: `targets` (what the calls aim at; create your own aggregates — projects, groups —
 *      under `tree.units` / `tree.teachers` there, memoised per tree with `once`), `pathOf` (the org path
 *      that decides), `call`, `allows` when the rule is narrower or wider than `adminOver(principal,
 *      pathOf(target))` (e.g. only county admins), and `fresh` when a call changes its target so that
 *      each admitted pair acts on a target of its own.
 *   4. List case: `queries` (usually `rootQueries(tree)`: every org and "my own org"), `allows`,
 *      `list` (all pages, as `{ id, path }` rows; use `allPages` with a small page size so keyset
 *      paging is exercised too), `universe` (every row of that kind in the database) and `shows`.
 * identity.jurisdiction.int-spec.ts is the example: org tree, teachers, transfers, personal data and
 * information collection.
 */
import { randomUUID } from 'node:crypto';
import { ADMIN_ROLES, type Principal, type Role } from '@yanxiu/auth';
import { migratedTestDatabase } from '@yanxiu/database';
import type { DataSource } from 'typeorm';
import { identityMigrations } from '../../src/identity.data-source.js';
import { grpcStatusOf, IdentityError } from '../../src/identity.error.js';
import { CreateOrgUseCase } from '../../src/orgs/create-org.use-case.js';
import type { OrgRecord } from '../../src/orgs/org.repository.js';
import { OrgRepository } from '../../src/orgs/org.repository.js';
import { CreateTeacherUseCase } from '../../src/teachers/create-teacher.use-case.js';
import { checkCharacter } from '../../src/teachers/id-number.js';
import { PersonalDataCipher } from '../../src/teachers/personal-data-cipher.js';
import { TeacherRepository, type TeacherRecord } from '../../src/teachers/teacher.repository.js';
import { status as GrpcStatus } from '@grpc/grpc-js';

export interface FixtureTeacher {
  record: TeacherRecord;
  /** The full number: the username of the teacher's own principal. */
  idNumber: string;
}

export interface JurisdictionTree {
  dataSource: DataSource;
  cipher: PersonalDataCipher;
  province: OrgRecord;
  cities: OrgRecord[];
  counties: OrgRecord[];
  units: OrgRecord[];
  /** Province, cities, counties and units. */
  orgs: OrgRecord[];
  teachers: FixtureTeacher[];
  /** Every principal the pairs are made of. */
  principals: Principal[];
  /** An admin at a real node (the province admin creates fixtures). */
  adminAt(role: Role, path: string): Principal;
  /** A fresh in-service teacher at `unit`, for calls that change the teacher they act on. */
  newTeacher(unit: OrgRecord): Promise<TeacherRecord>;
  /** A valid ID number no teacher of the tree has yet, in the unit's county. */
  nextIdNumber(unit: OrgRecord): string;
  /** A digest of every row of every table: equal before and after means nothing was written. */
  snapshot(): Promise<string>;
}

/** What a list call returned or what a table holds: a row's id and the org path that scopes it. */
export interface ScopedRow {
  id: string;
  path: string;
}

export interface IdTakingCase<T> {
  name: string;
  targets: (tree: JurisdictionTree) => readonly T[] | Promise<readonly T[]>;
  pathOf: (target: T) => string;
  /** Default: `adminOver(principal, pathOf(target))`. */
  allows?: (principal: Principal, target: T, tree: JurisdictionTree) => boolean;
  call: (tree: JurisdictionTree, principal: Principal, target: T) => Promise<unknown>;
  /** For calls that change their target: a target of its own for each admitted pair. */
  fresh?: (tree: JurisdictionTree, target: T) => Promise<T>;
}

export interface ListCase<Q> {
  name: string;
  /** Runs once before the pairs, e.g. to create rows of the kind listed. */
  prepare?: (tree: JurisdictionTree) => Promise<void>;
  queries: (tree: JurisdictionTree) => readonly Q[] | Promise<readonly Q[]>;
  allows: (principal: Principal, query: Q) => boolean;
  list: (tree: JurisdictionTree, principal: Principal, query: Q) => Promise<ScopedRow[]>;
  universe: (tree: JurisdictionTree, query: Q) => Promise<ScopedRow[]>;
  shows: (principal: Principal, query: Q, row: ScopedRow) => boolean;
}

// ---------------------------------------------------------------------------------------------------
// The oracle: plain segment comparisons, deliberately not @yanxiu/auth's.

const segments = (path: string) => path.split('/').filter(Boolean);

/** `inner` is `outer` or lies below it, compared segment by segment. */
export function contains(outer: string | null, inner: string): boolean {
  if (outer === null) return false;
  const o = segments(outer);
  const i = segments(inner);
  return o.length > 0 && o.length <= i.length && o.every((s, k) => i[k] === s);
}

export const isAdmin = (principal: Principal) => principal.roles.some((r) => (ADMIN_ROLES as readonly string[]).includes(r));

/** The default rule: an admin whose org path contains `path`. */
export const adminOver = (principal: Principal, path: string) => isAdmin(principal) && contains(principal.orgPath, path);

/** An admin over `path` holding one of `roles`. */
export const roleOver = (roles: readonly Role[]) => (principal: Principal, path: string) => principal.roles.some((r) => roles.includes(r)) && contains(principal.orgPath, path);

/** A list request naming an org, or null for "my own org". */
export type RootQuery = OrgRecord | null;

export const rootQueries = (tree: JurisdictionTree): RootQuery[] => [null, ...tree.orgs];

/** Who may list under a root: an admin over it (over their own org for null). */
export const allowsRoot = (principal: Principal, root: RootQuery) => isAdmin(principal) && principal.orgPath !== null && (root === null || contains(principal.orgPath, root.path));

/** A row belongs in the answer when it lies inside the caller's subtree and inside the root named. */
export const insideRoot = (principal: Principal, root: RootQuery, row: ScopedRow) => contains(principal.orgPath, row.path) && (root === null || contains(root.path, row.path));

/** Every page of a list, through its page tokens. */
export async function allPages<R>(fetch: (pageToken: string) => Promise<{ items: R[]; nextPageToken: string }>): Promise<R[]> {
  const all: R[] = [];
  let token = '';
  for (let pages = 0; pages < 1000; pages++) {
    const page = await fetch(token);
    all.push(...page.items);
    if (!page.nextPageToken) return all;
    token = page.nextPageToken;
  }
  throw new Error('more than 1000 pages: the page token does not advance');
}

/** Memoises a fixture per tree (targets and queries are asked for once per case). */
export function once<T>(build: (tree: JurisdictionTree) => Promise<T>): (tree: JurisdictionTree) => Promise<T> {
  const built = new WeakMap<JurisdictionTree, Promise<T>>();
  return (tree) => {
    let value = built.get(tree);
    if (!value) built.set(tree, (value = build(tree)));
    return value;
  };
}

// ---------------------------------------------------------------------------------------------------
// The tree.

const principal = (roles: Role[], orgPath: string | null, username: string): Principal => ({ subject: `sub-${username}`, username, roles, orgPath, token: 't' });

const NAMES = ['王芳', '李娜', '张伟', '刘洋', '陈静', '杨磊', '赵敏', '黄勇'];

/** Two real cities of Shandong with two real counties each (GB/T 2260 codes). */
const REGIONS = [
  { code: '3701', name: '济南市', counties: [{ code: '370102', name: '历下区' }, { code: '370103', name: '市中区' }] },
  { code: '3702', name: '青岛市', counties: [{ code: '370202', name: '市南区' }, { code: '370203', name: '市北区' }] },
];

export async function buildJurisdictionTree(): Promise<JurisdictionTree & { destroy(): Promise<void> }> {
  const { db, dataSource } = await migratedTestDatabase('identity_jurisdiction', identityMigrations);
  const cipher = new PersonalDataCipher(randomUUID().replace(/-/g, '').repeat(2), randomUUID().replace(/-/g, '').repeat(2));
  const orgRepository = new OrgRepository();
  const createOrg = new CreateOrgUseCase(dataSource, orgRepository);
  const createTeacher = new CreateTeacherUseCase(dataSource, orgRepository, new TeacherRepository(), cipher);
  const provinceAdmin = principal(['province-admin'], '/37', 'fixture-province-admin');

  const seeded = await createOrg.seed([
    { code: '37', name: '山东省', level: 'province', parentPath: null },
    ...REGIONS.map((city) => ({ code: city.code, name: city.name, level: 'city' as const, parentPath: '/37' })),
  ]);
  const [province, ...cities] = seeded as [OrgRecord, ...OrgRecord[]];
  const counties: OrgRecord[] = [];
  const units: OrgRecord[] = [];
  for (const [i, region] of REGIONS.entries()) {
    for (const county of region.counties) {
      const c = await createOrg.execute(provinceAdmin, { parentId: cities[i]!.id, code: county.code, name: county.name, level: 'county' });
      counties.push(c);
      // S00011 shares a string prefix with S0001: a LIKE without the trailing slash would mix them up.
      for (const code of ['S0001', 'S00011']) units.push(await createOrg.execute(provinceAdmin, { parentId: c.id, code, name: `${county.name}${code}学校`, level: 'school' }));
    }
  }

  let sequence = 0;
  // Unique by construction: the sequence picks the birth day (1970-01-01 onwards) and the serial.
  const nextIdNumber = (unit: OrgRecord) => {
    sequence++;
    const birth = new Date(Date.UTC(1970, 0, 1) + sequence * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
    const first17 = `${segments(unit.path)[2]!}${birth}${String(sequence % 1000).padStart(3, '0')}`;
    return first17 + checkCharacter(first17);
  };
  const teacherAt = async (unit: OrgRecord): Promise<FixtureTeacher> => {
    const idNumber = nextIdNumber(unit);
    const record = await createTeacher.execute(provinceAdmin, {
      orgId: unit.id,
      name: NAMES[sequence % NAMES.length]!,
      idNumber,
      gender: sequence % 2 ? 'male' : 'female',
      stage: 'middle',
      subject: '数学',
      title: '',
      phone: '13800000000',
    });
    return { record, idNumber };
  };
  const teachers: FixtureTeacher[] = [];
  for (const unit of units) for (let k = 0; k < 2; k++) teachers.push(await teacherAt(unit));

  const atNodes = [
    principal(['province-admin'], province.path, 'province-admin'),
    ...cities.map((c) => principal(['city-admin'], c.path, `city-admin-${c.code}`)),
    ...counties.map((c) => principal(['county-admin'], c.path, `county-admin-${c.code}`)),
    ...units.map((u) => principal(['school-admin'], u.path, `school-admin-${segments(u.path).join('-')}`)),
  ];
  const firstCounty = counties[0]!;
  const decoys = [
    principal(['county-admin'], firstCounty.path.slice(0, -1), 'decoy-county-prefix'),
    principal(['school-admin'], `${firstCounty.path}/S000`, 'decoy-unit-prefix'),
    principal(['province-admin'], '/3', 'decoy-province-prefix'),
    principal(['city-admin'], null, 'decoy-no-org-path'),
    principal(['expert'], province.path, 'decoy-expert-at-province'),
  ];
  // Half carry the teacher_id claim of provisioned accounts, half are known by their username only.
  const selves = teachers.map((t, i) => ({ ...principal(['teacher'], t.record.orgPath, t.idNumber.toLowerCase()), ...(i % 2 === 0 ? { teacherId: t.record.id } : {}) }));

  const tree: JurisdictionTree & { destroy(): Promise<void> } = {
    dataSource,
    cipher,
    province,
    cities,
    counties,
    units,
    orgs: [province, ...cities, ...counties, ...units],
    teachers,
    principals: [...atNodes, ...decoys, ...selves],
    adminAt: (role, path) => principal([role], path, `fixture-${role}-${path}`),
    newTeacher: async (unit) => (await teacherAt(unit)).record,
    nextIdNumber,
    snapshot: async () => {
      const tables: Record<string, string>[] = await dataSource.query('SHOW TABLES');
      const dump: string[] = [];
      for (const table of tables.map((t) => Object.values(t)[0]!).sort()) {
        const rows: unknown[] = await dataSource.query(`SELECT * FROM \`${table}\``);
        dump.push(table, ...rows.map((r) => JSON.stringify(r)).sort());
      }
      return dump.join('\n');
    },
    destroy: () => db.drop(),
  };
  return tree;
}

// ---------------------------------------------------------------------------------------------------
// The checks.

/** Null for a refusal the gateway maps to 403 or 404; otherwise what the error was instead. */
function notARefusal(error: unknown): string | null {
  if (!(error instanceof IdentityError)) return `not an IdentityError: ${String(error)}`;
  const status = grpcStatusOf(error.code);
  return status === GrpcStatus.PERMISSION_DENIED || status === GrpcStatus.NOT_FOUND ? null : `${error.code} (${error.message})`;
}

const who = (p: Principal) => `${p.roles.join('+')}@${p.orgPath ?? '(no path)'}`;
const MAX_REPORTED = 25;

export async function checkIdTaking<T>(tree: JurisdictionTree, c: IdTakingCase<T>): Promise<{ refused: number; admitted: number }> {
  const allows = c.allows ?? ((p: Principal, t: T) => adminOver(p, c.pathOf(t)));
  const targets = await c.targets(tree);
  const failures: string[] = [];
  const pairs = tree.principals.flatMap((p) => targets.map((t) => ({ p, t, admitted: allows(p, t, tree) })));

  const before = await tree.snapshot();
  for (const { p, t } of pairs.filter((x) => !x.admitted)) {
    try {
      await c.call(tree, p, t);
      failures.push(`${who(p)} was let through on ${c.pathOf(t)}`);
    } catch (error) {
      const other = notARefusal(error);
      if (other) failures.push(`${who(p)} on ${c.pathOf(t)}: expected a 403/404 refusal, got ${other}`);
    }
  }
  if ((await tree.snapshot()) !== before) failures.push('refused calls changed the database');

  for (const { p, t } of pairs.filter((x) => x.admitted)) {
    const target = c.fresh ? await c.fresh(tree, t) : t;
    try {
      await c.call(tree, p, target);
    } catch (error) {
      failures.push(`${who(p)} on ${c.pathOf(target)}: expected success, got ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  expect(failures.slice(0, MAX_REPORTED)).toEqual([]);
  return { refused: pairs.filter((x) => !x.admitted).length, admitted: pairs.filter((x) => x.admitted).length };
}

export async function checkList<Q>(tree: JurisdictionTree, c: ListCase<Q>): Promise<{ refused: number; admitted: number; rows: number }> {
  await c.prepare?.(tree);
  const queries = await c.queries(tree);
  const failures: string[] = [];
  let refused = 0;
  let admitted = 0;
  let rows = 0;
  for (const q of queries) {
    const universe = await c.universe(tree, q);
    for (const p of tree.principals) {
      if (!c.allows(p, q)) {
        refused++;
        try {
          await c.list(tree, p, q);
          failures.push(`${who(p)} was let list ${JSON.stringify(q)}`);
        } catch (error) {
          const other = notARefusal(error);
          if (other) failures.push(`${who(p)} listing ${JSON.stringify(q)}: expected a 403/404 refusal, got ${other}`);
        }
        continue;
      }
      admitted++;
      const returned = await c.list(tree, p, q);
      rows += returned.length;
      const outside = returned.filter((r) => !c.shows(p, q, r));
      if (outside.length > 0) failures.push(`${who(p)} listing ${JSON.stringify(q)} got rows outside: ${outside.map((r) => r.path).join(', ')}`);
      const expected = universe.filter((r) => c.shows(p, q, r)).map((r) => r.id).sort();
      const got = returned.map((r) => r.id).sort();
      if (outside.length === 0 && JSON.stringify(got) !== JSON.stringify(expected)) {
        failures.push(`${who(p)} listing ${JSON.stringify(q)}: expected ${expected.length} rows, got ${got.length} (missing or repeated rows)`);
      }
    }
  }
  expect(failures.slice(0, MAX_REPORTED)).toEqual([]);
  return { refused, admitted, rows };
}

/** A case ready to run, whatever its target or query type. */
export interface JurisdictionCheck {
  title: string;
  run: (tree: JurisdictionTree) => Promise<void>;
}

export function idTaking<T>(c: IdTakingCase<T>): JurisdictionCheck {
  return {
    title: `${c.name}: refused (403/404) unless the rule admits the caller, done when it does`,
    run: async (tree) => {
      const { refused, admitted } = await checkIdTaking(tree, c);
      // Both sides must be exercised, or the case proves nothing.
      expect(refused).toBeGreaterThan(0);
      expect(admitted).toBeGreaterThan(0);
    },
  };
}

export function listing<Q>(c: ListCase<Q>): JurisdictionCheck {
  return {
    title: `${c.name}: refused outside the caller's subtree; exactly the in-scope rows inside`,
    run: async (tree) => {
      const { refused, admitted, rows } = await checkList(tree, c);
      expect(refused).toBeGreaterThan(0);
      expect(admitted).toBeGreaterThan(0);
      expect(rows).toBeGreaterThan(0);
    },
  };
}

/** One describe block per feature: its own database and tree, one test per case, run in order. */
export function describeJurisdiction(feature: string, checks: readonly JurisdictionCheck[]): void {
  describe(`jurisdiction of ${feature}: every (principal, target) pair`, () => {
    let tree: Awaited<ReturnType<typeof buildJurisdictionTree>>;

    beforeAll(async () => {
      tree = await buildJurisdictionTree();
    });

    afterAll(async () => {
      await tree?.destroy();
    });

    for (const check of checks) it(check.title, () => check.run(tree));
  });
}
