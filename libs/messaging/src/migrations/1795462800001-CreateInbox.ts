import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The inbox: one row per event a consumer group has applied, written in the same transaction
 * as the effect, so a redelivered event is recognised and skipped. List it in the service's migrations.
 */
export class CreateInbox1795462800001 implements MigrationInterface {
  name = 'CreateInbox1795462800001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE inbox (
        consumer_group VARCHAR(191) CHARACTER SET ascii NOT NULL,
        event_id CHAR(36) CHARACTER SET ascii NOT NULL,
        processed_at DATETIME(3) NOT NULL,
        PRIMARY KEY (consumer_group, event_id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE inbox');
  }
}
