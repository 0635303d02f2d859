import { escapeLike } from '@yanxiu/auth';
import type { EntityManager } from 'typeorm';
import type { CourseLevel, Stage } from '../policies/selection-policy.js';
import type { CourseKind, CourseRecord, CourseStatus } from './course.js';

interface CourseRow {
  id: string;
  title: string;
  kind: CourseKind;
  credit_hours: string | number;
  media_ref: string;
  topic_id: string | null;
  chapter_id: string | null;
  level: CourseLevel | null;
  quiz_ids: string;
  status: CourseStatus;
  revision: number;
  updated_at: Date;
  updated_by: string;
  stages: string | null;
  subjects: string | null;
}

export interface CourseSearch {
  stage: Stage | null;
  subject: string | null;
  topicId: string | null;
  chapterId: string | null;
  kind: CourseKind | null;
  level: CourseLevel | null;
  query: string | null;
  includeRetired: boolean;
  /** Keyset: courses after this (title, id). */
  after: { title: string; id: string } | null;
  limit: number;
}

// Stages and subjects come back aggregated; the separator cannot occur in a subject name (validated, no control characters).
const SELECT = `
  SELECT c.id, c.title, c.kind, c.credit_hours, c.media_ref, c.topic_id, c.chapter_id, c.level, c.quiz_ids, c.status, c.revision, c.updated_at, c.updated_by,
         (SELECT GROUP_CONCAT(s.stage ORDER BY s.stage SEPARATOR '\\n') FROM course_stages s WHERE s.course_id = c.id) AS stages,
         (SELECT GROUP_CONCAT(j.subject ORDER BY j.subject SEPARATOR '\\n') FROM course_subjects j WHERE j.course_id = c.id) AS subjects
    FROM courses c`;

const toRecord = (r: CourseRow): CourseRecord => ({
  id: r.id,
  title: r.title,
  kind: r.kind,
  creditHours: Number(r.credit_hours),
  mediaRef: r.media_ref,
  stages: r.stages ? (r.stages.split('\n') as Stage[]) : [],
  subjects: r.subjects ? r.subjects.split('\n') : [],
  topicId: r.topic_id,
  chapterId: r.chapter_id,
  level: r.level,
  quizIds: JSON.parse(r.quiz_ids) as string[],
  status: r.status,
  revision: Number(r.revision),
  updatedAt: new Date(r.updated_at),
  updatedBy: r.updated_by,
});

/** Plain data access for courses; rules live in course.ts and the use cases. */
export class CourseRepository {
  async insert(manager: EntityManager, c: CourseRecord): Promise<void> {
    await manager.query(
      `INSERT INTO courses (id, title, kind, credit_hours, media_ref, all_stages, all_subjects, topic_id, chapter_id, level, quiz_ids, status, revision, updated_at, updated_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [c.id, c.title, c.kind, c.creditHours, c.mediaRef, c.stages.length === 0, c.subjects.length === 0, c.topicId, c.chapterId, c.level, JSON.stringify(c.quizIds), c.status, c.revision, c.updatedAt, c.updatedBy],
    );
    await this.writeApplicability(manager, c);
  }

  /** Writes `c` over the row at `c.revision - 1`; false when the row has moved on (a concurrent edit). */
  async update(manager: EntityManager, c: CourseRecord): Promise<boolean> {
    const result: { affectedRows: number } = await manager.query(
      `UPDATE courses SET title = ?, kind = ?, credit_hours = ?, media_ref = ?, all_stages = ?, all_subjects = ?, topic_id = ?, chapter_id = ?, level = ?, quiz_ids = ?,
              status = ?, revision = ?, updated_at = ?, updated_by = ?
        WHERE id = ? AND revision = ?`,
      [c.title, c.kind, c.creditHours, c.mediaRef, c.stages.length === 0, c.subjects.length === 0, c.topicId, c.chapterId, c.level, JSON.stringify(c.quizIds), c.status, c.revision, c.updatedAt, c.updatedBy, c.id, c.revision - 1],
    );
    if (result.affectedRows !== 1) return false;
    await manager.query('DELETE FROM course_stages WHERE course_id = ?', [c.id]);
    await manager.query('DELETE FROM course_subjects WHERE course_id = ?', [c.id]);
    await this.writeApplicability(manager, c);
    return true;
  }

  private async writeApplicability(manager: EntityManager, c: CourseRecord): Promise<void> {
    if (c.stages.length > 0) await manager.query(`INSERT INTO course_stages (course_id, stage) VALUES ${c.stages.map(() => '(?, ?)').join(', ')}`, c.stages.flatMap((s) => [c.id, s]));
    if (c.subjects.length > 0) await manager.query(`INSERT INTO course_subjects (course_id, subject) VALUES ${c.subjects.map(() => '(?, ?)').join(', ')}`, c.subjects.flatMap((s) => [c.id, s]));
  }

  async findById(manager: EntityManager, id: string): Promise<CourseRecord | null> {
    const rows: CourseRow[] = await manager.query(`${SELECT} WHERE c.id = ?`, [id]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async findByIds(manager: EntityManager, ids: readonly string[]): Promise<CourseRecord[]> {
    if (ids.length === 0) return [];
    const rows: CourseRow[] = await manager.query(`${SELECT} WHERE c.id IN (${ids.map(() => '?').join(', ')})`, [...ids]);
    return rows.map(toRecord);
  }

  async activeInTopics(manager: EntityManager, topicIds: readonly string[]): Promise<CourseRecord[]> {
    if (topicIds.length === 0) return [];
    const rows: CourseRow[] = await manager.query(`${SELECT} WHERE c.status = 'active' AND c.topic_id IN (${topicIds.map(() => '?').join(', ')}) ORDER BY c.title, c.id`, [...topicIds]);
    return rows.map(toRecord);
  }

  async search(manager: EntityManager, q: CourseSearch): Promise<{ courses: CourseRecord[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (!q.includeRetired) where.push("c.status = 'active'");
    if (q.stage) {
      where.push('(c.all_stages = 1 OR EXISTS (SELECT 1 FROM course_stages s WHERE s.course_id = c.id AND s.stage = ?))');
      params.push(q.stage);
    }
    if (q.subject) {
      where.push('(c.all_subjects = 1 OR EXISTS (SELECT 1 FROM course_subjects j WHERE j.course_id = c.id AND j.subject = ?))');
      params.push(q.subject);
    }
    for (const [column, value] of [
      ['c.topic_id', q.topicId],
      ['c.chapter_id', q.chapterId],
      ['c.kind', q.kind],
      ['c.level', q.level],
    ] as const) {
      if (value) {
        where.push(`${column} = ?`);
        params.push(value);
      }
    }
    if (q.query) {
      where.push('c.title LIKE ?');
      params.push(`%${escapeLike(q.query)}%`);
    }
    const filter = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const counted: { total: string | number }[] = await manager.query(`SELECT COUNT(*) AS total FROM courses c ${filter}`, params);
    const page = q.after ? `${filter ? `${filter} AND` : 'WHERE'} (c.title > ? OR (c.title = ? AND c.id > ?))` : filter;
    const pageParams = q.after ? [...params, q.after.title, q.after.title, q.after.id] : params;
    const rows: CourseRow[] = await manager.query(`${SELECT} ${page} ORDER BY c.title, c.id LIMIT ?`, [...pageParams, q.limit]);
    return { courses: rows.map(toRecord), total: Number(counted[0]?.total ?? 0) };
  }
}
