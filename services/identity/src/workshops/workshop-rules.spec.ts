import fc from 'fast-check';
import { isWithinJurisdiction } from '@yanxiu/auth';
import { ENROLLMENT_ROLES, type EnrollmentRole, type EnrollmentStatus } from '../enrollment/enrollment.js';
import type { WorkshopKind } from './workshop.js';
import { decideWorkshopScope, hostsProblem, isWorkshopMember, MIN_HOSTS, workshopName, type HostCandidate, type ProjectFacts } from './workshop-rules.js';

const primary: ProjectFacts = { stage: 'primary', subjects: ['语文', '数学'], ownerOrgPath: '/37' };
const high: ProjectFacts = { ...primary, stage: 'high' };
const kindergarten: ProjectFacts = { stage: 'kindergarten', subjects: [], ownerOrgPath: '/37' };
const area = (level: 'province' | 'city' | 'county' | 'school', path: string) => ({ level, path });

describe('decideWorkshopScope', () => {
  it.each([
    ['the province, thematic, any subject', area('province', '/37'), primary, { subject: '', theme: '信息技术应用能力提升' }, { kind: 'thematic', subject: '', theme: '信息技术应用能力提升' }],
    ['the province, thematic, one subject', area('province', '/37'), primary, { subject: '数学', theme: '大单元教学' }, { kind: 'thematic', subject: '数学' }],
    ['a city, one subject', area('city', '/37/3701'), primary, { subject: ' 语文 ', theme: '' }, { kind: 'subject', subject: '语文', theme: '' }],
    ['a city, high school', area('city', '/37/3701'), high, { subject: '数学', theme: '' }, { kind: 'subject', subject: '数学' }],
    ['a county, primary', area('county', '/37/3701/370102'), primary, { subject: '数学', theme: '' }, { kind: 'subject' }],
    ['a county, kindergarten: no subject', area('county', '/37/3701/370102'), kindergarten, { subject: '', theme: '' }, { kind: 'subject', subject: '' }],
  ] as const)('accepts %s', (_what, where, project, request, expected) => {
    expect(decideWorkshopScope(where, project, request)).toMatchObject({ ok: true, ...expected });
  });

  it.each([
    ['a thematic workshop without a theme', area('province', '/37'), primary, { subject: '', theme: ' ' }, 'invalid_argument', /needs a theme/],
    ['a subject the project does not offer', area('city', '/37/3701'), primary, { subject: '物理', theme: '' }, 'invalid_argument', /not one of the project's subjects \(语文、数学\)/],
    ['a city workshop without a subject', area('city', '/37/3701'), primary, { subject: '', theme: '' }, 'invalid_argument', /subject is required/],
    ['a theme below the province', area('county', '/37/3701/370102'), primary, { subject: '语文', theme: '读书会' }, 'invalid_argument', /thematic workshops are the province/],
    ['a county high-school workshop', area('county', '/37/3701/370102'), high, { subject: '数学', theme: '' }, 'org_level_not_allowed', /run by cities/],
    ['a kindergarten workshop with a subject', area('city', '/37/3701'), kindergarten, { subject: '语文', theme: '' }, 'invalid_argument', /no subject/],
    ['a school workshop', area('school', '/37/3701/370102/S0001'), primary, { subject: '语文', theme: '' }, 'org_level_not_allowed', /not by a school/],
    ['an area of another province', area('city', '/38/3801'), primary, { subject: '语文', theme: '' }, 'invalid_argument', /outside the project's province/],
  ] as const)('refuses %s', (_what, where, project, request, code, message) => {
    const decision = decideWorkshopScope(where, project, request);
    expect(decision).toMatchObject({ ok: false, refusal: { code } });
    if (!decision.ok) expect(decision.refusal.message).toMatch(message);
  });
});

describe('workshopName', () => {
  it('follows the area, stage and subject, or the theme', () => {
    expect(workshopName('历下区', 'primary', { kind: 'subject', subject: '语文', theme: '' })).toBe('历下区小学语文工作坊');
    expect(workshopName('济南市', 'high', { kind: 'subject', subject: '数学', theme: '' })).toBe('济南市高中数学工作坊');
    expect(workshopName('历下区', 'kindergarten', { kind: 'subject', subject: '', theme: '' })).toBe('历下区幼儿园工作坊');
    expect(workshopName('山东省', 'primary', { kind: 'thematic', subject: '', theme: '信息技术应用能力提升' })).toBe('信息技术应用能力提升专题工作坊');
    expect(workshopName('山东省', 'primary', { kind: 'thematic', subject: '', theme: '乡村教师工作坊' })).toBe('乡村教师工作坊');
  });
});

// Few values, so collisions (same teacher twice, same workshop, same subject) come up often.
const teacherId = fc.constantFrom('t1', 't2', 't3', 't4', 't5', 't6');
const unitPath = fc.constantFrom('/37/3701/370102/S0001', '/37/3701/370102/S0002', '/37/3701/370103/S0003', '/37/3702/370202/S0004');
const subject = fc.constantFrom('语文', '数学', '');
const workshop = fc.record({
  id: fc.constantFrom('w1', 'w2'),
  kind: fc.constantFrom<WorkshopKind>('subject', 'thematic'),
  subject,
  orgPath: fc.constantFrom('/37', '/37/3701', '/37/3701/370102'),
});
const anyCandidate = (id: string) =>
  fc.record({
    teacherId: fc.constant(id),
    enrollment: fc.option(
      fc.record({ role: fc.constantFrom<EnrollmentRole>(...ENROLLMENT_ROLES), status: fc.constantFrom<EnrollmentStatus>('enrolled', 'withdrawn'), orgPath: unitPath, subject }),
      { freq: 5 },
    ),
    hostsWorkshopId: fc.option(fc.constantFrom('w1', 'w2'), { freq: 2 }),
  });
/** Mostly hosts that fit the workshop, so that accepted sets of three come up as often as refused ones. */
const candidateFor = (w: { id: string; kind: WorkshopKind; subject: string; orgPath: string }) => (id: string) =>
  fc.oneof(
    {
      weight: 4,
      arbitrary: fc.record({
        teacherId: fc.constant(id),
        enrollment: fc.record({
          role: fc.constant<EnrollmentRole>('workshop_host'),
          status: fc.constant<EnrollmentStatus>('enrolled'),
          orgPath: unitPath.filter((p) => isWithinJurisdiction(w.orgPath, p)),
          subject: w.kind === 'thematic' ? subject : fc.constant(w.subject),
        }),
        hostsWorkshopId: fc.constantFrom(null, w.id),
      }),
    },
    { weight: 1, arbitrary: anyCandidate(id) },
  );
const TEACHERS = ['t1', 't2', 't3', 't4', 't5', 't6'];

describe('hostsProblem', () => {
  it('accepts exactly: at least three distinct hosts, each appointed, enrolled in the area, of the subject, hosting nothing else', () => {
    const seen = { accepted: 0, refused: 0 };
    fc.assert(
      fc.property(
        workshop.chain((w) => fc.tuple(fc.constant(w), fc.tuple(...TEACHERS.map(candidateFor(w))))),
        fc.array(teacherId, { maxLength: 6 }),
        ([w, all], ids) => {
          const candidates = new Map<string, HostCandidate>(all.map((c) => [c.teacherId, c]));
          const fit = (c: HostCandidate) =>
            c.enrollment !== null &&
            c.enrollment.role === 'workshop_host' &&
            c.enrollment.status === 'enrolled' &&
            isWithinJurisdiction(w.orgPath, c.enrollment.orgPath) &&
            (w.kind === 'thematic' || c.enrollment.subject === w.subject) &&
            (c.hostsWorkshopId === null || c.hostsWorkshopId === w.id);
          const expected = new Set(ids).size === ids.length && ids.length >= MIN_HOSTS && ids.every((id) => fit(candidates.get(id)!));
          expect(hostsProblem(w, ids, candidates) === null).toBe(expected);
          seen[expected ? 'accepted' : 'refused']++;
        },
      ),
      { numRuns: 5000 },
    );
    // Both sides of the rule were exercised, not only refusals.
    expect(seen.accepted).toBeGreaterThan(20);
    expect(seen.refused).toBeGreaterThan(20);
  });

  it('names the first host that does not fit and why', () => {
    const w = { id: 'w1', kind: 'subject' as const, subject: '语文', orgPath: '/37/3701/370102' };
    const host = (id: string, change: Partial<NonNullable<HostCandidate['enrollment']>> = {}, hostsWorkshopId: string | null = null): [string, HostCandidate] => [
      id,
      { teacherId: id, enrollment: { role: 'workshop_host', status: 'enrolled', orgPath: '/37/3701/370102/S0001', subject: '语文', ...change }, hostsWorkshopId },
    ];
    const fine = [host('a'), host('b'), host('c')];
    const problem = (ids: string[], ...more: [string, HostCandidate][]) => hostsProblem(w, ids, new Map([...fine, ...more]));
    const said = (ids: string[], ...more: [string, HostCandidate][]) => `${problem(ids, ...more)?.code}: ${problem(ids, ...more)?.message}`;
    expect(problem(['a', 'b', 'c'])).toBeNull();
    expect(said(['a', 'b'])).toMatch(/^invalid_argument: .*at least 3 hosts/);
    expect(said(['a', 'b', 'a'])).toMatch(/^invalid_argument: .*twice/);
    expect(said(['a', 'b', 'd'], host('d', { role: 'trainee' }))).toMatch(/^host_not_appointed: teacher d /);
    expect(said(['a', 'b', 'd'])).toMatch(/^host_not_appointed: /);
    expect(said(['a', 'b', 'd'], host('d', { orgPath: '/37/3701/370103/S0003' }))).toMatch(/^invalid_argument: .*outside the workshop's area/);
    expect(said(['a', 'b', 'd'], host('d', { subject: '数学' }))).toMatch(/^invalid_argument: .*appointed for 数学/);
    expect(said(['a', 'b', 'd'], host('d', {}, 'w2'))).toMatch(/^host_taken: .*w2/);
    expect(problem(['a', 'b', 'd'], host('d', {}, 'w1'))).toBeNull();
  });
});

describe('isWorkshopMember', () => {
  const enrollment = fc.record({
    projectId: fc.constantFrom('p1', 'p2'),
    role: fc.constantFrom<EnrollmentRole>(...ENROLLMENT_ROLES),
    status: fc.constantFrom<EnrollmentStatus>('enrolled', 'withdrawn'),
    orgPath: unitPath,
    subject,
  });
  const w = workshop.map((x) => ({ ...x, projectId: 'p1' }));

  it('takes only the project’s enrolled trainees inside the area', () => {
    fc.assert(
      fc.property(w, enrollment, (ws, e) => {
        if (!isWorkshopMember(ws, e)) return;
        expect(e).toMatchObject({ projectId: 'p1', role: 'trainee', status: 'enrolled' });
        expect(isWithinJurisdiction(ws.orgPath, e.orgPath)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps to the subject, except a thematic workshop without one, which takes every subject', () => {
    fc.assert(
      fc.property(w, enrollment, (ws, e) => {
        const trainee = { ...e, projectId: 'p1', role: 'trainee' as const, status: 'enrolled' as const, orgPath: '/37/3701/370102/S0001' };
        const openToAll = ws.kind === 'thematic' && ws.subject === '';
        expect(isWorkshopMember(ws, trainee)).toBe(openToAll || trainee.subject === ws.subject);
      }),
      { numRuns: 2000 },
    );
  });
});
