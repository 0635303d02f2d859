import type { DateWindow, ProjectWindows } from './training-project.js';

/** Injected so tests can stand on any day of a project's calendar. */
export type Clock = () => Date;

/** The province's wall clock is China Standard Time (UTC+8, no daylight saving). */
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

/** Today's calendar date in the province, `YYYY-MM-DD`: windows are whole days there. */
export function provinceToday(now: Date): string {
  return new Date(now.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** The calendar day `n` days after (or before, for negative `n`) `day`, `YYYY-MM-DD`. */
export const addDays = (day: string, n: number): string => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

export function isValidDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

/** `YYYY-MM-DD` strings order like the dates they name. */
export const isWithin = (window: DateWindow, day: string): boolean => window.start <= day && day <= window.end;

/** Where a project's enrollment stands on a given day. */
export interface EnrollmentCalendar {
  /** Study has started: enrollment data is frozen for good. */
  frozen: boolean;
  enrollmentOpen: boolean;
  confirmationOpen: boolean;
}

export function enrollmentCalendar(windows: ProjectWindows, today: string): EnrollmentCalendar {
  const frozen = today >= windows.study.start;
  return {
    frozen,
    enrollmentOpen: !frozen && isWithin(windows.enrollment, today),
    confirmationOpen: !frozen && isWithin(windows.confirmation, today),
  };
}

export const describeWindow = (window: DateWindow): string => `${window.start} – ${window.end}`;
