import type { SchoolChoice } from '../policies/selection-policy.js';

/** A school's own choice, or one an admin above imposed on every school of their subtree. */
export interface SchoolChoiceRecord {
  projectId: string;
  orgId: string;
  orgPath: string;
  packageCode: string | null;
  topicIds: string[];
  imposed: boolean;
  chosenBy: string;
  revision: number;
  updatedAt: Date;
}

export interface TeacherSelectionRecord {
  projectId: string;
  teacherId: string;
  /** The package the courses were chosen in. */
  packageCode: string | null;
  courseIds: string[];
  revision: number;
  updatedAt: Date;
}

/** The version of one teacher's counted list in a project and when it was taken. */
export interface CountedStamp {
  version: number;
  occurredAt: Date;
}

/** `/37/3701/370102/S0001` → `/37`, `/37/3701`, `/37/3701/370102`: the orgs whose imposition reaches it. */
export function ancestorPaths(path: string): string[] {
  const parts = path.split('/').filter(Boolean);
  return parts.slice(0, -1).map((_, i) => `/${parts.slice(0, i + 1).join('/')}`);
}

/**
 * What applies to a school: an imposed choice of its nearest ancestor (a county that chose for all its
 * schools overrides their own), else the school's own choice, else nothing yet.
 */
export function effectiveChoice(schoolPath: string, choices: readonly SchoolChoiceRecord[]): SchoolChoiceRecord | null {
  const imposed = choices.filter((c) => c.imposed && ancestorPaths(schoolPath).includes(c.orgPath)).sort((a, b) => b.orgPath.length - a.orgPath.length);
  return imposed[0] ?? choices.find((c) => !c.imposed && c.orgPath === schoolPath) ?? null;
}

export const asSchoolChoice = (c: SchoolChoiceRecord | null): SchoolChoice => ({ packageCode: c?.packageCode ?? null, topicIds: c?.topicIds ?? [] });

/** A selection made in a package the school has since left counts as nothing chosen. */
export function applicableCourseIds(selection: TeacherSelectionRecord | null, choice: SchoolChoice): string[] {
  if (!selection || selection.packageCode !== choice.packageCode) return [];
  return selection.courseIds;
}
