import { catalogSelection } from '@yanxiu/contracts';
import { myCoursesView, schoolChoiceView } from './course-selection.mapper.js';

const selection: catalogSelection.TeacherSelection = { projectId: 'p', teacherId: 't', packageCode: '', courseIds: [], violations: [], complete: false, revision: 0, updatedAt: '' };

describe('course selection views', () => {
  it('names why each course counts and turns empty proto strings into nulls', () => {
    const R = catalogSelection.CountedReason;
    const view = myCoursesView({
      projectId: 'p',
      schoolChoice: undefined,
      package: undefined,
      offered: [],
      selection,
      counted: [
        { courseId: 'a', title: '必修', hours: 2, reason: R.COUNTED_REASON_PUSHED },
        { courseId: 'b', title: '必选', hours: 4, reason: R.COUNTED_REASON_PACKAGE_REQUIRED },
        { courseId: 'c', title: '自选', hours: 3, reason: R.COUNTED_REASON_CHOSEN },
      ],
      countedHours: 9,
      projectHours: 50,
      locked: false,
    });
    expect(view.counted.map((c) => c.reason)).toEqual(['pushed', 'package_required', 'chosen']);
    expect(view).toMatchObject({ schoolChoice: null, package: null, selection: { packageCode: null, updatedAt: null } });
  });

  it('keeps a package code and says nothing was chosen when there is no choice', () => {
    const choice = { projectId: 'p', orgId: 'o', orgPath: '/37', packageCode: 'B', topicIds: [], imposed: true, chosenBy: 'x', revision: 1, updatedAt: '' };
    expect(schoolChoiceView(choice)?.packageCode).toBe('B');
    expect(schoolChoiceView({ ...choice, packageCode: '' })?.packageCode).toBeNull();
    expect(schoolChoiceView(undefined)).toBeNull();
  });
});
