import { isWithinJurisdiction } from '@yanxiu/auth';
import type { TeacherRecord } from '../teachers/teacher.repository.js';
import { GENDER_NAMES, STAGE_NAMES } from './roster-columns.js';
import type { RowProblem, TeacherCandidate } from './roster-row.js';

export type RosterMatch = { kind: 'create' } | { kind: 'unchanged' } | { kind: 'conflict'; problems: RowProblem[] };

const NOT_CHANGED_BY_IMPORT = '导入不修改已有教师，请通过信息修正更改';

/**
 * What a valid row means for the roster. A new ID number is created. An ID number already on it is
 * never changed by an import: with the same data it is `unchanged` (so re-importing a file is a
 * no-op), otherwise every difference is reported. Units, status and personal data change through
 * their own flows (调动, 离职, 信息修正), which carry their own rules and events; an import that
 * silently overwrote them would bypass those. Teachers outside the import's org are not described,
 * only refused: the importing admin may not see them.
 */
export function matchWithRoster(
  candidate: TeacherCandidate,
  existing: TeacherRecord | undefined,
  context: { importOrgPath: string; existingPhone: () => string | null; unitName: (orgId: string) => string | undefined },
): RosterMatch {
  if (!existing) return { kind: 'create' };
  const conflict = (problems: RowProblem[]): RosterMatch => ({ kind: 'conflict', problems });
  if (!isWithinJurisdiction(context.importOrgPath, existing.orgPath)) {
    return conflict([{ column: 'idNumber', reason: '该身份证号已在本次导入范围以外的单位登记；如需调入，请由上级管理员办理调动' }]);
  }
  if (existing.status === 'departed') return conflict([{ column: 'idNumber', reason: '该教师在离职教师库中；请用“调入离职教师”办理，而不是重新导入' }]);
  if (existing.status === 'retired') return conflict([{ column: 'idNumber', reason: '该教师已退休，不能导入' }]);
  if (existing.orgId !== candidate.unit.id) {
    return conflict([{ column: 'school', reason: `该教师已在“${context.unitName(existing.orgId) ?? existing.orgPath}”登记；导入不调动教师，请通过调动办理` }]);
  }
  const problems: RowProblem[] = [];
  const differs = (column: RowProblem['column'], current: string, wanted: string) => {
    if (current !== wanted) problems.push({ column, reason: `花名册中为“${current}”；${NOT_CHANGED_BY_IMPORT}` });
  };
  differs('name', existing.name, candidate.name);
  differs('gender', GENDER_NAMES[existing.gender], GENDER_NAMES[candidate.gender]);
  differs('stage', STAGE_NAMES[existing.stage], STAGE_NAMES[candidate.stage]);
  differs('subject', existing.subject, candidate.subject);
  differs('title', existing.title, candidate.title);
  // The stored phone is not echoed: the report file travels further than the roster screen.
  if ((context.existingPhone() ?? '') !== candidate.phone) problems.push({ column: 'phone', reason: `与花名册中的手机号不同；${NOT_CHANGED_BY_IMPORT}` });
  return problems.length > 0 ? conflict(problems) : { kind: 'unchanged' };
}
