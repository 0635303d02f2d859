import type { AdminRole } from '@yanxiu/auth';
import fc from 'fast-check';
import type { GroupingScope } from '../training-projects/training-project.js';
import { addDays, projectSpec } from '../training-projects/training-project.spec-helper.js';
import { formStudyGroups } from './group-formation.js';
import { compositionProblem, decideGroupingWrite, groupingRegionProblem, tutorProblem } from './group-override-rules.js';
import { DEFAULT_SUBJECT_AFFINITY } from './subject-affinity.js';

const S1 = '/37/3701/370102/S0001';
const S2 = '/37/3701/370102/S0002';
const S3 = '/37/3701/370103/S0003';
const admin = (role: AdminRole, orgPath: string) => ({ roles: [role], orgPath });
const rules = (mergeScope: GroupingScope = 'school', stage: 'high' | 'middle' | 'primary' = 'middle') => ({
  stage,
  parameters: { groupSizeMax: 4, mergeScope },
  affinity: DEFAULT_SUBJECT_AFFINITY[stage],
});
const at = (schoolPath: string, subject: string, n = 1) => Array.from({ length: n }, () => ({ schoolPath, subject }));

describe('decideGroupingWrite', () => {
  const d0 = '2031-04-18';
  const project = projectSpec(d0, 'middle');

  it('lets the county admin of the region or anyone above it group in the grouping window', () => {
    for (const who of [admin('county-admin', '/37/3701/370102'), admin('city-admin', '/37/3701'), admin('province-admin', '/37')]) {
      expect(decideGroupingWrite(who, project, '/37/3701/370102', addDays(d0, 20))).toBeNull();
    }
  });

  it('refuses school admins, other counties, and days outside the window or after study starts', () => {
    expect(decideGroupingWrite(admin('school-admin', S1), project, '/37/3701/370102', addDays(d0, 20))).toMatchObject({ code: 'role_not_allowed' });
    expect(decideGroupingWrite(admin('county-admin', '/37/3701/370103'), project, '/37/3701/370102', addDays(d0, 20))).toMatchObject({ code: 'out_of_jurisdiction' });
    expect(decideGroupingWrite(admin('county-admin', '/37/3701/370102'), project, '/37/3701/370102', addDays(d0, 14))).toMatchObject({ code: 'grouping_window_closed' });
    expect(decideGroupingWrite(admin('county-admin', '/37/3701/370102'), project, '/37/3701/370102', addDays(d0, 60))).toMatchObject({
      code: 'grouping_window_closed',
      message: expect.stringContaining('frozen') as string,
    });
  });

  it('needs the city admin for high-school groups (高中由市教育行政部门负责)', () => {
    expect(decideGroupingWrite(admin('county-admin', '/37/3701/370102'), projectSpec(d0, 'high'), '/37/3701', addDays(d0, 20))).toMatchObject({ code: 'role_not_allowed' });
  });
});

describe('groupingRegionProblem', () => {
  it('forms per tutor team region and refuses a merge scope wider than it', () => {
    expect(groupingRegionProblem({ mergeScope: 'county', tutorTeamScope: 'county' }, 'county')).toBeNull();
    expect(groupingRegionProblem({ mergeScope: 'school', tutorTeamScope: 'city' }, 'county')).toMatch(/formed per city/);
    expect(groupingRegionProblem({ mergeScope: 'city', tutorTeamScope: 'county' }, 'county')).toMatch(/no tutor team/);
  });
});

describe('compositionProblem', () => {
  it.each([
    ['more members than the maximum', rules('county'), at(S1, '数学', 5), /at most 4/],
    ['schools crossed when the project keeps groups in a school', rules('school'), [...at(S1, '数学'), ...at(S2, '数学')], /不跨校编组/],
    ['counties crossed by a county merge', rules('county'), [...at(S1, '数学'), ...at(S3, '数学')], /span counties/],
    ['two subjects across schools', rules('county'), [...at(S1, '数学'), ...at(S2, '物理')], /one subject/],
    ['subjects that are not similar', rules('school'), [...at(S1, '数学'), ...at(S1, '音乐')], /not similar subjects/],
  ])('refuses %s', (_what, r, members, message) => {
    expect(compositionProblem(r, '某研修组', members)).toMatch(message);
  });

  it.each([
    ['a county merge of one subject', rules('county'), [...at(S1, '物理'), ...at(S2, '物理')]],
    ['similar subjects in one school', rules('school'), [...at(S1, '物理'), ...at(S1, '化学')]],
    ['the high-school 综合 subjects together', rules('school', 'high'), [...at(S1, '信息技术'), ...at(S1, '通用技术'), ...at(S1, '综合')]],
  ])('accepts %s', (_what, r, members) => {
    expect(compositionProblem(r, '某研修组', members)).toBeNull();
  });

  it('accepts every group formation makes, over generated enrollments', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<GroupingScope>('school', 'county', 'city'),
        fc.array(fc.record({ schoolPath: fc.constantFrom(S1, S2, S3), subject: fc.constantFrom('语文', '数学', '物理', '化学', '音乐', '美术') }), { maxLength: 80 }),
        (mergeScope, list) => {
          const trainees = list.map((t, i) => ({ ...t, teacherId: `T${String(i).padStart(3, '0')}`, gradeGroup: null, leaderCandidate: false }));
          const parameters = { groupSizeTarget: 6, groupSizeMin: 4, groupSizeMax: 8, mergeBelow: 3, mergeScope };
          const orgNames = new Map([S1, S2, S3, '/37/3701', '/37/3701/370102', '/37/3701/370103'].map((p) => [p, p.slice(-5)]));
          const byId = new Map(trainees.map((t) => [t.teacherId, t]));
          for (const g of formStudyGroups({ stage: 'middle', parameters, affinity: DEFAULT_SUBJECT_AFFINITY.middle, orgNames, trainees })) {
            const members = g.memberIds.map((id) => byId.get(id)!);
            expect(compositionProblem({ stage: 'middle', parameters, affinity: DEFAULT_SUBJECT_AFFINITY.middle }, g.name, members)).toBeNull();
          }
        },
      ),
    );
  });
});

describe('tutorProblem', () => {
  const r = { stage: 'middle' as const, affinity: DEFAULT_SUBJECT_AFFINITY.middle, scope: 'county' as const, groupsPerTutor: 4 };
  const group = { name: '济南市历下区初中物理第1研修组', regionPath: '/37/3701/370102', subject: '物理' };

  it('accepts a tutor of the group’s county and subject with room', () => {
    expect(tutorProblem(r, group, { teacherId: 'T', orgPath: S2, subject: '物理', otherGroups: 3 })).toBeNull();
  });

  it('refuses another county, another subject team, or a tutor already at the ratio', () => {
    expect(tutorProblem(r, group, { teacherId: 'T', orgPath: S3, subject: '物理', otherGroups: 0 })).toMatch(/370103/);
    expect(tutorProblem(r, group, { teacherId: 'T', orgPath: S1, subject: '化学', otherGroups: 0 })).toMatch(/化学 team/);
    expect(tutorProblem(r, group, { teacherId: 'T', orgPath: S1, subject: '物理', otherGroups: 4 })).toMatch(/at most 4/);
  });

  it('puts high-school IT tutors in the 综合 team', () => {
    const high = { ...r, stage: 'high' as const, affinity: DEFAULT_SUBJECT_AFFINITY.high, scope: 'city' as const };
    expect(tutorProblem(high, { ...group, regionPath: '/37/3701', subject: '综合' }, { teacherId: 'T', orgPath: S1, subject: '信息技术', otherGroups: 0 })).toBeNull();
  });
});
