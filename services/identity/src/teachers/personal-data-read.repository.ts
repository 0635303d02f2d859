import type { EntityManager } from 'typeorm';
import { fetchPage, type Page, type PageQuery, type SortColumn } from '../listing/page.js';
import { WhereClause } from '../listing/where-clause.js';

/** One reveal of a teacher's full personal data: who, when, which teacher, why, through which endpoint. */
export interface PersonalDataReadRecord {
  id: string;
  teacherId: string;
  teacherOrgPath: string;
  readerSubject: string;
  readerUsername: string;
  readerRole: string;
  readerOrgPath: string | null;
  fields: string[];
  reason: string;
  endpoint: string;
  readAt: Date;
}

interface Row {
  seq: string | number;
  id: string;
  teacher_id: string;
  teacher_org_path: string;
  reader_subject: string;
  reader_username: string;
  reader_role: string;
  reader_org_path: string | null;
  fields: string;
  reason: string;
  endpoint: string;
  read_at: Date;
}

const COLUMNS = 'seq, id, teacher_id, teacher_org_path, reader_subject, reader_username, reader_role, reader_org_path, fields, reason, endpoint, read_at';

/** Newest first; `seq` is the insertion order. */
export const PERSONAL_DATA_READ_ORDER: readonly SortColumn[] = [{ sql: 'seq', descending: true }];

/** Plain data access for the audit trail of personal-data reveals (append-only). */
export class PersonalDataReadRepository {
  async insert(manager: EntityManager, r: PersonalDataReadRecord): Promise<void> {
    await manager.query(
      `INSERT INTO personal_data_reads (id, teacher_id, teacher_org_path, reader_subject, reader_username, reader_role, reader_org_path, fields, reason, endpoint, read_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [r.id, r.teacherId, r.teacherOrgPath, r.readerSubject, r.readerUsername, r.readerRole, r.readerOrgPath, r.fields.join(','), r.reason, r.endpoint, r.readAt],
    );
  }

  /** Reads of teachers whose unit (at read time) lies below every path in `withinPaths`. */
  async list(manager: EntityManager, filter: { withinPaths: readonly string[]; teacherId?: string }, query: PageQuery): Promise<Page<PersonalDataReadRecord>> {
    const where = new WhereClause();
    for (const path of filter.withinPaths) where.inSubtree('teacher_org_path', path);
    if (filter.teacherId) where.and('teacher_id = ?', filter.teacherId);
    const page = await fetchPage<Row>(manager, { from: 'personal_data_reads', columns: COLUMNS, where, order: PERSONAL_DATA_READ_ORDER, keyOf: (r) => [String(r.seq)] }, query);
    return {
      ...page,
      items: page.items.map((r) => ({
        id: r.id,
        teacherId: r.teacher_id,
        teacherOrgPath: r.teacher_org_path,
        readerSubject: r.reader_subject,
        readerUsername: r.reader_username,
        readerRole: r.reader_role,
        readerOrgPath: r.reader_org_path,
        fields: r.fields.split(','),
        reason: r.reason,
        endpoint: r.endpoint,
        readAt: new Date(r.read_at),
      })),
    };
  }
}
