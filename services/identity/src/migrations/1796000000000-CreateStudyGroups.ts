import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 研修组 and 指导教师: the groups formed per project and region (the county or city of the project's
 * tutor teams), their members, leaders and tutors, and each tutor team's head.
 */
export class CreateStudyGroups1796000000000 implements MigrationInterface {
  name = 'CreateStudyGroups1796000000000';

  async up(runner: QueryRunner): Promise<void> {
    // One row per formed region: every write to the region's groups locks it first, so a
    // re-formation and an override of the same region are serialised.
    await runner.query(`
      CREATE TABLE study_group_regions (
        project_id CHAR(36) NOT NULL,
        region_org_id CHAR(36) NOT NULL,
        region_path VARCHAR(255) NOT NULL,
        version INT UNSIGNED NOT NULL,
        formed_by VARCHAR(255) NOT NULL,
        formed_at DATETIME(3) NOT NULL,
        updated_at DATETIME(3) NOT NULL,
        PRIMARY KEY (project_id, region_org_id),
        UNIQUE KEY uq_study_group_regions_path (project_id, region_path),
        CONSTRAINT fk_study_group_regions_project FOREIGN KEY (project_id) REFERENCES training_projects (id),
        CONSTRAINT fk_study_group_regions_org FOREIGN KEY (region_org_id) REFERENCES orgs (id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);

    // org_path is the school, or the county/city for a group across schools: the jurisdiction key.
    // One tutor per group by construction (tutor_teacher_id); the leader is one of the members.
    await runner.query(`
      CREATE TABLE study_groups (
        id CHAR(36) NOT NULL,
        project_id CHAR(36) NOT NULL,
        region_path VARCHAR(255) NOT NULL,
        org_path VARCHAR(255) NOT NULL,
        name VARCHAR(200) NOT NULL,
        subject VARCHAR(32) NOT NULL,
        leader_teacher_id CHAR(36) NOT NULL,
        leader_source VARCHAR(12) NOT NULL,
        tutor_teacher_id CHAR(36) NULL,
        version INT UNSIGNED NOT NULL,
        created_at DATETIME(3) NOT NULL,
        updated_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        UNIQUE KEY uq_study_groups_name (project_id, region_path, name),
        KEY ix_study_groups_org (project_id, org_path),
        KEY ix_study_groups_region (project_id, region_path, subject),
        KEY ix_study_groups_tutor (project_id, tutor_teacher_id),
        CONSTRAINT fk_study_groups_project FOREIGN KEY (project_id) REFERENCES training_projects (id),
        CONSTRAINT fk_study_groups_leader FOREIGN KEY (leader_teacher_id) REFERENCES teachers (id),
        CONSTRAINT fk_study_groups_tutor FOREIGN KEY (tutor_teacher_id) REFERENCES teachers (id),
        CONSTRAINT ck_study_groups_leader_source CHECK (leader_source IN ('enrolled', 'provisional', 'appointed'))
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);

    // The primary key makes "one group per person per project" a fact of the schema.
    await runner.query(`
      CREATE TABLE study_group_members (
        project_id CHAR(36) NOT NULL,
        teacher_id CHAR(36) NOT NULL,
        group_id CHAR(36) NOT NULL,
        enrollment_id CHAR(36) NOT NULL,
        PRIMARY KEY (project_id, teacher_id),
        KEY ix_study_group_members_group (group_id),
        CONSTRAINT fk_study_group_members_group FOREIGN KEY (group_id) REFERENCES study_groups (id) ON DELETE CASCADE,
        CONSTRAINT fk_study_group_members_teacher FOREIGN KEY (teacher_id) REFERENCES teachers (id),
        CONSTRAINT fk_study_group_members_enrollment FOREIGN KEY (enrollment_id) REFERENCES enrollments (id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);

    // 学科指导教师组长: one head per subject team of a region; the team's tutors are the enrolled ones.
    await runner.query(`
      CREATE TABLE tutor_team_heads (
        project_id CHAR(36) NOT NULL,
        region_path VARCHAR(255) NOT NULL,
        subject VARCHAR(32) NOT NULL,
        head_teacher_id CHAR(36) NOT NULL,
        PRIMARY KEY (project_id, region_path, subject),
        CONSTRAINT fk_tutor_team_heads_project FOREIGN KEY (project_id) REFERENCES training_projects (id),
        CONSTRAINT fk_tutor_team_heads_teacher FOREIGN KEY (head_teacher_id) REFERENCES teachers (id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE tutor_team_heads');
    await runner.query('DROP TABLE study_group_members');
    await runner.query('DROP TABLE study_groups');
    await runner.query('DROP TABLE study_group_regions');
  }
}
