import fc from 'fast-check';
import { allocateTutors, requiredTutors, type AvailableTutor, type GroupToServe, type TutorRatios } from './tutor-allocation.js';

const LIXIA = '/37/3701/370102';
const SHIZHONG = '/37/3701/370103';
const groups = (n: number, region: string, subject: string, size = 15, prefix = `${region}-${subject}`): GroupToServe[] =>
  Array.from({ length: n }, (_, i) => ({ groupId: `${prefix}-${String(i).padStart(3, '0')}`, region, subject, size }));
const tutors = (n: number, region: string, subject: string): AvailableTutor[] =>
  Array.from({ length: n }, (_, i) => ({ teacherId: `${region}-${subject}-T${i}`, region, subject }));

describe('requiredTutors', () => {
  it.each([
    [8, 120, { groupsPerTutor: 4, traineesPerTutor: 60 }, 2],
    [9, 120, { groupsPerTutor: 4, traineesPerTutor: 60 }, 3],
    [4, 100, { groupsPerTutor: 4, traineesPerTutor: 60 }, 2],
    [10, 150, { groupsPerTutor: 5, traineesPerTutor: 60 }, 3],
    [0, 0, { groupsPerTutor: 4, traineesPerTutor: 60 }, 0],
  ])('%i groups of %i trainees with %j need %i tutors', (g, t, ratios, expected) => {
    expect(requiredTutors(g, t, ratios)).toBe(expected);
  });
});

describe('allocateTutors', () => {
  const ratios = { groupsPerTutor: 4, traineesPerTutor: 60 };

  it('binds every group to one tutor of its own subject team, at most 4 groups each (1:4)', () => {
    const result = allocateTutors([...groups(8, LIXIA, '物理', 15), ...groups(4, LIXIA, '语文', 15)], [...tutors(2, LIXIA, '物理'), ...tutors(1, LIXIA, '语文')], ratios);
    expect(result.tutorOf.size).toBe(12);
    for (const [groupId, tutorId] of result.tutorOf) expect(tutorId.split('-')[1]).toBe(groupId.split('-')[1]);
    expect(result.shortfalls).toEqual([]);
    expect(result.teams.map((t) => [t.subject, t.headId, t.required])).toEqual([
      ['物理', `${LIXIA}-物理-T0`, 2],
      ['语文', `${LIXIA}-语文-T0`, 1],
    ]);
  });

  it('reports the shortfall per county and subject and leaves the groups no tutor has room for', () => {
    const result = allocateTutors([...groups(9, LIXIA, '数学'), ...groups(3, SHIZHONG, '数学')], [...tutors(2, LIXIA, '数学'), ...tutors(1, SHIZHONG, '数学')], ratios);
    expect(result.shortfalls).toEqual([
      { region: LIXIA, subject: '数学', groups: 9, trainees: 135, tutors: 2, required: 3, missing: 1, unassignedGroupIds: [expect.any(String)] },
    ]);
    expect(result.tutorOf.size).toBe(11);
  });

  it('counts trainees too: 4 groups of 25 need two tutors at 1:60, though one could take all four groups', () => {
    const result = allocateTutors(groups(4, LIXIA, '英语', 25), tutors(1, LIXIA, '英语'), ratios);
    expect(result.shortfalls).toMatchObject([{ required: 2, missing: 1, unassignedGroupIds: [] }]);
  });

  it('reports a team with groups and no tutor, with no head', () => {
    const result = allocateTutors(groups(2, LIXIA, '音乐', 10), [], ratios);
    expect(result.teams).toMatchObject([{ headId: null, tutorIds: [] }]);
    expect(result.shortfalls).toMatchObject([{ tutors: 0, required: 1, missing: 1, unassignedGroupIds: groups(2, LIXIA, '音乐', 10).map((g) => g.groupId) }]);
  });
});

const REGIONS = [LIXIA, SHIZHONG];
const SUBJECTS = ['语文', '数学', '综合', ''];
const allocationInput = fc.record({
  groups: fc
    .array(fc.record({ region: fc.constantFrom(...REGIONS), subject: fc.constantFrom(...SUBJECTS), size: fc.integer({ min: 1, max: 25 }) }), { maxLength: 60 })
    .map((list) => list.map((g, i) => ({ ...g, groupId: `G${String(i).padStart(3, '0')}` }))),
  tutors: fc
    .array(fc.record({ region: fc.constantFrom(...REGIONS), subject: fc.constantFrom(...SUBJECTS) }), { maxLength: 20 })
    .map((list) => list.map((t, i) => ({ ...t, teacherId: `U${String(i).padStart(3, '0')}` }))),
  ratios: fc.record<TutorRatios>({ groupsPerTutor: fc.integer({ min: 1, max: 6 }), traineesPerTutor: fc.integer({ min: 10, max: 100 }) }),
});

describe('allocateTutors, over generated groups and tutors', () => {
  it('gives a group at most one tutor, always of its own team, and no tutor more groups than the ratio', () => {
    fc.assert(
      fc.property(allocationInput, ({ groups: gs, tutors: ts, ratios }) => {
        const { tutorOf } = allocateTutors(gs, ts, ratios);
        const tutorById = new Map(ts.map((t) => [t.teacherId, t]));
        const served = new Map<string, number>();
        for (const g of gs) {
          const tutorId = tutorOf.get(g.groupId);
          if (!tutorId) continue;
          expect(tutorById.get(tutorId)).toMatchObject({ region: g.region, subject: g.subject });
          served.set(tutorId, (served.get(tutorId) ?? 0) + 1);
        }
        for (const n of served.values()) expect(n).toBeLessThanOrEqual(ratios.groupsPerTutor);
      }),
    );
  });

  it('serves every group when a team has the tutors its ratios ask for, and reports exactly the teams that do not', () => {
    fc.assert(
      fc.property(allocationInput, ({ groups: gs, tutors: ts, ratios }) => {
        const { tutorOf, teams, shortfalls } = allocateTutors(gs, ts, ratios);
        for (const team of teams) {
          const ofTeam = gs.filter((g) => g.region === team.region && g.subject === team.subject);
          const trainees = ofTeam.reduce((n, g) => n + g.size, 0);
          expect(team.required * ratios.groupsPerTutor).toBeGreaterThanOrEqual(ofTeam.length);
          expect(team.required * ratios.traineesPerTutor).toBeGreaterThanOrEqual(trainees);
          const unserved = ofTeam.filter((g) => !tutorOf.has(g.groupId)).map((g) => g.groupId).sort();
          expect(unserved).toHaveLength(Math.max(0, ofTeam.length - team.tutorIds.length * ratios.groupsPerTutor));
          const shortfall = shortfalls.find((s) => s.region === team.region && s.subject === team.subject);
          if (team.tutorIds.length >= team.required) {
            expect(shortfall).toBeUndefined();
          } else {
            expect(shortfall).toMatchObject({ tutors: team.tutorIds.length, required: team.required, missing: team.required - team.tutorIds.length, unassignedGroupIds: unserved });
          }
          if (team.tutorIds.length > 0) expect(team.tutorIds).toContain(team.headId);
        }
      }),
    );
  });

  it('spreads trainees evenly: loads of a team differ by at most its largest group', () => {
    fc.assert(
      fc.property(allocationInput, ({ groups: gs, tutors: ts, ratios }) => {
        const { tutorOf, teams } = allocateTutors(gs, ts, ratios);
        for (const team of teams) {
          const ofTeam = gs.filter((g) => g.region === team.region && g.subject === team.subject);
          if (ofTeam.length < team.tutorIds.length * ratios.groupsPerTutor && ofTeam.length >= team.tutorIds.length) {
            const loads = team.tutorIds.map((id) => ofTeam.filter((g) => tutorOf.get(g.groupId) === id).reduce((n, g) => n + g.size, 0));
            expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(Math.max(...ofTeam.map((g) => g.size)));
          }
        }
      }),
    );
  });

  it('depends on the groups and tutors, not on their order', () => {
    fc.assert(
      fc.property(allocationInput, ({ groups: gs, tutors: ts, ratios }) => {
        const a = allocateTutors(gs, ts, ratios);
        const b = allocateTutors([...gs].reverse(), [...ts].reverse(), ratios);
        expect([...b.tutorOf.entries()].sort()).toEqual([...a.tutorOf.entries()].sort());
        expect(b.teams).toEqual(a.teams);
        expect(b.shortfalls).toEqual(a.shortfalls);
      }),
    );
  });
});
