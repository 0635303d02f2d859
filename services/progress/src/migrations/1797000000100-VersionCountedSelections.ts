import type { MigrationInterface, QueryRunner } from 'typeorm';

export class VersionCountedSelections1797000000100 implements MigrationInterface {
  name = 'VersionCountedSelections1797000000100';

  async up(runner: QueryRunner): Promise<void> {
    // catalog's version of the list held (ADR 0015): the highest wins. 0 for a list from an event without
    // one, or held from before this column: those are ordered by occurred_at.
    await runner.query('ALTER TABLE counted_selections ADD COLUMN version INT UNSIGNED NOT NULL DEFAULT 0');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE counted_selections DROP COLUMN version');
  }
}
