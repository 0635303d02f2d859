import type { MigrationInterface, QueryRunner } from 'typeorm';

const TABLE = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';

export class TrackStudyGroupLevels1796500000001 implements MigrationInterface {
  name = 'TrackStudyGroupLevels1796500000001';

  async up(runner: QueryRunner): Promise<void> {
    // Study groups as identity's events state them: who leads, who belongs (kindergarten levels are per group).
    await runner.query(`
      CREATE TABLE study_groups (
        group_id CHAR(36) NOT NULL,
        project_id CHAR(36) NOT NULL,
        org_path VARCHAR(255) NOT NULL,
        leader_teacher_id CHAR(36) NULL,
        dissolved TINYINT(1) NOT NULL,
        version INT NOT NULL,
        PRIMARY KEY (group_id),
        KEY ix_study_groups_project (project_id)
      ) ${TABLE}`);
    await runner.query(`
      CREATE TABLE study_group_members (
        group_id CHAR(36) NOT NULL,
        teacher_id CHAR(36) NOT NULL,
        PRIMARY KEY (group_id, teacher_id),
        KEY ix_study_group_members_teacher (teacher_id)
      ) ${TABLE}`);
    // The level a group's leader chose (基础 / 提高).
    await runner.query(`
      CREATE TABLE group_levels (
        group_id CHAR(36) NOT NULL,
        project_id CHAR(36) NOT NULL,
        level VARCHAR(16) NOT NULL,
        chosen_by VARCHAR(100) NOT NULL,
        chosen_at DATETIME(3) NOT NULL,
        PRIMARY KEY (group_id)
      ) ${TABLE}`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE group_levels');
    await runner.query('DROP TABLE study_group_members');
    await runner.query('DROP TABLE study_groups');
  }
}
