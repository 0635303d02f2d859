import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The transactional outbox: events written in the same transaction as the state change they
 * describe, published later by `OutboxRelay` in `seq` order. List it in the service's migrations.
 */
export class CreateOutbox1795462800000 implements MigrationInterface {
  name = 'CreateOutbox1795462800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // (published_at, seq) serves the relay's "oldest unpublished first" scan and the backlog count.
    await queryRunner.query(`
      CREATE TABLE outbox (
        seq BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        event_id CHAR(36) CHARACTER SET ascii NOT NULL,
        topic VARCHAR(249) CHARACTER SET ascii NOT NULL,
        message_key VARCHAR(255) NOT NULL,
        event_type VARCHAR(255) NOT NULL,
        event_version INT UNSIGNED NOT NULL,
        subject VARCHAR(255) NOT NULL,
        producer VARCHAR(100) NOT NULL,
        occurred_at DATETIME(3) NOT NULL,
        traceparent VARCHAR(255) CHARACTER SET ascii NULL,
        tracestate VARCHAR(1024) CHARACTER SET ascii NULL,
        payload LONGBLOB NOT NULL,
        published_at DATETIME(3) NULL,
        PRIMARY KEY (seq),
        UNIQUE KEY uq_outbox_event_id (event_id),
        KEY ix_outbox_published_at_seq (published_at, seq)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE outbox');
  }
}
