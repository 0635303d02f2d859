import { catalogSelection, Topics } from '@yanxiu/contracts';
import type { SelectionViolation } from '../policies/check-selection.js';
import type { SchoolChoiceRecord, TeacherSelectionRecord } from './selection.js';
import type { Standing } from './standing.js';

export function schoolChoiceToProto(c: SchoolChoiceRecord): catalogSelection.SchoolChoice {
  return {
    projectId: c.projectId,
    orgId: c.orgId,
    orgPath: c.orgPath,
    packageCode: c.packageCode ?? '',
    topicIds: c.topicIds,
    imposed: c.imposed,
    chosenBy: c.chosenBy,
    revision: c.revision,
    updatedAt: c.updatedAt.toISOString(),
  };
}

export function violationToProto(v: SelectionViolation): catalogSelection.SelectionViolation {
  const hours = 'selectedHours' in v ? { selectedHours: v.selectedHours, requiredHours: v.requiredHours } : { selectedHours: 0, requiredHours: 0 };
  const difference = 'shortHours' in v ? v.shortHours : 'excessHours' in v ? v.excessHours : 0;
  return {
    kind: v.kind,
    severity: v.severity,
    chapter: 'chapter' in v ? v.chapter : 'group' in v ? v.group : '',
    courseId: 'courseId' in v ? v.courseId : '',
    ...hours,
    differenceHours: difference,
    message: v.message,
  };
}

export function teacherSelectionToProto(projectId: string, teacherId: string, saved: TeacherSelectionRecord | null, standing: Standing): catalogSelection.TeacherSelection {
  return {
    projectId,
    teacherId,
    packageCode: saved?.packageCode ?? '',
    courseIds: standing.courseIds,
    violations: standing.violations.map(violationToProto),
    complete: standing.complete,
    revision: saved?.revision ?? 0,
    updatedAt: saved?.updatedAt.toISOString() ?? '',
  };
}

export const schoolChoiceSaved = (c: SchoolChoiceRecord) => ({
  topic: Topics.schoolChoiceSaved,
  key: c.orgId,
  type: 'yanxiu.catalog.v1.SchoolChoiceSaved',
  payload: catalogSelection.SchoolChoiceSaved.encode({ choice: schoolChoiceToProto(c) }).finish(),
});
