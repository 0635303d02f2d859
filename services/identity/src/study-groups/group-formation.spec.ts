import fc from 'fast-check';
import type { Stage } from '../teachers/teacher.repository.js';
import type { GroupingScope } from '../training-projects/training-project.js';
import { formStudyGroups, type FormationInput, type FormationParameters, type FormedGroup, type GroupingTrainee } from './group-formation.js';
import { regionOf } from './region.js';
import { DEFAULT_SUBJECT_AFFINITY, familyOf, groupingSubject } from './subject-affinity.js';

// Two cities, two counties each, three schools per county; two schools share a name.
const CITIES: [string, string][] = [
  ['/37/3701', '济南市'],
  ['/37/3702', '青岛市'],
];
const COUNTIES: [string, string][] = [
  ['/37/3701/370102', '历下区'],
  ['/37/3701/370103', '市中区'],
  ['/37/3702/370202', '市南区'],
  ['/37/3702/370203', '市北区'],
];
const SCHOOLS: [string, string][] = COUNTIES.flatMap(([county], c) => [
  [`${county}/S00${c}1`, `第${c + 1}中学`],
  [`${county}/S00${c}2`, `实验学校${c + 1}`],
  [`${county}/S00${c}3`, '育才学校'],
]);
const ORG_NAMES = new Map<string, string>([...CITIES, ...COUNTIES, ...SCHOOLS]);
const JINAN_ONE = SCHOOLS[0]?.[0] as string;
const JINAN_TWO = SCHOOLS[1]?.[0] as string;

const PARAMS: FormationParameters = { groupSizeTarget: 15, groupSizeMin: 10, groupSizeMax: 20, mergeBelow: 5, mergeScope: 'school' };

let serial = 0;
function trainees(n: number, at: string, subject: string, extra: Partial<GroupingTrainee> = {}): GroupingTrainee[] {
  return Array.from({ length: n }, () => ({ teacherId: `T${String(++serial).padStart(5, '0')}`, schoolPath: at, subject, gradeGroup: null, leaderCandidate: false, ...extra }));
}
const form = (stage: Stage, list: GroupingTrainee[], parameters: Partial<FormationParameters> = {}) =>
  formStudyGroups({ stage, parameters: { ...PARAMS, ...parameters }, affinity: DEFAULT_SUBJECT_AFFINITY[stage], orgNames: ORG_NAMES, trainees: list });
const summary = (groups: FormedGroup[]) => groups.map((g) => [g.name, g.memberIds.length]);

describe('formStudyGroups, by the seeds', () => {
  it('makes a school subject teaching group one group named city + school + subject', () => {
    const groups = form('high', trainees(16, JINAN_ONE, '体育与健康'));
    expect(summary(groups)).toEqual([['济南市第1中学高中体育与健康研修组', 16]]);
  });

  it('splits a large teaching group along its grade preparation groups and numbers the parts', () => {
    const list = [
      ...trainees(13, JINAN_ONE, '语文', { gradeGroup: '高一' }),
      ...trainees(14, JINAN_ONE, '语文', { gradeGroup: '高二' }),
      ...trainees(13, JINAN_ONE, '语文', { gradeGroup: '高三' }),
    ];
    const groups = form('high', list);
    expect(groups.map((g) => g.name).sort()).toEqual(['济南市第1中学高中语文第1研修组', '济南市第1中学高中语文第2研修组', '济南市第1中学高中语文第3研修组']);
    const gradeOf = new Map(list.map((t) => [t.teacherId, t.gradeGroup]));
    for (const g of groups) expect(new Set(g.memberIds.map((id) => gradeOf.get(id))).size).toBe(1);
  });

  it('puts high-school IT, general technology, comprehensive practice and auxiliary staff into one 综合 group', () => {
    const list = [...trainees(2, JINAN_ONE, '信息技术'), ...trainees(1, JINAN_ONE, '通用技术'), ...trainees(2, JINAN_ONE, '综合实践活动'), ...trainees(1, JINAN_ONE, '综合')];
    expect(summary(form('high', list))).toEqual([['济南市第1中学综合第1研修组', 6]]);
  });

  it('keeps primary IT teachers a subject of their own (小学不单独设置综合学科)', () => {
    const groups = form('primary', [...trainees(6, JINAN_ONE, '信息技术'), ...trainees(6, JINAN_ONE, '综合实践活动')]);
    expect(summary(groups).sort()).toEqual([
      ['济南市第1中学小学信息技术研修组', 6],
      ['济南市第1中学小学综合实践活动研修组', 6],
    ]);
  });

  it('merges small middle-school subject groups across the schools of the county, same subject only', () => {
    const list = [...trainees(3, JINAN_ONE, '物理'), ...trainees(2, JINAN_TWO, '物理'), ...trainees(3, JINAN_TWO, '化学'), ...trainees(12, JINAN_TWO, '化学')];
    const groups = form('middle', list, { mergeScope: 'county' });
    expect(groups.find((g) => g.subject === '物理')).toMatchObject({ name: '济南市历下区初中物理第1研修组', orgPath: '/37/3701/370102', schoolPaths: [JINAN_ONE, JINAN_TWO] });
  });

  it('lets a small middle-school group join a same-subject group of a nearby school with room', () => {
    const groups = form('middle', [...trainees(3, JINAN_ONE, '物理'), ...trainees(12, JINAN_TWO, '物理')], { mergeScope: 'county' });
    expect(summary(groups)).toEqual([['济南市历下区初中物理第1研修组', 15]]);
  });

  it('merges small primary groups within the school with similar subjects, never across schools', () => {
    const list = [...trainees(2, JINAN_ONE, '音乐'), ...trainees(2, JINAN_ONE, '美术'), ...trainees(3, JINAN_ONE, '体育'), ...trainees(3, JINAN_TWO, '音乐')];
    const groups = form('primary', list);
    expect(summary(groups).sort()).toEqual([
      ['济南市实验学校1小学音乐研修组', 3],
      ['济南市第1中学综合第1研修组', 7],
    ]);
  });

  it('groups a kindergarten without subjects and never across kindergartens', () => {
    const groups = form('kindergarten', [...trainees(12, JINAN_ONE, ''), ...trainees(3, JINAN_TWO, '')]);
    expect(summary(groups).sort()).toEqual([
      ['济南市实验学校1研修组', 3],
      ['济南市第1中学研修组', 12],
    ]);
  });

  it('tells two schools of one name apart by their code', () => {
    const groups = form('high', [...trainees(6, SCHOOLS[2]?.[0] as string, '数学'), ...trainees(6, SCHOOLS[5]?.[0] as string, '数学')], { mergeScope: 'city' });
    expect(groups.map((g) => g.name).sort()).toEqual(['济南市育才学校（S0003）高中数学研修组', '济南市育才学校（S0013）高中数学研修组']);
  });

  it('does not say the city twice when the school’s full name starts with it', () => {
    const school = '/37/3701/370102/S0009';
    const orgNames = new Map([...ORG_NAMES, [school, '济南市历下区实验小学']]);
    const groups = formStudyGroups({ stage: 'primary', parameters: PARAMS, affinity: DEFAULT_SUBJECT_AFFINITY.primary, orgNames, trainees: trainees(12, school, '语文') });
    expect(summary(groups)).toEqual([['济南市历下区实验小学小学语文研修组', 12]]);
  });

  it('makes an enrolled 研修组长 the leader, and otherwise picks one provisionally', () => {
    const list = [...trainees(8, JINAN_ONE, '数学'), ...trainees(1, JINAN_ONE, '数学', { leaderCandidate: true })];
    const [withCandidate] = form('high', list);
    expect(withCandidate).toMatchObject({ leaderId: list[8]?.teacherId, leaderIsCandidate: true });
    const [without] = form('high', trainees(8, JINAN_ONE, '数学'));
    expect(without?.leaderIsCandidate).toBe(false);
  });

  it('refuses a teacher listed twice and inconsistent sizes', () => {
    const [one] = trainees(1, JINAN_ONE, '数学');
    expect(() => form('high', [one as GroupingTrainee, one as GroupingTrainee])).toThrow(/listed twice/);
    expect(() => form('high', [], { groupSizeMin: 25 })).toThrow(RangeError);
  });
});

// ── properties over generated enrollments ──

const SUBJECTS: Record<Stage, string[]> = {
  high: ['语文', '数学', '物理', '化学', '音乐', '美术', '信息技术', '通用技术', '综合实践活动', '综合', '心理健康教育'],
  middle: ['语文', '数学', '英语', '物理', '化学', '生物', '地理', '体育'],
  primary: ['语文', '数学', '科学', '音乐', '美术', '体育', '信息技术'],
  kindergarten: [''],
};

const parameters: fc.Arbitrary<FormationParameters> = fc
  .record({
    mergeBelow: fc.integer({ min: 1, max: 8 }),
    toMin: fc.integer({ min: 0, max: 8 }),
    toTarget: fc.integer({ min: 0, max: 8 }),
    toMax: fc.integer({ min: 0, max: 10 }),
    mergeScope: fc.constantFrom<GroupingScope>('school', 'county', 'city'),
  })
  .map(({ mergeBelow, toMin, toTarget, toMax, mergeScope }) => ({
    mergeBelow,
    groupSizeMin: mergeBelow + toMin,
    groupSizeTarget: mergeBelow + toMin + toTarget,
    groupSizeMax: mergeBelow + toMin + toTarget + toMax,
    mergeScope,
  }));

const formation: fc.Arbitrary<FormationInput> = fc.constantFrom<Stage>('high', 'middle', 'primary', 'kindergarten').chain((stage) =>
  fc.record({
    stage: fc.constant(stage),
    parameters,
    affinity: fc.constant(DEFAULT_SUBJECT_AFFINITY[stage]),
    orgNames: fc.constant(ORG_NAMES),
    trainees: fc
      .array(
        fc.record({
          // Skewed towards a few schools and subjects, so teaching groups are both large and small.
          schoolPath: fc.oneof({ weight: 3, arbitrary: fc.constantFrom(JINAN_ONE, JINAN_TWO) }, { weight: 2, arbitrary: fc.constantFrom(...SCHOOLS.map(([p]) => p)) }),
          subject: fc.constantFrom(...SUBJECTS[stage]),
          gradeGroup: fc.option(fc.constantFrom('一年级', '二年级', '三年级'), { nil: null }),
          leaderCandidate: fc.boolean(),
        }),
        { maxLength: 160 },
      )
      .map((list) => list.map((t, i) => ({ ...t, teacherId: `T${String(i).padStart(4, '0')}` }))),
  }),
);

const sizeOf = (g: FormedGroup) => g.memberIds.length;

describe('formStudyGroups, over generated enrollments', () => {
  it('puts every trainee in exactly one group and never exceeds the maximum', () => {
    fc.assert(
      fc.property(formation, (input) => {
        const groups = formStudyGroups(input);
        const placed = groups.flatMap((g) => g.memberIds).sort();
        expect(placed).toEqual(input.trainees.map((t) => t.teacherId).sort());
        for (const g of groups) expect(sizeOf(g)).toBeLessThanOrEqual(input.parameters.groupSizeMax);
      }),
    );
  });

  it('crosses schools only inside the merge scope with one subject, and mixes subjects only within a school and a family', () => {
    fc.assert(
      fc.property(formation, (input) => {
        const { mergeScope } = input.parameters;
        for (const g of formStudyGroups(input)) {
          if (g.schoolPaths.length > 1) {
            expect(mergeScope).not.toBe('school');
            if (mergeScope === 'school') continue;
            expect(new Set(g.schoolPaths.map((s) => regionOf(s, mergeScope))).size).toBe(1);
            expect(g.subjects).toHaveLength(1);
            expect(g.orgPath).toBe(regionOf(g.schoolPaths[0] as string, mergeScope));
          } else {
            expect(g.orgPath).toBe(g.schoolPaths[0]);
          }
          if (g.subjects.length > 1) expect(new Set(g.subjects.map((s) => familyOf(input.affinity, s))).size).toBe(1);
        }
      }),
    );
  });

  it('folds the high-school 综合 subjects and gives kindergartens no subject', () => {
    fc.assert(
      fc.property(formation, (input) => {
        for (const g of formStudyGroups(input)) {
          if (input.stage === 'kindergarten') expect(g.subjects).toEqual(['']);
          if (input.stage === 'high') for (const s of ['信息技术', '通用技术', '综合实践活动']) expect(g.subjects).not.toContain(s);
        }
      }),
    );
  });

  it('keeps the parts of a split teaching group within the bounds whenever a split can', () => {
    fc.assert(
      fc.property(formation, (input) => {
        const p = input.parameters;
        const groups = formStudyGroups(input);
        const groupOf = new Map(groups.flatMap((g) => g.memberIds.map((id) => [id, g] as const)));
        const teaching = new Map<string, GroupingTrainee[]>();
        for (const t of input.trainees) {
          const key = `${t.schoolPath}|${groupingSubject(input.stage, input.affinity, t.subject)}`;
          teaching.set(key, [...(teaching.get(key) ?? []), t]);
        }
        for (const members of teaching.values()) {
          const n = members.length;
          if (n <= p.groupSizeMax || Math.ceil(n / p.groupSizeMax) > Math.floor(n / p.groupSizeMin)) continue;
          for (const t of members) expect(sizeOf(groupOf.get(t.teacherId) as FormedGroup)).toBeGreaterThanOrEqual(p.groupSizeMin);
        }
      }),
    );
  });

  it('leaves a group under the merge threshold only when no partner it may join has room', () => {
    fc.assert(
      fc.property(formation, (input) => {
        const p = input.parameters;
        const groups = formStudyGroups(input);
        const families = (g: FormedGroup) => new Set(g.subjects.map((s) => familyOf(input.affinity, s)));
        for (const small of groups.filter((g) => sizeOf(g) < p.mergeBelow && g.schoolPaths.length === 1)) {
          const [family, ...more] = families(small);
          for (const other of groups) {
            if (other === small || sizeOf(other) + sizeOf(small) > p.groupSizeMax) continue;
            const sameSchool = other.schoolPaths.length === 1 && other.schoolPaths[0] === small.schoolPaths[0];
            const similar = more.length === 0 && [...families(other)].every((f) => f === family);
            expect(sameSchool && similar).toBe(false);
            if (p.mergeScope !== 'school' && small.subjects.length === 1 && sizeOf(other) >= p.mergeBelow) {
              const sameRegion = other.schoolPaths.every((s) => regionOf(s, p.mergeScope as 'county' | 'city') === regionOf(small.schoolPaths[0] as string, p.mergeScope as 'county' | 'city'));
              expect(sameRegion && other.subjects.length === 1 && other.subjects[0] === small.subjects[0]).toBe(false);
            }
          }
        }
      }),
    );
  });

  it('gives every group exactly one leader from its members, an enrolled 研修组长 whenever it has one', () => {
    fc.assert(
      fc.property(formation, (input) => {
        const candidate = new Set(input.trainees.filter((t) => t.leaderCandidate).map((t) => t.teacherId));
        for (const g of formStudyGroups(input)) {
          expect(g.memberIds).toContain(g.leaderId);
          expect(g.leaderIsCandidate).toBe(g.memberIds.some((id) => candidate.has(id)));
          expect(candidate.has(g.leaderId)).toBe(g.leaderIsCandidate);
        }
      }),
    );
  });

  it('names every group uniquely', () => {
    fc.assert(
      fc.property(formation, (input) => {
        const names = formStudyGroups(input).map((g) => g.name);
        expect(new Set(names).size).toBe(names.length);
        for (const name of names) expect(name).toMatch(/研修组$/);
      }),
    );
  });

  it('depends on the enrollments, not on their order', () => {
    fc.assert(
      fc.property(
        formation.chain((input) => fc.tuple(fc.constant(input), fc.shuffledSubarray([...input.trainees], { minLength: input.trainees.length }))),
        ([input, shuffled]) => {
        expect(formStudyGroups({ ...input, trainees: shuffled })).toEqual(formStudyGroups(input));
        },
      ),
    );
  });
});
