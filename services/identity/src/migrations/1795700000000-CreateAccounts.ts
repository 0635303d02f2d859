import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Keycloak accounts of teachers. A row means "this teacher has a Keycloak user" (created or found
 * by username), so provisioning re-runs skip them. The username is the ID number and is not
 * stored again here (personal data stays sealed in `teachers`). `name_pinyin` is an admin's
 * correction of how the name is read, for the initial password.
 */
export class CreateAccounts1795700000000 implements MigrationInterface {
  name = 'CreateAccounts1795700000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE teachers ADD COLUMN name_pinyin VARCHAR(100) NULL');
    await runner.query(`
      CREATE TABLE teacher_accounts (
        teacher_id CHAR(36) NOT NULL,
        keycloak_user_id CHAR(36) NULL,
        provisioned_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        PRIMARY KEY (teacher_id),
        CONSTRAINT fk_teacher_accounts_teacher FOREIGN KEY (teacher_id) REFERENCES teachers (id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE teacher_accounts');
    await runner.query('ALTER TABLE teachers DROP COLUMN name_pinyin');
  }
}
