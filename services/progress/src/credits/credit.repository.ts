import { progressEntities } from '@yanxiu/contracts';
import type { Sql, WriteResult } from '../sql.js';
import type { CertificationCycle } from './credit-rules.js';

export type CreditSource = 'project' | 'school_based';

export interface CreditRecord {
  id: string;
  teacherId: string;
  source: CreditSource;
  /** The project id, or the school's own record key. */
  sourceKey: string;
  year: number;
  hours: number;
  title: string;
  registeredBy: string;
  registeredAt: Date;
}

interface CreditRow {
  id: string;
  teacher_id: string;
  source: CreditSource;
  source_key: string;
  year: number;
  hours: string;
  title: string;
  registered_by: string;
  registered_at: Date;
}

const COLUMNS = 'id, teacher_id, source, source_key, year, hours, title, registered_by, registered_at';
const toRecord = (r: CreditRow): CreditRecord => ({
  id: r.id,
  teacherId: r.teacher_id,
  source: r.source,
  sourceKey: r.source_key,
  year: r.year,
  hours: Number(r.hours),
  title: r.title,
  registeredBy: r.registered_by,
  registeredAt: r.registered_at,
});

/** The ledger: rows are only ever inserted, and the unique key (teacher, source, key) refuses a second one. */
export class CreditRepository {
  /** False when the teacher already has a credit from this source (nothing is written). */
  async insert(sql: Sql, record: CreditRecord): Promise<boolean> {
    const result: WriteResult = await sql.query(`INSERT IGNORE INTO credit_records (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
      record.id,
      record.teacherId,
      record.source,
      record.sourceKey,
      record.year,
      record.hours,
      record.title,
      record.registeredBy,
      record.registeredAt,
    ]);
    return result.affectedRows === 1;
  }

  async findBySource(sql: Sql, teacherId: string, source: CreditSource, sourceKey: string): Promise<CreditRecord | null> {
    const rows: CreditRow[] = await sql.query(`SELECT ${COLUMNS} FROM credit_records WHERE teacher_id = ? AND source = ? AND source_key = ?`, [teacherId, source, sourceKey]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async listForTeacher(sql: Sql, teacherId: string, years: { from: number; to: number }): Promise<CreditRecord[]> {
    const rows: CreditRow[] = await sql.query(`SELECT ${COLUMNS} FROM credit_records WHERE teacher_id = ? AND year BETWEEN ? AND ? ORDER BY registered_at, id`, [
      teacherId,
      years.from,
      years.to,
    ]);
    return rows.map(toRecord);
  }

  async cycles(sql: Sql, options: { lock?: boolean } = {}): Promise<CertificationCycle[]> {
    const rows: Array<{ first_year: number; last_year: number; target_hours: string }> = await sql.query(
      `SELECT first_year, last_year, target_hours FROM certification_cycles ORDER BY first_year${options.lock ? ' FOR UPDATE' : ''}`,
    );
    return rows.map((r) => ({ firstYear: r.first_year, lastYear: r.last_year, targetHours: Number(r.target_hours) }));
  }

  async saveCycle(sql: Sql, cycle: CertificationCycle): Promise<void> {
    await sql.query(
      'INSERT INTO certification_cycles (first_year, last_year, target_hours) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE last_year = VALUES(last_year), target_hours = VALUES(target_hours)',
      [cycle.firstYear, cycle.lastYear, cycle.targetHours],
    );
  }

  /** The teacher's current unit, as identity's events told it. */
  async teacherUnit(sql: Sql, teacherId: string): Promise<{ orgPath: string; inService: boolean } | null> {
    const rows: Array<{ org_path: string; in_service: number }> = await sql.query('SELECT org_path, in_service FROM teacher_units WHERE teacher_id = ?', [teacherId]);
    return rows[0] ? { orgPath: rows[0].org_path, inService: rows[0].in_service === 1 } : null;
  }
}

const sources: Record<CreditSource, progressEntities.CreditSource> = {
  project: progressEntities.CreditSource.CREDIT_SOURCE_PROJECT,
  school_based: progressEntities.CreditSource.CREDIT_SOURCE_SCHOOL_BASED,
};

export function creditMessage(record: CreditRecord): progressEntities.CreditRecord {
  return {
    id: record.id,
    teacherId: record.teacherId,
    source: sources[record.source],
    sourceKey: record.sourceKey,
    year: record.year,
    hours: record.hours,
    title: record.title,
    registeredBy: record.registeredBy,
    registeredAt: record.registeredAt.toISOString(),
  };
}
