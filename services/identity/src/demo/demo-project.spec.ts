import fc from 'fast-check';
import { addDays, enrollmentCalendar, isWithin } from '../training-projects/project-calendar.js';
import { specProblems } from '../training-projects/training-project-rules.js';
import { demoProjectSpec } from './demo-project.js';

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
