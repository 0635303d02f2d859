import type { MigrationInterface, QueryRunner } from 'typeorm';

export class MarkFinalCountedLists1797000000200 implements MigrationInterface {
  name = 'MarkFinalCountedLists1797000000200';

  async up(runner: QueryRunner): Promise<void> {
    // Whether the teacher's final list (study started) was published: a learner whose enrollment reaches
    // catalog after the lock sweep passed them gets theirs then, once (ADR 0015).
    await runner.query('ALTER TABLE counted_versions ADD COLUMN final_published TINYINT(1) NOT NULL DEFAULT 0');
    // Until now only the sweep stamped lists from study start (00:00 China time) on, and only those of
    // the learners it published: every other change stops at that date.
    await runner.query(
      `UPDATE counted_versions v JOIN projects p ON p.project_id = v.project_id
          SET v.final_published = 1
        WHERE v.occurred_at >= TIMESTAMP(p.study_start) - INTERVAL 8 HOUR`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE counted_versions DROP COLUMN final_published');
  }
}
