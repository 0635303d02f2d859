import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `teacher_accounts.profile_hash`: SHA-256 of the `org_path` and name the Keycloak user was last given
 * (its `org_path` attribute, `lastName`/`firstName`). While it differs from the teacher's, a transfer or a
 * name correction still has to reach Keycloak (accounts/sync-accounts.use-case.ts), as `username_hash`
 * does for a corrected ID number. The expression is the one `AccountRepository` compares with; it is
 * written out here so this migration keeps meaning what it did when it ran.
 * NULL = not known: accounts of teachers transferred or corrected before this column existed are
 * compared with Keycloak itself once.
 */
export class AddTeacherAccountProfileHash1796300000200 implements MigrationInterface {
  name = 'AddTeacherAccountProfileHash1796300000200';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE teacher_accounts ADD COLUMN profile_hash CHAR(64) NULL');
    // A teacher never corrected nor transferred still has the unit and name the account was provisioned with.
    await runner.query(
      `UPDATE teacher_accounts a JOIN teachers t ON t.id = a.teacher_id
          SET a.profile_hash = SHA2(CONCAT(t.org_path, '|', t.name), 256)
        WHERE t.revision = 0 AND NOT EXISTS (SELECT 1 FROM teacher_transfers x WHERE x.teacher_id = t.id)`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE teacher_accounts DROP COLUMN profile_hash');
  }
}
