import fc from 'fast-check';
import { cycleOf, cycleSummary, registrationOpen, type CertificationCycle } from './credit-rules.js';

const cycle: CertificationCycle = { firstYear: 2024, lastYear: 2028, targetHours: 360 };

describe('certification cycle', () => {
  it('totals the cycle with a per-year breakdown and what is still missing', () => {
    expect(
      cycleSummary(cycle, [
        { year: 2024, hours: 36 },
        { year: 2024, hours: 12.5 },
        { year: 2026, hours: 50 },
        { year: 2023, hours: 120 },
      ]),
    ).toEqual({
      cycle,
      totalHours: 98.5,
      byYear: [
        { year: 2024, hours: 48.5 },
        { year: 2025, hours: 0 },
        { year: 2026, hours: 50 },
        { year: 2027, hours: 0 },
        { year: 2028, hours: 0 },
      ],
      remainingHours: 261.5,
    });
  });

  it('is exact to the tenth and independent of the order of entries', () => {
    const entry = fc.record({ year: fc.integer({ min: 2022, max: 2030 }), hours: fc.integer({ min: 1, max: 1200 }).map((t) => t / 10) });
    fc.assert(
      fc.property(fc.array(entry), (entries) => {
        const summary = cycleSummary(cycle, entries);
        expect(cycleSummary(cycle, [...entries].reverse())).toEqual(summary);
        const inCycle = entries.filter((e) => e.year >= 2024 && e.year <= 2028).reduce((s, e) => s + Math.round(e.hours * 10), 0);
        expect(Math.round(summary.totalHours * 10)).toBe(inCycle);
        expect(Math.round(summary.byYear.reduce((s, y) => s + y.hours * 10, 0))).toBe(inCycle);
        expect(summary.remainingHours).toBe(Math.max(0, 3600 - inCycle) / 10);
      }),
    );
  });

  it('finds the cycle of a year', () => {
    expect(cycleOf([cycle, { firstYear: 2029, lastYear: 2033, targetHours: 360 }], 2029)?.firstYear).toBe(2029);
    expect(cycleOf([cycle], 2023)).toBeUndefined();
  });
});

describe('registration window', () => {
  it('is open through the deadline day in Shanghai, closed after', () => {
    expect(registrationOpen('2026-12-31', Date.UTC(2026, 11, 31, 15, 59, 59))).toBe(true);
    expect(registrationOpen('2026-12-31', Date.UTC(2026, 11, 31, 16, 0, 0))).toBe(false);
  });
});
