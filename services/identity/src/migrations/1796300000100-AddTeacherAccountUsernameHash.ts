import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `teacher_accounts.username_hash`: the lookup hash (as `teachers.id_number_hash`) of the ID number
 * the Keycloak username was made from. While it differs from the teacher's, a corrected ID number
 * still has to reach Keycloak (accounts/rename-accounts.use-case.ts). NULL = not known: accounts of
 * teachers corrected before this column existed are compared with Keycloak itself once.
 */
export class AddTeacherAccountUsernameHash1796300000100 implements MigrationInterface {
  name = 'AddTeacherAccountUsernameHash1796300000100';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE teacher_accounts ADD COLUMN username_hash CHAR(64) NULL');
    // A teacher never corrected still has the ID number the account was provisioned with.
    await runner.query('UPDATE teacher_accounts a JOIN teachers t ON t.id = a.teacher_id SET a.username_hash = t.id_number_hash WHERE t.revision = 0');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE teacher_accounts DROP COLUMN username_hash');
  }
}
