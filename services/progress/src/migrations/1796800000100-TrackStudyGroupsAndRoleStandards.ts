import type { MigrationInterface, QueryRunner } from 'typeorm';

const TABLE = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';

export class TrackStudyGroupsAndRoleStandards1796800000100 implements MigrationInterface {
  name = 'TrackStudyGroupsAndRoleStandards1796800000100';

  async up(runner: QueryRunner): Promise<void> {
    // identity's study groups: who leads, who tutors, who belongs (a group's progress for its leader and
    // tutor; the region whose admin confirms their duty). The tutor has its own version because
    // tutor-assigned events arrive on their own topic, in any order relative to formed/changed ones;
    // a row first created by a tutor-assigned event has version 0 until its formed event arrives.
    await runner.query(`
      CREATE TABLE study_groups (
        group_id CHAR(36) NOT NULL,
        project_id CHAR(36) NOT NULL,
        region_path VARCHAR(255) NOT NULL,
        org_path VARCHAR(255) NOT NULL,
        name VARCHAR(200) NOT NULL,
        subject VARCHAR(32) NOT NULL,
        leader_teacher_id CHAR(36) NULL,
        dissolved TINYINT(1) NOT NULL,
        version INT UNSIGNED NOT NULL,
        tutor_teacher_id CHAR(36) NULL,
        tutor_version INT UNSIGNED NOT NULL,
        PRIMARY KEY (group_id),
        KEY ix_study_groups_leader (project_id, leader_teacher_id),
        KEY ix_study_groups_tutor (project_id, tutor_teacher_id)
      ) ${TABLE}`);
    await runner.query(`
      CREATE TABLE study_group_members (
        group_id CHAR(36) NOT NULL,
        teacher_id CHAR(36) NOT NULL,
        PRIMARY KEY (group_id, teacher_id),
        KEY ix_study_group_members_teacher (teacher_id)
      ) ${TABLE}`);
    // 合格标准 per role: data of a project, with defaults (project_id '') for projects without their own.
    await runner.query(`
      CREATE TABLE qualification_standards (
        project_id VARCHAR(36) NOT NULL,
        role VARCHAR(20) NOT NULL,
        courses_required TINYINT(1) NOT NULL,
        duty_confirmation_required TINYINT(1) NOT NULL,
        version INT UNSIGNED NOT NULL,
        updated_by VARCHAR(255) NOT NULL,
        updated_at DATETIME(3) NOT NULL,
        PRIMARY KEY (project_id, role)
      ) ${TABLE}`);
    // The seeds' defaults (Shandong 2018/2024 plans): trainees by their courses; group leaders study
    // with their members and read every member's assignment; tutors evaluate their trainees' work and
    // confirm the qualified ones — their duty, confirmed by the admin over their groups' region.
    await runner.query(
      `INSERT INTO qualification_standards (project_id, role, courses_required, duty_confirmation_required, version, updated_by, updated_at) VALUES
        ('', 'trainee', 1, 0, 1, 'migration', NOW(3)), ('', 'group_leader', 1, 1, 1, 'migration', NOW(3)), ('', 'tutor', 0, 1, 1, 'migration', NOW(3))`,
    );
    // One confirmation per teacher × project: a repeated confirmation changes nothing.
    await runner.query(`
      CREATE TABLE role_duty_confirmations (
        teacher_id CHAR(36) NOT NULL,
        project_id CHAR(36) NOT NULL,
        role VARCHAR(20) NOT NULL,
        region_path VARCHAR(255) NOT NULL,
        confirmed_by VARCHAR(255) NOT NULL,
        confirmed_at DATETIME(3) NOT NULL,
        PRIMARY KEY (teacher_id, project_id),
        KEY ix_role_duty_confirmations_project (project_id)
      ) ${TABLE}`);
    // Who accepted each assignment: the evidence a later duty rule can count (a tutor's evaluations, a
    // leader's reading) without replaying community's events, which Kafka keeps only 30 days.
    await runner.query('ALTER TABLE accepted_assignments ADD COLUMN reviewer_teacher_id CHAR(36) NULL, ADD KEY ix_accepted_assignments_reviewer (reviewer_teacher_id)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE accepted_assignments DROP KEY ix_accepted_assignments_reviewer, DROP COLUMN reviewer_teacher_id');
    for (const table of ['role_duty_confirmations', 'qualification_standards', 'study_group_members', 'study_groups']) {
      await runner.query(`DROP TABLE ${table}`);
    }
  }
}
