import { catalogSelection, Topics } from '@yanxiu/contracts';
import { checkSelection, countedCourses, type CountedCourse, type SelectionViolation } from '../policies/check-selection.js';
import { CatalogError } from '../catalog.error.js';
import { sumHours, type SchoolChoice, type SelectionPolicy, type TeacherProfile } from '../policies/selection-policy.js';
import { selectionPhase, type ProjectRecord } from '../projections/project.js';
import { applicableCourseIds, type CountedStamp, type TeacherSelectionRecord } from './selection.js';

/** Where one teacher stands: what they chose (still valid), what is missing, and what counts. */
export interface Standing {
  courseIds: string[];
  violations: SelectionViolation[];
  complete: boolean;
  counted: CountedCourse[];
  countedHours: number;
}

export function standingOf(policy: SelectionPolicy, choice: SchoolChoice, profile: TeacherProfile, selection: TeacherSelectionRecord | null): Standing {
  const courseIds = applicableCourseIds(selection, choice);
  const violations = checkSelection(policy, choice, courseIds);
  const counted = countedCourses(policy, choice, profile, courseIds);
  return { courseIds, violations, complete: violations.length === 0, counted, countedHours: sumHours(counted) };
}

/** Refuses, in the words admins and teachers read, any selection change outside the window. */
export function assertSelectionOpen(project: ProjectRecord, now: Date): void {
  switch (selectionPhase(project, now)) {
    case 'open':
      return;
    case 'not_open':
      throw new CatalogError('selection_not_open', `选课将于 ${project.selectionStart} 开始，现在还不能选择`);
    case 'closed':
      throw new CatalogError('selection_closed', `选课已于 ${project.selectionEnd} 结束，不能再修改`);
    case 'locked':
      throw new CatalogError('selection_locked', `研修已于 ${project.studyStart} 开始，选课已锁定，不能再修改；未选的课程仍可观看，但不计入学时`);
  }
}

const R = catalogSelection.CountedReason;
const reasons = { pushed: R.COUNTED_REASON_PUSHED, package_required: R.COUNTED_REASON_PACKAGE_REQUIRED, chosen: R.COUNTED_REASON_CHOSEN } as const;

export function countedToProto(c: CountedCourse): catalogSelection.CountedCourse {
  return { courseId: c.courseId, title: c.title, hours: c.hours, reason: reasons[c.reason] };
}

/** "What counts for whom": the event progress builds on, as of `stamp` (the teacher's list version). */
export function countedCoursesEvent(project: ProjectRecord, teacherId: string, standing: Standing, final: boolean, stamp: CountedStamp) {
  const payload: catalogSelection.CountedCoursesChanged = {
    projectId: project.id,
    teacherId,
    courses: standing.counted.map(countedToProto),
    totalHours: standing.countedHours,
    projectHours: project.requiredHours,
    final,
    occurredAt: stamp.occurredAt.toISOString(),
    version: stamp.version,
  };
  return {
    topic: Topics.countedCoursesChanged,
    key: teacherId,
    type: 'yanxiu.catalog.v1.CountedCoursesChanged',
    payload: catalogSelection.CountedCoursesChanged.encode(payload).finish(),
  };
}
