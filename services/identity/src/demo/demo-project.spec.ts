import fc from 'fast-check';
import { addDays, enrollmentCalendar, isWithin } from '../training-projects/project-calendar.js';
import { specProblems, updateProblems } from '../training-projects/training-project-rules.js';
import { demoProjectSpec, demoStudyProjectSpecs } from './demo-project.js';

describe('demoProjectSpec', () => {
  it('is a valid project whose every preparation window is open on the seed day, before study, whatever the day (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3 * 366 }), (offset) => {
        const today = addDays('2025-01-01', offset);
        const spec = demoProjectSpec(today);
        expect(specProblems(spec)).toEqual([]);
        expect(enrollmentCalendar(spec.windows, today)).toEqual({ frozen: false, enrollmentOpen: true, confirmationOpen: true });
        expect(isWithin(spec.windows.grouping, today)).toBe(true);
        expect(isWithin(spec.windows.courseSelection, today)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('takes the year of its study: a project seeded late in December is next year’s', () => {
    expect(demoProjectSpec('2026-12-06')).toMatchObject({ year: 2026, name: '2026年小学教师全员远程研修', windows: { study: { start: '2026-12-20' } } });
    expect(demoProjectSpec('2026-12-20')).toMatchObject({ year: 2027, windows: { courseSelection: { start: '2026-12-13', end: '2027-01-02' }, study: { start: '2027-01-03' } } });
  });
});

describe('demoStudyProjectSpecs', () => {
  it('is prepared on the seed day and, edited by the province admin that day, in study from it, whatever the day (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3 * 366 }), (offset) => {
        const today = addDays('2025-01-01', offset);
        const { preparing, studying } = demoStudyProjectSpecs(today);
        expect(specProblems(preparing)).toEqual([]);
        expect(specProblems(studying)).toEqual([]);
        expect(enrollmentCalendar(preparing.windows, today)).toEqual({ frozen: false, enrollmentOpen: true, confirmationOpen: true });
        expect(isWithin(preparing.windows.grouping, today)).toBe(true);
        expect(isWithin(preparing.windows.courseSelection, today)).toBe(true);
        expect(updateProblems(preparing, studying, today)).toEqual([]);
        if (today.endsWith('-12-31')) expect(studying).toEqual(preparing);
        else expect(isWithin(studying.windows.study, today)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('is a kindergarten project of 36 学时 without subjects, studying from the seed day', () => {
    expect(demoStudyProjectSpecs('2026-06-10').studying).toMatchObject({
      year: 2026,
      stage: 'kindergarten',
      name: '2026年幼儿园教师全员远程研修',
      requiredHours: 36,
      subjects: [],
      windows: { courseSelection: { start: '2026-06-03', end: '2026-06-09' }, study: { start: '2026-06-10', end: '2026-08-09' } },
    });
    expect(demoStudyProjectSpecs('2026-12-31').studying).toMatchObject({ year: 2027, windows: { study: { start: '2027-01-01' } } });
  });
});
