import { mysqlErrorCode } from '@yanxiu/messaging';
import type { EntityManager } from 'typeorm';
import { fetchPage, type Page, type PageQuery, type SortColumn } from '../listing/page.js';
import { WhereClause } from '../listing/where-clause.js';
import { COLUMNS, toRecord, type Gender, type Stage, type TeacherRecord, type TeacherRow, type TeacherStatus } from './teacher.repository.js';

/** Teacher columns qualified with the alias `t`, for queries that join other tables. */
export const TEACHER_COLUMNS_OF_T = COLUMNS.split(', ')
  .map((column) => `t.${column}`)
  .join(', ');

/** Lists of teachers: by unit, then name, then id (a total order, so keyset pages are exact). */
export const TEACHER_ORDER: readonly SortColumn[] = [{ sql: 't.org_path' }, { sql: 't.name' }, { sql: 't.id' }];

export const teacherSortKey = (row: TeacherRow) => [row.org_path, row.name, row.id];

/** What a list of teachers is narrowed to. Every path in `withinPaths` applies (AND). */
export interface TeacherFilter {
  withinPaths: readonly string[];
  status?: TeacherStatus;
  stage?: Stage;
  subject?: string;
  nameContains?: string;
  idNumberHash?: string;
}

/** The WHERE clause of a teacher filter over `teachers t`; callers may add their own conditions. */
export function teacherWhere(filter: TeacherFilter): WhereClause {
  const where = new WhereClause();
  for (const path of filter.withinPaths) where.inSubtree('t.org_path', path);
  if (filter.status) where.and('t.status = ?', filter.status);
  if (filter.stage) where.and('t.stage = ?', filter.stage);
  if (filter.subject) where.and('t.subject = ?', filter.subject);
  if (filter.nameContains) where.contains('t.name', filter.nameContains);
  if (filter.idNumberHash) where.and('t.id_number_hash = ?', filter.idNumberHash);
  return where;
}

/** The sealed values a correction writes: every column an admin may correct. */
export interface TeacherCorrection {
  name: string;
  idNumberEnc: Buffer;
  idNumberHash: string;
  idNumberMasked: string;
  gender: Gender;
  stage: Stage;
  subject: string;
  title: string;
  phoneEnc: Buffer | null;
}

/** Plain data access for roster lists and corrections. */
export class RosterRepository {
  async search(manager: EntityManager, filter: TeacherFilter, query: PageQuery): Promise<Page<TeacherRecord>> {
    const page = await fetchPage<TeacherRow>(manager, { from: 'teachers t', columns: TEACHER_COLUMNS_OF_T, where: teacherWhere(filter), order: TEACHER_ORDER, keyOf: teacherSortKey }, query);
    return { ...page, items: page.items.map(toRecord) };
  }

  /** Reads and locks a teacher until the transaction ends; `revision` counts the corrections so far. */
  async lockForCorrection(manager: EntityManager, id: string): Promise<{ teacher: TeacherRecord; revision: number } | null> {
    const rows: (TeacherRow & { revision: number })[] = await manager.query(`SELECT ${COLUMNS}, revision FROM teachers WHERE id = ? FOR UPDATE`, [id]);
    const row = rows[0];
    return row ? { teacher: toRecord(row), revision: Number(row.revision) } : null;
  }

  /** Writes a correction and counts it; false when the new ID number is already another teacher's. */
  async correct(manager: EntityManager, id: string, c: TeacherCorrection): Promise<boolean> {
    try {
      await manager.query(
        `UPDATE teachers SET name = ?, id_number_enc = ?, id_number_hash = ?, id_number_masked = ?, gender = ?, stage = ?, subject = ?, title = ?, phone_enc = ?,
                revision = revision + 1
          WHERE id = ?`,
        [c.name, c.idNumberEnc, c.idNumberHash, c.idNumberMasked, c.gender, c.stage, c.subject, c.title, c.phoneEnc, id],
      );
      return true;
    } catch (error) {
      if (mysqlErrorCode(error) === 'ER_DUP_ENTRY') return false;
      throw error;
    }
  }
}
