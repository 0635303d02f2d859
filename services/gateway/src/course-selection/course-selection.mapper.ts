import { catalogSelection, type catalog } from '@yanxiu/contracts';
import { levels, packageView } from '../catalog/catalog.mapper.js';
import type { MyCoursesView, SchoolChoiceView, TeacherSelectionView } from './course-selection.dto.js';

const R = catalogSelection.CountedReason;
const reasons: Record<number, string> = { [R.COUNTED_REASON_PUSHED]: 'pushed', [R.COUNTED_REASON_PACKAGE_REQUIRED]: 'package_required', [R.COUNTED_REASON_CHOSEN]: 'chosen' };

export function schoolChoiceView(c: catalogSelection.SchoolChoice | undefined | null): SchoolChoiceView | null {
  if (!c) return null;
  return { ...c, packageCode: c.packageCode || null };
}

export function teacherSelectionView(s: catalogSelection.TeacherSelection | undefined): TeacherSelectionView {
  if (!s) throw new Error('service answered without a selection');
  return { ...s, packageCode: s.packageCode || null, updatedAt: s.updatedAt || null };
}

export function myCoursesView(r: catalog.GetMyCoursesResponse): MyCoursesView {
  return {
    projectId: r.projectId,
    schoolChoice: schoolChoiceView(r.schoolChoice),
    package: r.package ? packageView(r.package) : null,
    offered: r.offered,
    selection: teacherSelectionView(r.selection),
    counted: r.counted.map((c) => ({ ...c, reason: reasons[c.reason] ?? 'unspecified' })),
    countedHours: r.countedHours,
    projectHours: r.projectHours,
    locked: r.locked,
  };
}

export const levelName = (level: number) => Object.entries(levels).find(([, v]) => Number(v) === level)?.[0] ?? 'unspecified';
