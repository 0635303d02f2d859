import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateOrgsAndTeachers1795500000000 implements MigrationInterface {
  name = 'CreateOrgsAndTeachers1795500000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE orgs (
        id CHAR(36) NOT NULL,
        code VARCHAR(16) NOT NULL,
        name VARCHAR(100) NOT NULL,
        level VARCHAR(16) NOT NULL,
        parent_id CHAR(36) NULL,
        path VARCHAR(255) NOT NULL,
        created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        PRIMARY KEY (id),
        UNIQUE KEY uq_orgs_path (path),
        KEY ix_orgs_parent (parent_id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await runner.query(`
      CREATE TABLE teachers (
        id CHAR(36) NOT NULL,
        org_id CHAR(36) NOT NULL,
        org_path VARCHAR(255) NOT NULL,
        name VARCHAR(50) NOT NULL,
        id_number_enc VARBINARY(128) NOT NULL,
        id_number_hash CHAR(64) NOT NULL,
        id_number_masked CHAR(18) NOT NULL,
        gender VARCHAR(8) NOT NULL,
        stage VARCHAR(16) NOT NULL,
        subject VARCHAR(32) NOT NULL,
        title VARCHAR(32) NOT NULL,
        phone_enc VARBINARY(128) NULL,
        status VARCHAR(16) NOT NULL,
        created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
        PRIMARY KEY (id),
        UNIQUE KEY uq_teachers_id_number_hash (id_number_hash),
        KEY ix_teachers_org_path (org_path),
        CONSTRAINT fk_teachers_org FOREIGN KEY (org_id) REFERENCES orgs (id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE teachers');
    await runner.query('DROP TABLE orgs');
  }
}
