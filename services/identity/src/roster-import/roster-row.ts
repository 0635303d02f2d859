import type { Gender, Stage } from '../teachers/teacher.repository.js';
import { teacherFieldProblems } from '../teachers/teacher-rules.js';
import { COLUMN_HEADERS, GENDERS, ROSTER_COLUMNS, STAGES, type ColumnIndex, type RosterColumnKey } from './roster-columns.js';

/** A cell as the sheet holds it: Excel keeps numbers apart from text, and that matters for ID numbers. */
export type SheetCell = string | number;

/** One problem of one row, in the admin's terms: the template column and why. */
export interface RowProblem {
  column: RosterColumnKey;
  reason: string;
}

/** A school, kindergarten or institution a row can go to. */
export interface UnitRef {
  id: string;
  path: string;
  name: string;
  code: string;
}

/** A row with nothing wrong in itself: what would go on the roster. */
export interface TeacherCandidate {
  name: string;
  idNumber: string;
  gender: Gender;
  stage: Stage;
  subject: string;
  title: string;
  phone: string;
  unit: UnitRef;
}

export interface ParsedRow {
  rowNumber: number;
  /** Each template column's text as the file had it, for the error report. */
  values: Record<RosterColumnKey, string>;
  problems: RowProblem[];
  /** The normalised ID number when it is valid, whatever else is wrong with the row. */
  validIdNumber: string | null;
  /** Set when `problems` is empty. */
  candidate: TeacherCandidate | null;
}

/** Resolves a row's 学校 cell to a unit of the import's org, or says why it can't. */
export type UnitResolver = (cell: string) => UnitRef | string;

/** Longer cells are cut for the error report: nothing valid is that long, and the report stays small. */
const MAX_KEPT_TEXT = 200;

/** Whether a row has nothing in it (Excel keeps formatted empty rows; they are skipped, not reported). */
export function isBlankRow(cells: readonly SheetCell[]): boolean {
  return cells.every((cell) => typeof cell === 'string' && cell.trim() === '');
}

function text(cell: SheetCell | undefined): string {
  if (cell === undefined) return '';
  return typeof cell === 'number' ? String(cell) : cell.trim();
}

/**
 * Reads one data row against the header's column positions: every problem of the row at once
 * (the admin fixes a row in one go), the teacher rules shared with CreateTeacher, and the unit
 * from the 学校 column. Pure: the roster and the rest of the file are checked by the caller.
 */
export function parseRosterRow(rowNumber: number, cells: readonly SheetCell[], columns: ColumnIndex, resolveUnit: UnitResolver, today: Date): ParsedRow {
  const cell = (key: RosterColumnKey) => (columns[key] === undefined ? undefined : cells[columns[key]]);
  const values = Object.fromEntries(ROSTER_COLUMNS.map((c) => [c.key, text(cell(c.key)).slice(0, MAX_KEPT_TEXT)])) as Record<RosterColumnKey, string>;
  const problems: RowProblem[] = [];
  const missing = (key: RosterColumnKey) => problems.push({ column: key, reason: `未填写${COLUMN_HEADERS[key]}` });

  // Typed without the text format, an 18-digit number keeps only 15 significant digits: the end is lost.
  const rawId = cell('idNumber');
  const idNumber = typeof rawId === 'number' ? '' : text(rawId).replace(/\s+/g, '').replace(/x$/, 'X');
  if (typeof rawId === 'number') problems.push({ column: 'idNumber', reason: '身份证号被Excel存成了数字，后几位已丢失；请把本列设为文本格式后重新填写' });
  else if (!idNumber) missing('idNumber');

  const name = values.name;
  if (!name) missing('name');

  const gender = GENDERS[values.gender];
  if (!values.gender) missing('gender');
  else if (!gender) problems.push({ column: 'gender', reason: '性别应为“男”或“女”' });

  const stage = STAGES[values.stage];
  if (!values.stage) missing('stage');
  else if (!stage) problems.push({ column: 'stage', reason: '学段应为“高中”“初中”“小学”或“幼儿园”' });

  const rawPhone = cell('phone');
  const phone = typeof rawPhone === 'number' && Number.isInteger(rawPhone) ? String(rawPhone) : text(rawPhone).replace(/\s+/g, '');
  const subject = values.subject;
  const title = values.title;

  const reported = new Set(problems.map((p) => p.column));
  for (const problem of teacherFieldProblems({ name, idNumber, stage: stage ?? null, subject, title, phone }, today)) {
    if (!reported.has(problem.field)) problems.push({ column: problem.field, reason: problem.reason });
  }

  const unit = resolveUnit(values.school);
  if (typeof unit === 'string') problems.push({ column: 'school', reason: unit });

  const order: RosterColumnKey[] = ROSTER_COLUMNS.map((c) => c.key);
  problems.sort((a, b) => order.indexOf(a.column) - order.indexOf(b.column));
  const candidate = problems.length === 0 && gender && stage && typeof unit !== 'string' ? { name, idNumber, gender, stage, subject, title, phone, unit } : null;
  const validIdNumber = problems.some((p) => p.column === 'idNumber') ? null : idNumber;
  return { rowNumber, values, problems, validIdNumber, candidate };
}

/**
 * The units a file's rows may name. Importing into a unit: every row goes there (学校 may be empty
 * or name that unit). Importing into an area: 学校 is required and must name, by full name or unit
 * code, exactly one unit inside the area.
 */
export function unitResolver(unit: UnitRef | null, unitsInArea: readonly UnitRef[]): UnitResolver {
  if (unit) {
    return (cell) => (cell === '' || cell === unit.name || cell === unit.code ? unit : `“${cell}”不是本次导入的单位“${unit.name}”；在单位下导入时本列可不填`);
  }
  const byName = groupBy(unitsInArea, (u) => u.name);
  const byCode = groupBy(unitsInArea, (u) => u.code);
  return (cell) => {
    if (cell === '') return '在区县及以上导入时必须填写学校（单位全称或单位代码）';
    const named = byName.get(cell) ?? byCode.get(cell.toUpperCase());
    if (!named) return `所选范围内没有名称或代码为“${cell}”的学校、幼儿园或机构`;
    if (named.length > 1) return `所选范围内有${named.length}个单位与“${cell}”相符；请填写单位全称，或在区县下导入`;
    return named[0]!;
  };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/**
 * Repeated ID numbers inside one file: the first row with a valid number keeps it (even when other
 * cells of that row are wrong), later rows are reported. Decided from the file alone, so a resumed
 * import decides exactly as the first run did.
 */
export class InFileDuplicates {
  private readonly firstRow = new Map<string, number>();

  /** Records the row's ID number; a repeat gets a problem and loses its candidate. */
  check(row: ParsedRow): ParsedRow {
    if (row.validIdNumber === null) return row;
    const first = this.firstRow.get(row.validIdNumber);
    if (first === undefined) {
      this.firstRow.set(row.validIdNumber, row.rowNumber);
      return row;
    }
    return { ...row, problems: [{ column: 'idNumber', reason: `与第${first}行的身份证号重复` }, ...row.problems], candidate: null };
  }
}
