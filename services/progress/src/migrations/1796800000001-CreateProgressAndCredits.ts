import type { MigrationInterface, QueryRunner } from 'typeorm';

const TABLE = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';

export class CreateProgressAndCredits1796800000001 implements MigrationInterface {
  name = 'CreateProgressAndCredits1796800000001';

  async up(runner: QueryRunner): Promise<void> {
    // ── facts kept from other services' events (each with the version it came with) ──
    // identity's training projects: the study window and the registration deadline ("YYYY-MM-DD", Asia/Shanghai).
    await runner.query(`
      CREATE TABLE projects (
        project_id CHAR(36) NOT NULL,
        year SMALLINT UNSIGNED NOT NULL,
        name VARCHAR(200) NOT NULL,
        required_hours DECIMAL(6,1) NOT NULL,
        study_start CHAR(10) NOT NULL,
        study_end CHAR(10) NOT NULL,
        credit_deadline CHAR(10) NOT NULL,
        version INT UNSIGNED NOT NULL,
        PRIMARY KEY (project_id)
      ) ${TABLE}`);
    // identity's enrollments: who takes part, through which unit (jurisdiction of progress lists).
    await runner.query(`
      CREATE TABLE participants (
        enrollment_id CHAR(36) NOT NULL,
        project_id CHAR(36) NOT NULL,
        teacher_id CHAR(36) NOT NULL,
        org_path VARCHAR(255) NOT NULL,
        role VARCHAR(20) NOT NULL,
        enrolled TINYINT(1) NOT NULL,
        version INT UNSIGNED NOT NULL,
        PRIMARY KEY (enrollment_id),
        KEY ix_participants_project_org (project_id, org_path, teacher_id),
        KEY ix_participants_teacher (teacher_id, project_id)
      ) ${TABLE}`);
    // identity's teachers: their current unit (jurisdiction over a teacher's credits; credits stay keyed by teacher).
    await runner.query(`
      CREATE TABLE teacher_units (
        teacher_id CHAR(36) NOT NULL,
        org_path VARCHAR(255) NOT NULL,
        in_service TINYINT(1) NOT NULL,
        status_version INT UNSIGNED NOT NULL,
        PRIMARY KEY (teacher_id)
      ) ${TABLE}`);
    // catalog's "what counts for whom": the courses that count toward a teacher's project hours.
    await runner.query(`
      CREATE TABLE counted_courses (
        teacher_id CHAR(36) NOT NULL,
        project_id CHAR(36) NOT NULL,
        course_id VARCHAR(64) NOT NULL,
        title VARCHAR(200) NOT NULL,
        hours DECIMAL(5,1) NOT NULL,
        PRIMARY KEY (teacher_id, project_id, course_id),
        KEY ix_counted_courses_teacher_course (teacher_id, course_id),
        KEY ix_counted_courses_course (course_id),
        KEY ix_counted_courses_project (project_id)
      ) ${TABLE}`);
    // When each teacher × project list was last replaced: an older event is ignored.
    await runner.query(`
      CREATE TABLE counted_selections (
        teacher_id CHAR(36) NOT NULL,
        project_id CHAR(36) NOT NULL,
        occurred_at DATETIME(3) NOT NULL,
        PRIMARY KEY (teacher_id, project_id)
      ) ${TABLE}`);
    // catalog's courses: which quizzes a course embeds.
    await runner.query(`
      CREATE TABLE courses (
        course_id VARCHAR(64) NOT NULL,
        quiz_ids TEXT NOT NULL,
        revision INT UNSIGNED NOT NULL,
        PRIMARY KEY (course_id)
      ) ${TABLE}`);

    // ── progress's own data ──
    await runner.query(`
      CREATE TABLE course_rules (
        course_id VARCHAR(64) NOT NULL,
        required_watch_seconds INT UNSIGNED NOT NULL,
        assignment_required TINYINT(1) NOT NULL,
        version INT UNSIGNED NOT NULL,
        updated_by VARCHAR(255) NOT NULL,
        updated_at DATETIME(3) NOT NULL,
        PRIMARY KEY (course_id)
      ) ${TABLE}`);
    await runner.query(`
      CREATE TABLE quizzes (
        quiz_id VARCHAR(64) NOT NULL,
        course_id VARCHAR(64) NOT NULL,
        title VARCHAR(200) NOT NULL,
        questions MEDIUMTEXT NOT NULL,
        pass_points INT UNSIGNED NOT NULL,
        max_attempts INT UNSIGNED NOT NULL,
        version INT UNSIGNED NOT NULL,
        updated_by VARCHAR(255) NOT NULL,
        updated_at DATETIME(3) NOT NULL,
        PRIMARY KEY (quiz_id),
        KEY ix_quizzes_course (course_id)
      ) ${TABLE}`);
    // The primary key makes a second "attempt 3" impossible, whatever the concurrency.
    await runner.query(`
      CREATE TABLE quiz_attempts (
        teacher_id CHAR(36) NOT NULL,
        quiz_id VARCHAR(64) NOT NULL,
        attempt SMALLINT UNSIGNED NOT NULL,
        points INT UNSIGNED NOT NULL,
        max_points INT UNSIGNED NOT NULL,
        passed TINYINT(1) NOT NULL,
        answers TEXT NOT NULL,
        submitted_at DATETIME(3) NOT NULL,
        PRIMARY KEY (teacher_id, quiz_id, attempt)
      ) ${TABLE}`);
    // Assignments accepted in community (its event arrives later): one per teacher × course.
    await runner.query(`
      CREATE TABLE accepted_assignments (
        teacher_id CHAR(36) NOT NULL,
        course_id VARCHAR(64) NOT NULL,
        assignment_id CHAR(36) NOT NULL,
        accepted_at DATETIME(3) NOT NULL,
        PRIMARY KEY (teacher_id, course_id)
      ) ${TABLE}`);
    // A read model of each counted course's progress, rewritten from the watch states; completed_at is set once.
    await runner.query(`
      CREATE TABLE course_progress (
        teacher_id CHAR(36) NOT NULL,
        project_id CHAR(36) NOT NULL,
        course_id VARCHAR(64) NOT NULL,
        watched_seconds INT UNSIGNED NOT NULL,
        required_watch_seconds INT UNSIGNED NULL,
        completed_at DATETIME(3) NULL,
        updated_at DATETIME(3) NOT NULL,
        PRIMARY KEY (teacher_id, project_id, course_id),
        KEY ix_course_progress_project (project_id, teacher_id)
      ) ${TABLE}`);
    await runner.query(`
      CREATE TABLE project_qualifications (
        teacher_id CHAR(36) NOT NULL,
        project_id CHAR(36) NOT NULL,
        watched_seconds INT UNSIGNED NOT NULL,
        qualified_at DATETIME(3) NOT NULL,
        PRIMARY KEY (teacher_id, project_id),
        KEY ix_project_qualifications_project (project_id)
      ) ${TABLE}`);
    // The credit-hour ledger. The unique key is what makes a credit impossible to count twice: one per
    // teacher × project, one per teacher × school record key. Keyed by teacher, never by unit.
    await runner.query(`
      CREATE TABLE credit_records (
        id CHAR(36) NOT NULL,
        teacher_id CHAR(36) NOT NULL,
        source VARCHAR(16) NOT NULL,
        source_key VARCHAR(64) NOT NULL,
        year SMALLINT UNSIGNED NOT NULL,
        hours DECIMAL(6,1) NOT NULL,
        title VARCHAR(200) NOT NULL,
        registered_by VARCHAR(255) NOT NULL,
        registered_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        UNIQUE KEY uq_credit_records_source (teacher_id, source, source_key),
        KEY ix_credit_records_year (teacher_id, year)
      ) ${TABLE}`);
    // Certification cycles (教师资格定期注册): data, changed by the province admin.
    await runner.query(`
      CREATE TABLE certification_cycles (
        first_year SMALLINT UNSIGNED NOT NULL,
        last_year SMALLINT UNSIGNED NOT NULL,
        target_hours DECIMAL(6,1) NOT NULL,
        PRIMARY KEY (first_year)
      ) ${TABLE}`);
    // The first cycle of the seeds (Shandong's registration pilot from 2024: 360 h in 5 years).
    await runner.query('INSERT INTO certification_cycles (first_year, last_year, target_hours) VALUES (2024, 2028, 360.0)');
    // Teacher × course progress to recompute after a change that touches many teachers at once (a study
    // window moved, course rules saved): worked off in small transactions by the consumer process.
    await runner.query(`
      CREATE TABLE pending_evaluations (
        teacher_id CHAR(36) NOT NULL,
        course_id VARCHAR(64) NOT NULL,
        PRIMARY KEY (teacher_id, course_id)
      ) ${TABLE}`);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of [
      'pending_evaluations',
      'certification_cycles',
      'credit_records',
      'project_qualifications',
      'course_progress',
      'accepted_assignments',
      'quiz_attempts',
      'quizzes',
      'course_rules',
      'courses',
      'counted_selections',
      'counted_courses',
      'teacher_units',
      'participants',
      'projects',
    ]) {
      await runner.query(`DROP TABLE ${table}`);
    }
  }
}
