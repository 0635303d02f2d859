import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 研修项目 and their enrollment (报名, 信息确认). Everything that varies by year is a column or a JSON
 * document of the project, never a constant in code.
 */
export class CreateTrainingProjectsAndEnrollment1795900000000 implements MigrationInterface {
  name = 'CreateTrainingProjectsAndEnrollment1795900000000';

  async up(runner: QueryRunner): Promise<void> {
    // One project per stage and year (seeds: the province runs 高中/初中/小学/幼儿园 batches), owned by
    // the province. Windows are inclusive calendar dates in Asia/Shanghai. `phases` and `subjects`
    // are JSON documents validated by the use case; `version` guards concurrent edits.
    await runner.query(`
      CREATE TABLE training_projects (
        id CHAR(36) NOT NULL,
        owner_org_id CHAR(36) NOT NULL,
        owner_org_path VARCHAR(255) NOT NULL,
        year SMALLINT UNSIGNED NOT NULL,
        stage VARCHAR(16) NOT NULL,
        name VARCHAR(100) NOT NULL,
        theme VARCHAR(200) NOT NULL,
        required_hours SMALLINT UNSIGNED NOT NULL,
        phases TEXT NOT NULL,
        subjects TEXT NOT NULL,
        enrollment_start DATE NOT NULL,
        enrollment_end DATE NOT NULL,
        grouping_start DATE NOT NULL,
        grouping_end DATE NOT NULL,
        confirmation_start DATE NOT NULL,
        confirmation_end DATE NOT NULL,
        course_selection_start DATE NOT NULL,
        course_selection_end DATE NOT NULL,
        study_start DATE NOT NULL,
        study_end DATE NOT NULL,
        credit_registration_deadline DATE NOT NULL,
        group_size_target SMALLINT UNSIGNED NOT NULL,
        group_size_min SMALLINT UNSIGNED NOT NULL,
        group_size_max SMALLINT UNSIGNED NOT NULL,
        merge_below SMALLINT UNSIGNED NOT NULL,
        merge_scope VARCHAR(8) NOT NULL,
        trainees_per_tutor SMALLINT UNSIGNED NOT NULL,
        groups_per_tutor SMALLINT UNSIGNED NOT NULL,
        tutor_team_scope VARCHAR(8) NOT NULL,
        version INT UNSIGNED NOT NULL,
        created_by VARCHAR(255) NOT NULL,
        created_at DATETIME(3) NOT NULL,
        updated_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        UNIQUE KEY uq_training_projects_stage_year (owner_org_id, year, stage),
        CONSTRAINT fk_training_projects_owner FOREIGN KEY (owner_org_id) REFERENCES orgs (id),
        CONSTRAINT ck_training_projects_stage CHECK (stage IN ('high', 'middle', 'primary', 'kindergarten')),
        CONSTRAINT ck_training_projects_merge_scope CHECK (merge_scope IN ('school', 'county', 'city')),
        CONSTRAINT ck_training_projects_tutor_scope CHECK (tutor_team_scope IN ('county', 'city'))
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);

    // The cascade: a city row when its admin first opens counties, a county row per opened county, a
    // unit row per opened school / kindergarten / institution. Writes lock rows top-down (city →
    // county → unit), so a submit and a return or an enrollment under it are serialised.
    await runner.query(`
      CREATE TABLE enrollment_units (
        project_id CHAR(36) NOT NULL,
        org_id CHAR(36) NOT NULL,
        org_path VARCHAR(255) NOT NULL,
        level VARCHAR(8) NOT NULL,
        status VARCHAR(12) NOT NULL,
        opened_by VARCHAR(255) NOT NULL,
        opened_at DATETIME(3) NOT NULL,
        submitted_by VARCHAR(255) NULL,
        submitted_at DATETIME(3) NULL,
        returned_reason VARCHAR(500) NULL,
        version INT UNSIGNED NOT NULL,
        PRIMARY KEY (project_id, org_id),
        KEY ix_enrollment_units_path (project_id, org_path),
        CONSTRAINT fk_enrollment_units_project FOREIGN KEY (project_id) REFERENCES training_projects (id),
        CONSTRAINT fk_enrollment_units_org FOREIGN KEY (org_id) REFERENCES orgs (id),
        CONSTRAINT ck_enrollment_units_level CHECK (level IN ('city', 'county', 'unit')),
        CONSTRAINT ck_enrollment_units_status CHECK (status IN ('open', 'submitted'))
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);

    // One row per person per project (unique key): one subject and one role by construction. A
    // withdrawal keeps the row; enrolling again revives it with a higher version. org_path is the
    // unit enrolled through, so "project + school/county subtree + subject + role" is an index range.
    await runner.query(`
      CREATE TABLE enrollments (
        id CHAR(36) NOT NULL,
        project_id CHAR(36) NOT NULL,
        teacher_id CHAR(36) NOT NULL,
        org_id CHAR(36) NOT NULL,
        org_path VARCHAR(255) NOT NULL,
        subject VARCHAR(32) NOT NULL,
        role VARCHAR(16) NOT NULL,
        status VARCHAR(12) NOT NULL,
        confirmation VARCHAR(12) NOT NULL,
        dispute_note VARCHAR(500) NULL,
        confirmed_at DATETIME(3) NULL,
        version INT UNSIGNED NOT NULL,
        enrolled_by VARCHAR(255) NOT NULL,
        enrolled_at DATETIME(3) NOT NULL,
        updated_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        UNIQUE KEY uq_enrollments_person (project_id, teacher_id),
        KEY ix_enrollments_unit (project_id, org_path, subject, role),
        KEY ix_enrollments_subject_role (project_id, subject, role),
        KEY ix_enrollments_teacher (teacher_id),
        CONSTRAINT fk_enrollments_project FOREIGN KEY (project_id) REFERENCES training_projects (id),
        CONSTRAINT fk_enrollments_teacher FOREIGN KEY (teacher_id) REFERENCES teachers (id),
        CONSTRAINT fk_enrollments_org FOREIGN KEY (org_id) REFERENCES orgs (id),
        CONSTRAINT ck_enrollments_role CHECK (role IN ('trainee', 'group_leader', 'tutor', 'course_expert', 'workshop_host')),
        CONSTRAINT ck_enrollments_status CHECK (status IN ('enrolled', 'withdrawn')),
        CONSTRAINT ck_enrollments_confirmation CHECK (confirmation IN ('pending', 'confirmed', 'disputed'))
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE enrollments');
    await runner.query('DROP TABLE enrollment_units');
    await runner.query('DROP TABLE training_projects');
  }
}
