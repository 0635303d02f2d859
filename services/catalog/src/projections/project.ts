import type { Stage } from '../policies/selection-policy.js';

/** A training project as catalog needs it, from identity's project events. Dates are YYYY-MM-DD in Asia/Shanghai. */
export interface ProjectRecord {
  id: string;
  year: number;
  stage: Stage;
  name: string;
  requiredHours: number;
  selectionStart: string;
  selectionEnd: string;
  studyStart: string;
  studyEnd: string;
  version: number;
  lockedAt: Date | null;
}

/** Where a project's course selection stands at a moment. */
export type SelectionPhase = 'not_open' | 'open' | 'closed' | 'locked';

/** The province's dates are calendar days in China Standard Time (UTC+8, no daylight saving). */
export const startOfDay = (date: string): Date => new Date(`${date}T00:00:00+08:00`);
const DAY_MS = 86_400_000;

/**
 * Schools and teachers choose inside the course-selection window (both dates inclusive); from the
 * first day of study on, everything is locked (选课锁定), whatever the window says.
 */
export function selectionPhase(project: Pick<ProjectRecord, 'selectionStart' | 'selectionEnd' | 'studyStart'>, now: Date): SelectionPhase {
  const t = now.getTime();
  if (t >= startOfDay(project.studyStart).getTime()) return 'locked';
  if (t < startOfDay(project.selectionStart).getTime()) return 'not_open';
  if (t >= startOfDay(project.selectionEnd).getTime() + DAY_MS) return 'closed';
  return 'open';
}
