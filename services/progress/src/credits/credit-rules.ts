import { shanghaiDay } from '../watching/watch-credit.js';

/** A certification cycle (教师资格定期注册): years, both inclusive, and the hours needed; data, e.g. 2024–2028 / 360 h. */
export interface CertificationCycle {
  firstYear: number;
  lastYear: number;
  targetHours: number;
}

export interface CreditEntry {
  year: number;
  hours: number;
}

export interface CycleSummary {
  cycle: CertificationCycle;
  totalHours: number;
  /** Every year of the cycle, in order, with 0 for years without credits. */
  byYear: CreditEntry[];
  remainingHours: number;
}

/** Hours are kept to one decimal (DECIMAL(6,1) in the ledger); sums are done in tenths so they stay exact. */
const tenths = (hours: number) => Math.round(hours * 10);

/** The cycle's total and per-year breakdown over a teacher's ledger entries (entries of other years are ignored). */
export function cycleSummary(cycle: CertificationCycle, entries: readonly CreditEntry[]): CycleSummary {
  const years = Array.from({ length: cycle.lastYear - cycle.firstYear + 1 }, (_, i) => cycle.firstYear + i);
  const perYear = new Map(years.map((year) => [year, 0]));
  for (const { year, hours } of entries) if (perYear.has(year)) perYear.set(year, perYear.get(year)! + tenths(hours));
  const total = [...perYear.values()].reduce((sum, t) => sum + t, 0);
  return {
    cycle,
    totalHours: total / 10,
    byYear: years.map((year) => ({ year, hours: perYear.get(year)! / 10 })),
    remainingHours: Math.max(0, tenths(cycle.targetHours) - total) / 10,
  };
}

/** The cycle a year belongs to, if one is defined. */
export function cycleOf(cycles: readonly CertificationCycle[], year: number): CertificationCycle | undefined {
  return cycles.find((c) => c.firstYear <= year && year <= c.lastYear);
}

/** Registration is open until the end of the deadline day (inclusive) in Asia/Shanghai. */
export function registrationOpen(deadlineDay: string, nowMs: number): boolean {
  return shanghaiDay(Math.floor(nowMs / 1000)) <= deadlineDay;
}
