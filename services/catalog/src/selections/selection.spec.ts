import { ancestorPaths, applicableCourseIds, effectiveChoice, type SchoolChoiceRecord } from './selection.js';

const choice = (orgPath: string, packageCode: string, imposed: boolean): SchoolChoiceRecord => ({
  projectId: 'p',
  orgId: orgPath,
  orgPath,
  packageCode,
  topicIds: [],
  imposed,
  chosenBy: 'x',
  revision: 1,
  updatedAt: new Date(0),
});

describe('effectiveChoice', () => {
  const school = '/37/3701/370102/S0001';

  it('lists the ancestors segment by segment', () => {
    expect(ancestorPaths(school)).toEqual(['/37', '/37/3701', '/37/3701/370102']);
  });

  it("takes the nearest imposed choice above the school over the school's own", () => {
    expect(effectiveChoice(school, [choice(school, 'A', false)])?.packageCode).toBe('A');
    expect(effectiveChoice(school, [choice(school, 'A', false), choice('/37/3701/370102', 'B', true)])?.packageCode).toBe('B');
    expect(effectiveChoice(school, [choice('/37/3701', 'A', true), choice('/37/3701/370102', 'B', true)])?.packageCode).toBe('B');
  });

  it('ignores choices of other schools and impositions on other subtrees', () => {
    expect(effectiveChoice(school, [choice('/37/3701/370102/S0002', 'A', false), choice('/37/3701/37010', 'B', true), choice(school, 'A', true)])).toBeNull();
  });
});

describe('applicableCourseIds', () => {
  const selection = { projectId: 'p', teacherId: 't', packageCode: 'A', courseIds: ['c1'], revision: 1, updatedAt: new Date(0) };
  it("keeps a selection only while the school's package is the one it was made in", () => {
    expect(applicableCourseIds(selection, { packageCode: 'A', topicIds: [] })).toEqual(['c1']);
    expect(applicableCourseIds(selection, { packageCode: 'B', topicIds: [] })).toEqual([]);
    expect(applicableCourseIds(null, { packageCode: 'A', topicIds: [] })).toEqual([]);
  });
});
