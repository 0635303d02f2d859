import type { EntityManager } from 'typeorm';

export type Stage = 'high' | 'middle' | 'primary' | 'kindergarten';
export type Gender = 'male' | 'female';
export type TeacherStatus = 'in_service' | 'departed' | 'retired';

/** A teacher as stored: personal data sealed, the ID number findable only through its keyed hash. */
export interface TeacherRecord {
  id: string;
  orgId: string;
  orgPath: string;
  name: string;
  idNumberEnc: Buffer;
  idNumberHash: string;
  idNumberMasked: string;
  gender: Gender;
  stage: Stage;
  subject: string;
  title: string;
  phoneEnc: Buffer | null;
  status: TeacherStatus;
}

export interface TeacherRow {
  id: string;
  org_id: string;
  org_path: string;
  name: string;
  id_number_enc: Buffer;
  id_number_hash: string;
  id_number_masked: string;
  gender: Gender;
  stage: Stage;
  subject: string;
  title: string;
  phone_enc: Buffer | null;
  status: TeacherStatus;
}

export const COLUMNS = 'id, org_id, org_path, name, id_number_enc, id_number_hash, id_number_masked, gender, stage, subject, title, phone_enc, status';

export const toRecord = (r: TeacherRow): TeacherRecord => ({
  id: r.id,
  orgId: r.org_id,
  orgPath: r.org_path,
  name: r.name,
  idNumberEnc: r.id_number_enc,
  idNumberHash: r.id_number_hash,
  idNumberMasked: r.id_number_masked,
  gender: r.gender,
  stage: r.stage,
  subject: r.subject,
  title: r.title,
  phoneEnc: r.phone_enc,
  status: r.status,
});

export class TeacherRepository {
  async findById(manager: EntityManager, id: string): Promise<TeacherRecord | null> {
    const rows: TeacherRow[] = await manager.query(`SELECT ${COLUMNS} FROM teachers WHERE id = ?`, [id]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /** Inserts unless the ID number is already on the roster; returns false on a duplicate. */
  async insert(manager: EntityManager, t: TeacherRecord): Promise<boolean> {
    return (await this.insertMany(manager, [t])) === 1;
  }

  /**
   * One multi-row INSERT (bulk imports); rows whose ID number is already on the roster are skipped.
   * Returns how many were inserted.
   */
  async insertMany(manager: EntityManager, teachers: readonly TeacherRecord[]): Promise<number> {
    if (teachers.length === 0) return 0;
    const result: { affectedRows: number } = await manager.query(
      `INSERT IGNORE INTO teachers (${COLUMNS}) VALUES ${teachers.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
      teachers.flatMap((t) => [t.id, t.orgId, t.orgPath, t.name, t.idNumberEnc, t.idNumberHash, t.idNumberMasked, t.gender, t.stage, t.subject, t.title, t.phoneEnc, t.status]),
    );
    return result.affectedRows;
  }

  /** The teachers with these ID-number lookup hashes, in one query. */
  async findByIdNumberHashes(manager: EntityManager, hashes: readonly string[]): Promise<TeacherRecord[]> {
    if (hashes.length === 0) return [];
    const rows: TeacherRow[] = await manager.query(`SELECT ${COLUMNS} FROM teachers WHERE id_number_hash IN (${hashes.map(() => '?').join(', ')})`, hashes);
    return rows.map(toRecord);
  }
}
