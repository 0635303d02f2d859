import fc from 'fast-check';
import { enrollmentCalendar, isValidDate, provinceToday } from './project-calendar.js';
import { addDays, projectSpec } from './training-project.spec-helper.js';
import type { ProjectWindows, TrainingProjectSpec } from './training-project.js';
import { specProblems, updateProblems } from './training-project-rules.js';

const D0 = '2024-04-18';
const valid = projectSpec(D0);
const withWindows = (patch: Partial<ProjectWindows>): TrainingProjectSpec => ({ ...valid, windows: { ...valid.windows, ...patch } });

describe('specProblems', () => {
  it('accepts the seeds-like project of every stage', () => {
    for (const stage of ['high', 'middle', 'primary', 'kindergarten'] as const) expect(specProblems(projectSpec(D0, stage))).toEqual([]);
  });

  it('accepts the 2018 single-phase 24 h project and a 36 h concentrated-only one', () => {
    const single = { ...valid, requiredHours: 36, phases: [{ name: '集中研修', kind: 'concentrated' as const, hours: 36, dates: valid.windows.study }] };
    expect(specProblems(single)).toEqual([]);
  });

  it("requires the phases' hours to add up to the required hours, and says by how much", () => {
    expect(specProblems({ ...valid, requiredHours: 60 })).toEqual(["phases' hours add up to 50 (36 + 14), not the required 60"]);
  });

  it('requires windows in order: enrollment, grouping, confirmation start in turn, all before study starts', () => {
    expect(specProblems(withWindows({ grouping: { start: addDays(D0, -1), end: addDays(D0, 30) } }))).toEqual([
      'windows.grouping must not start (2024-04-17) before windows.enrollment starts (2024-04-18)',
    ]);
    expect(specProblems(withWindows({ confirmation: { start: addDays(D0, 10), end: addDays(D0, 50) } }))).toEqual([
      'windows.confirmation must not start (2024-04-28) before windows.grouping starts (2024-05-03)',
    ]);
    expect(specProblems(withWindows({ confirmation: { start: addDays(D0, 40), end: addDays(D0, 60) } }))[0]).toMatch(/^windows.confirmation must end \(2024-06-17\) before study starts \(2024-06-17\)/);
    expect(specProblems(withWindows({ creditRegistrationDeadline: addDays(D0, 119) }))).toEqual([
      'windows.creditRegistrationDeadline (2024-08-15) must not be before study ends (2024-08-16)',
    ]);
  });

  it('reports bad dates by field instead of comparing them', () => {
    expect(specProblems(withWindows({ enrollment: { start: '2024-02-30', end: '2024-13-01' } }))).toEqual([
      'windows.enrollment.start must be a date YYYY-MM-DD, got "2024-02-30"',
      'windows.enrollment.end must be a date YYYY-MM-DD, got "2024-13-01"',
    ]);
    expect(specProblems(withWindows({ study: { start: addDays(D0, 70), end: addDays(D0, 60) } }))).toContain('windows.study starts (2024-06-27) after it ends (2024-06-17)');
  });

  it('keeps phases inside the study window and one after another', () => {
    const [first, second] = valid.phases;
    const overlapping = { ...valid, phases: [first!, { ...second!, dates: { start: first!.dates.end, end: second!.dates.end } }] };
    expect(specProblems(overlapping)).toEqual(['phases[1] must start (2024-06-22) after phases[0] ends (2024-06-22): phases follow each other']);
    const outside = { ...valid, phases: [first!, { ...second!, dates: { start: second!.dates.start, end: addDays(D0, 121) } }] };
    expect(specProblems(outside)).toEqual(['phases[1] (2024-06-23 – 2024-08-17) must lie within the study window (2024-06-17 – 2024-08-16)']);
  });

  it('checks subjects against the stage: none for kindergartens, known names of the stage otherwise, no duplicates', () => {
    expect(specProblems({ ...projectSpec(D0, 'kindergarten'), subjects: ['语文'] })).toEqual(['subjects: kindergarten projects have none (幼儿园不分学科), got 语文']);
    expect(specProblems({ ...valid, subjects: [] })).toEqual(['subjects: a primary project offers at least one subject']);
    const problems = specProblems({ ...valid, subjects: ['语文', '物理', '语文'] });
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^subjects: 物理 is not a primary subject/);
    expect(problems[1]).toBe('subjects: 语文 is listed twice');
    expect(specProblems({ ...projectSpec(D0, 'high'), subjects: ['综合', '思想政治', '通用技术'] })).toEqual([]);
  });

  it('orders group sizes and reports every problem at once', () => {
    const problems = specProblems({
      ...valid,
      year: 1999,
      name: ' ',
      grouping: { ...valid.grouping, groupSizeMin: 16 },
    });
    expect(problems).toEqual([
      'year must be between 2000 and 2100, got 1999',
      'name must be 1–100 characters',
      'windows.study must start in the project\'s year 1999, not on 2024-06-17',
      'grouping sizes must satisfy mergeBelow ≤ groupSizeMin ≤ groupSizeTarget ≤ groupSizeMax, got 5 ≤ 16 ≤ 15 ≤ 20',
    ]);
  });

  it('accepts every project laid out from any day, and rejects any whose windows are shifted out of order', () => {
    const day = fc.integer({ min: 0, max: 20000 }).map((n) => addDays('2000-03-01', n)).filter((d) => d < '2054-01-01');
    fc.assert(fc.property(day, (d0) => specProblems(projectSpec(d0)).length === 0));
    // Moving any preparation window to end on or after study start is always refused.
    const prep = fc.constantFrom<'enrollment' | 'grouping' | 'confirmation' | 'courseSelection'>('enrollment', 'grouping', 'confirmation', 'courseSelection');
    fc.assert(
      fc.property(day, prep, fc.integer({ min: 0, max: 30 }), (d0, name, late) => {
        const spec = projectSpec(d0);
        const w = { ...spec.windows, [name]: { start: spec.windows[name].start, end: addDays(spec.windows.study.start, late) } };
        return specProblems({ ...spec, windows: w }).some((p) => p.startsWith(`windows.${name} must end`));
      }),
    );
  });
});

describe('updateProblems', () => {
  it('never lets year or stage change', () => {
    expect(updateProblems(valid, { ...valid, year: 2025 }, D0)).toEqual(['year cannot change (2024); create a new project instead']);
    expect(updateProblems(valid, { ...valid, stage: 'middle' }, D0)).toEqual(['stage cannot change (primary); create a new project instead']);
  });

  it('lets anything else change before study starts', () => {
    expect(updateProblems(valid, { ...valid, theme: '新主题', windows: { ...valid.windows, enrollment: { start: D0, end: addDays(D0, 3) } } }, addDays(D0, 59))).toEqual([]);
  });

  it('after study starts, only the study end and the credit deadline may move', () => {
    const started = addDays(D0, 60);
    const extended = { ...valid, windows: { ...valid.windows, study: { ...valid.windows.study, end: addDays(D0, 130) }, creditRegistrationDeadline: addDays(D0, 160) } };
    expect(updateProblems(valid, extended, started)).toEqual([]);
    for (const changed of [
      { ...valid, theme: '新主题' },
      { ...valid, subjects: ['语文'] },
      { ...valid, grouping: { ...valid.grouping, groupsPerTutor: 5 } },
      { ...valid, windows: { ...valid.windows, confirmation: { start: addDays(D0, 41), end: addDays(D0, 50) } } },
      { ...valid, windows: { ...valid.windows, study: { ...valid.windows.study, start: addDays(D0, 61) } } },
    ]) {
      expect(updateProblems(valid, changed, started)).toEqual([`study started on 2024-06-17: only windows.study.end and windows.creditRegistrationDeadline may change now`]);
    }
  });

  it('compares specs by value, whatever order their keys were built in', () => {
    const reversed = (value: unknown): unknown =>
      Array.isArray(value) ? value.map(reversed) : value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reversed(v)])) : value;
    const reordered = reversed(valid) as TrainingProjectSpec;
    expect(Object.keys(reordered)[0]).toBe('grouping');
    expect(updateProblems(valid, reordered, addDays(D0, 70))).toEqual([]);
  });
});

describe('the province calendar', () => {
  it("reads today in China time: 16:00 UTC is already tomorrow there", () => {
    expect(provinceToday(new Date('2024-04-17T15:59:59Z'))).toBe('2024-04-17');
    expect(provinceToday(new Date('2024-04-17T16:00:00Z'))).toBe('2024-04-18');
  });

  it('validates calendar dates', () => {
    expect(['2024-02-29', '2023-12-31'].every(isValidDate)).toBe(true);
    expect(['2023-02-29', '2024-4-1', '', '2024-04-31'].some(isValidDate)).toBe(false);
  });

  it('freezes from the first day of study, and no window is open after that', () => {
    const days = fc.integer({ min: -30, max: 200 });
    fc.assert(
      fc.property(days, (n) => {
        const today = addDays(D0, n);
        const c = enrollmentCalendar(valid.windows, today);
        const frozen = today >= valid.windows.study.start;
        return c.frozen === frozen && (!frozen || (!c.enrollmentOpen && !c.confirmationOpen)) && c.enrollmentOpen === (!frozen && n >= 0 && n <= 10);
      }),
    );
  });
});
