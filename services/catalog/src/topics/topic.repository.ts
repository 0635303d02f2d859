import type { EntityManager } from 'typeorm';
import type { ChapterRecord, TopicRecord } from './topic.js';

interface TopicRow {
  id: string;
  name: string;
  description: string;
  chapter_id: string | null;
  revision: number;
  updated_at: Date;
  updated_by: string;
}

interface ChapterRow {
  id: string;
  name: string;
  description: string;
  position: number;
  revision: number;
  updated_at: Date;
  updated_by: string;
}

const topic = (r: TopicRow): TopicRecord => ({
  id: r.id,
  name: r.name,
  description: r.description,
  chapterId: r.chapter_id,
  revision: Number(r.revision),
  updatedAt: new Date(r.updated_at),
  updatedBy: r.updated_by,
});

const chapter = (r: ChapterRow): ChapterRecord => ({
  id: r.id,
  name: r.name,
  description: r.description,
  position: Number(r.position),
  revision: Number(r.revision),
  updatedAt: new Date(r.updated_at),
  updatedBy: r.updated_by,
});

/** Plain data access for topics (专题) and chapters (篇). Updates are guarded by the previous revision. */
export class TopicRepository {
  async insertTopic(manager: EntityManager, t: TopicRecord): Promise<void> {
    await manager.query('INSERT INTO topics (id, name, description, chapter_id, revision, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?)', [
      t.id,
      t.name,
      t.description,
      t.chapterId,
      t.revision,
      t.updatedAt,
      t.updatedBy,
    ]);
  }

  async updateTopic(manager: EntityManager, t: TopicRecord): Promise<boolean> {
    const result: { affectedRows: number } = await manager.query(
      'UPDATE topics SET name = ?, description = ?, chapter_id = ?, revision = ?, updated_at = ?, updated_by = ? WHERE id = ? AND revision = ?',
      [t.name, t.description, t.chapterId, t.revision, t.updatedAt, t.updatedBy, t.id, t.revision - 1],
    );
    return result.affectedRows === 1;
  }

  async findTopic(manager: EntityManager, id: string): Promise<TopicRecord | null> {
    const rows: TopicRow[] = await manager.query('SELECT * FROM topics WHERE id = ?', [id]);
    return rows[0] ? topic(rows[0]) : null;
  }

  async findTopics(manager: EntityManager, ids: readonly string[]): Promise<TopicRecord[]> {
    if (ids.length === 0) return [];
    const rows: TopicRow[] = await manager.query(`SELECT * FROM topics WHERE id IN (${ids.map(() => '?').join(', ')})`, [...ids]);
    return rows.map(topic);
  }

  async listTopics(manager: EntityManager, chapterId: string | null): Promise<TopicRecord[]> {
    const rows: TopicRow[] = chapterId
      ? await manager.query('SELECT * FROM topics WHERE chapter_id = ? ORDER BY name, id', [chapterId])
      : await manager.query('SELECT * FROM topics ORDER BY name, id');
    return rows.map(topic);
  }

  async insertChapter(manager: EntityManager, c: ChapterRecord): Promise<void> {
    await manager.query('INSERT INTO chapters (id, name, description, position, revision, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?)', [
      c.id,
      c.name,
      c.description,
      c.position,
      c.revision,
      c.updatedAt,
      c.updatedBy,
    ]);
  }

  async updateChapter(manager: EntityManager, c: ChapterRecord): Promise<boolean> {
    const result: { affectedRows: number } = await manager.query(
      'UPDATE chapters SET name = ?, description = ?, position = ?, revision = ?, updated_at = ?, updated_by = ? WHERE id = ? AND revision = ?',
      [c.name, c.description, c.position, c.revision, c.updatedAt, c.updatedBy, c.id, c.revision - 1],
    );
    return result.affectedRows === 1;
  }

  async findChapter(manager: EntityManager, id: string): Promise<ChapterRecord | null> {
    const rows: ChapterRow[] = await manager.query('SELECT * FROM chapters WHERE id = ?', [id]);
    return rows[0] ? chapter(rows[0]) : null;
  }

  async findChapters(manager: EntityManager, ids: readonly string[]): Promise<ChapterRecord[]> {
    if (ids.length === 0) return [];
    const rows: ChapterRow[] = await manager.query(`SELECT * FROM chapters WHERE id IN (${ids.map(() => '?').join(', ')})`, [...ids]);
    return rows.map(chapter);
  }

  async listChapters(manager: EntityManager): Promise<ChapterRecord[]> {
    const rows: ChapterRow[] = await manager.query('SELECT * FROM chapters ORDER BY position, name, id');
    return rows.map(chapter);
  }
}
