import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Admin accounts (管理员) created through identity, and workshops (工作坊) with their hosts.
 * Workshop membership is derived from enrollment and has no table (ADR 0012).
 */
export class CreateAdminAccountsAndWorkshops1796200000000 implements MigrationInterface {
  name = 'CreateAdminAccountsAndWorkshops1796200000000';

  async up(runner: QueryRunner): Promise<void> {
    // The Keycloak user holds the credentials; this row says who it is, for which org, and who made it.
    await runner.query(`
      CREATE TABLE admin_accounts (
        id CHAR(36) NOT NULL,
        keycloak_user_id CHAR(36) NOT NULL,
        username VARCHAR(64) NOT NULL,
        name VARCHAR(50) NOT NULL,
        phone_enc VARBINARY(128) NULL,
        phone_masked CHAR(11) NULL,
        role VARCHAR(16) NOT NULL,
        org_id CHAR(36) NOT NULL,
        org_path VARCHAR(255) NOT NULL,
        created_by_subject VARCHAR(64) NOT NULL,
        created_by_username VARCHAR(255) NOT NULL,
        created_at DATETIME(3) NOT NULL,
        password_reset_at DATETIME(3) NULL,
        PRIMARY KEY (id),
        UNIQUE KEY uq_admin_accounts_username (username),
        UNIQUE KEY uq_admin_accounts_keycloak_user (keycloak_user_id),
        KEY ix_admin_accounts_org_path (org_path, username),
        CONSTRAINT fk_admin_accounts_org FOREIGN KEY (org_id) REFERENCES orgs (id),
        CONSTRAINT ck_admin_accounts_role CHECK (role IN ('province-admin', 'city-admin', 'county-admin', 'school-admin'))
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);

    // One subject workshop per project, area and subject; one thematic workshop per project, area and
    // theme (unique key, with '' for what does not apply). Stage and year are the project's.
    await runner.query(`
      CREATE TABLE workshops (
        id CHAR(36) NOT NULL,
        project_id CHAR(36) NOT NULL,
        org_id CHAR(36) NOT NULL,
        org_path VARCHAR(255) NOT NULL,
        kind VARCHAR(10) NOT NULL,
        subject VARCHAR(32) NOT NULL,
        theme VARCHAR(100) NOT NULL,
        name VARCHAR(160) NOT NULL,
        version INT UNSIGNED NOT NULL,
        created_by VARCHAR(255) NOT NULL,
        created_at DATETIME(3) NOT NULL,
        updated_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        UNIQUE KEY uq_workshops_scope (project_id, org_id, kind, subject, theme),
        KEY ix_workshops_org_path (org_path, subject, theme),
        CONSTRAINT fk_workshops_project FOREIGN KEY (project_id) REFERENCES training_projects (id),
        CONSTRAINT fk_workshops_org FOREIGN KEY (org_id) REFERENCES orgs (id),
        CONSTRAINT ck_workshops_kind CHECK (kind IN ('subject', 'thematic'))
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);

    // A host serves one workshop per project: unique (project_id, teacher_id).
    await runner.query(`
      CREATE TABLE workshop_hosts (
        workshop_id CHAR(36) NOT NULL,
        project_id CHAR(36) NOT NULL,
        teacher_id CHAR(36) NOT NULL,
        PRIMARY KEY (workshop_id, teacher_id),
        UNIQUE KEY uq_workshop_hosts_project_teacher (project_id, teacher_id),
        CONSTRAINT fk_workshop_hosts_workshop FOREIGN KEY (workshop_id) REFERENCES workshops (id),
        CONSTRAINT fk_workshop_hosts_teacher FOREIGN KEY (teacher_id) REFERENCES teachers (id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE workshop_hosts');
    await runner.query('DROP TABLE workshops');
    await runner.query('DROP TABLE admin_accounts');
  }
}
