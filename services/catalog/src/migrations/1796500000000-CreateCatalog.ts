import type { MigrationInterface, QueryRunner } from 'typeorm';

const TABLE = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';

export class CreateCatalog1796500000000 implements MigrationInterface {
  name = 'CreateCatalog1796500000000';

  async up(runner: QueryRunner): Promise<void> {
    // The catalog proper, kept by province experts. Lists that are only ever read whole (quiz ids)
    // are JSON text; lists that are searched (stages, subjects) are rows, with an "all" flag for empty.
    await runner.query(`
      CREATE TABLE chapters (
        id CHAR(36) NOT NULL,
        name VARCHAR(50) NOT NULL,
        description TEXT NOT NULL,
        position INT UNSIGNED NOT NULL,
        revision INT UNSIGNED NOT NULL,
        updated_at DATETIME(3) NOT NULL,
        updated_by VARCHAR(100) NOT NULL,
        PRIMARY KEY (id)
      ) ${TABLE}`);
    await runner.query(`
      CREATE TABLE topics (
        id CHAR(36) NOT NULL,
        name VARCHAR(100) NOT NULL,
        description TEXT NOT NULL,
        chapter_id CHAR(36) NULL,
        revision INT UNSIGNED NOT NULL,
        updated_at DATETIME(3) NOT NULL,
        updated_by VARCHAR(100) NOT NULL,
        PRIMARY KEY (id),
        KEY ix_topics_chapter (chapter_id)
      ) ${TABLE}`);
    await runner.query(`
      CREATE TABLE courses (
        id CHAR(36) NOT NULL,
        title VARCHAR(200) NOT NULL,
        kind VARCHAR(16) NOT NULL,
        credit_hours DECIMAL(5,1) NOT NULL,
        media_ref VARCHAR(1024) NOT NULL,
        all_stages TINYINT(1) NOT NULL,
        all_subjects TINYINT(1) NOT NULL,
        topic_id CHAR(36) NULL,
        chapter_id CHAR(36) NULL,
        level VARCHAR(16) NULL,
        quiz_ids TEXT NOT NULL,
        status VARCHAR(16) NOT NULL,
        revision INT UNSIGNED NOT NULL,
        updated_at DATETIME(3) NOT NULL,
        updated_by VARCHAR(100) NOT NULL,
        PRIMARY KEY (id),
        KEY ix_courses_title (title, id),
        KEY ix_courses_topic (topic_id),
        KEY ix_courses_chapter (chapter_id)
      ) ${TABLE}`);
    await runner.query(`
      CREATE TABLE course_stages (
        course_id CHAR(36) NOT NULL,
        stage VARCHAR(16) NOT NULL,
        PRIMARY KEY (course_id, stage),
        KEY ix_course_stages_stage (stage, course_id)
      ) ${TABLE}`);
    await runner.query(`
      CREATE TABLE course_subjects (
        course_id CHAR(36) NOT NULL,
        subject VARCHAR(32) NOT NULL,
        PRIMARY KEY (course_id, subject),
        KEY ix_course_subjects_subject (subject, course_id)
      ) ${TABLE}`);

    // A project's selection policy: the rules with the course titles and hours they count, as JSON.
    await runner.query(`
      CREATE TABLE policies (
        project_id CHAR(36) NOT NULL,
        policy MEDIUMTEXT NOT NULL,
        revision INT UNSIGNED NOT NULL,
        saved_at DATETIME(3) NOT NULL,
        saved_by VARCHAR(100) NOT NULL,
        PRIMARY KEY (project_id)
      ) ${TABLE}`);

    // What catalog knows of identity, from its events only (never its tables).
    await runner.query(`
      CREATE TABLE known_orgs (
        org_id CHAR(36) NOT NULL,
        path VARCHAR(255) NOT NULL,
        name VARCHAR(100) NOT NULL,
        level VARCHAR(16) NOT NULL,
        PRIMARY KEY (org_id),
        UNIQUE KEY uq_known_orgs_path (path)
      ) ${TABLE}`);
    // Windows as calendar dates in the province's time zone (Asia/Shanghai), as identity states them.
    // locked_at / lock_cursor: the lock sweep's progress publishing the final counted courses.
    await runner.query(`
      CREATE TABLE projects (
        project_id CHAR(36) NOT NULL,
        year SMALLINT UNSIGNED NOT NULL,
        stage VARCHAR(16) NOT NULL,
        name VARCHAR(200) NOT NULL,
        required_hours DECIMAL(6,1) NOT NULL,
        selection_start DATE NOT NULL,
        selection_end DATE NOT NULL,
        study_start DATE NOT NULL,
        study_end DATE NOT NULL,
        version INT UNSIGNED NOT NULL,
        lock_cursor CHAR(36) NULL,
        locked_at DATETIME(3) NULL,
        PRIMARY KEY (project_id),
        KEY ix_projects_lock (locked_at, study_start)
      ) ${TABLE}`);
    await runner.query(`
      CREATE TABLE enrollments (
        enrollment_id CHAR(36) NOT NULL,
        project_id CHAR(36) NOT NULL,
        teacher_id CHAR(36) NOT NULL,
        org_id CHAR(36) NOT NULL,
        org_path VARCHAR(255) NOT NULL,
        subject VARCHAR(32) NOT NULL,
        role VARCHAR(16) NOT NULL,
        status VARCHAR(16) NOT NULL,
        version INT UNSIGNED NOT NULL,
        PRIMARY KEY (enrollment_id),
        KEY ix_enrollments_teacher (project_id, teacher_id),
        KEY ix_enrollments_org (project_id, org_path)
      ) ${TABLE}`);

    // A school's own choice, or an imposed one (county or above) that applies to every school below.
    await runner.query(`
      CREATE TABLE school_choices (
        project_id CHAR(36) NOT NULL,
        org_id CHAR(36) NOT NULL,
        org_path VARCHAR(255) NOT NULL,
        package_code VARCHAR(16) NULL,
        topic_ids TEXT NOT NULL,
        imposed TINYINT(1) NOT NULL,
        chosen_by VARCHAR(100) NOT NULL,
        revision INT UNSIGNED NOT NULL,
        updated_at DATETIME(3) NOT NULL,
        PRIMARY KEY (project_id, org_id),
        KEY ix_school_choices_path (project_id, org_path)
      ) ${TABLE}`);
    await runner.query(`
      CREATE TABLE teacher_selections (
        project_id CHAR(36) NOT NULL,
        teacher_id CHAR(36) NOT NULL,
        package_code VARCHAR(16) NULL,
        course_ids TEXT NOT NULL,
        revision INT UNSIGNED NOT NULL,
        updated_at DATETIME(3) NOT NULL,
        PRIMARY KEY (project_id, teacher_id)
      ) ${TABLE}`);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['teacher_selections', 'school_choices', 'enrollments', 'projects', 'known_orgs', 'policies', 'course_subjects', 'course_stages', 'courses', 'topics', 'chapters']) {
      await runner.query(`DROP TABLE ${table}`);
    }
  }
}
