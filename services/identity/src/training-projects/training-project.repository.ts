import type { EntityManager } from 'typeorm';
import type { Stage } from '../teachers/teacher.repository.js';
import type { GroupingScope, ProjectPhase, TrainingProjectRecord, TutorTeamScope } from './training-project.js';

interface ProjectRow {
  id: string;
  owner_org_id: string;
  owner_org_path: string;
  year: number;
  stage: Stage;
  name: string;
  theme: string;
  required_hours: number;
  phases: string;
  subjects: string;
  enrollment_start: string;
  enrollment_end: string;
  grouping_start: string;
  grouping_end: string;
  confirmation_start: string;
  confirmation_end: string;
  course_selection_start: string;
  course_selection_end: string;
  study_start: string;
  study_end: string;
  credit_registration_deadline: string;
  group_size_target: number;
  group_size_min: number;
  group_size_max: number;
  merge_below: number;
  merge_scope: GroupingScope;
  trainees_per_tutor: number;
  groups_per_tutor: number;
  tutor_team_scope: TutorTeamScope;
  version: number;
  created_by: string;
  created_at: Date;
  updated_at: Date;
}

const DATE_COLUMNS = [
  'enrollment_start', 'enrollment_end', 'grouping_start', 'grouping_end', 'confirmation_start', 'confirmation_end',
  'course_selection_start', 'course_selection_end', 'study_start', 'study_end', 'credit_registration_deadline',
] as const;

/** DATE columns come back as 'YYYY-MM-DD' (dateStrings would be per connection; formatting here keeps it local). */
const SELECT = `SELECT id, owner_org_id, owner_org_path, year, stage, name, theme, required_hours, phases, subjects,
  ${DATE_COLUMNS.map((c) => `DATE_FORMAT(${c}, '%Y-%m-%d') AS ${c}`).join(', ')},
  group_size_target, group_size_min, group_size_max, merge_below, merge_scope, trainees_per_tutor, groups_per_tutor, tutor_team_scope,
  version, created_by, created_at, updated_at FROM training_projects`;

const WRITABLE = [
  'year', 'stage', 'name', 'theme', 'required_hours', 'phases', 'subjects', ...DATE_COLUMNS,
  'group_size_target', 'group_size_min', 'group_size_max', 'merge_below', 'merge_scope', 'trainees_per_tutor', 'groups_per_tutor', 'tutor_team_scope',
] as const;

function toRecord(r: ProjectRow): TrainingProjectRecord {
  return {
    id: r.id,
    ownerOrgId: r.owner_org_id,
    ownerOrgPath: r.owner_org_path,
    year: Number(r.year),
    stage: r.stage,
    name: r.name,
    theme: r.theme,
    requiredHours: Number(r.required_hours),
    phases: JSON.parse(r.phases) as ProjectPhase[],
    subjects: JSON.parse(r.subjects) as string[],
    windows: {
      enrollment: { start: r.enrollment_start, end: r.enrollment_end },
      grouping: { start: r.grouping_start, end: r.grouping_end },
      confirmation: { start: r.confirmation_start, end: r.confirmation_end },
      courseSelection: { start: r.course_selection_start, end: r.course_selection_end },
      study: { start: r.study_start, end: r.study_end },
      creditRegistrationDeadline: r.credit_registration_deadline,
    },
    grouping: {
      groupSizeTarget: Number(r.group_size_target),
      groupSizeMin: Number(r.group_size_min),
      groupSizeMax: Number(r.group_size_max),
      mergeBelow: Number(r.merge_below),
      mergeScope: r.merge_scope,
      traineesPerTutor: Number(r.trainees_per_tutor),
      groupsPerTutor: Number(r.groups_per_tutor),
      tutorTeamScope: r.tutor_team_scope,
    },
    version: Number(r.version),
    createdBy: r.created_by,
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
  };
}

function writableValues(p: TrainingProjectRecord): unknown[] {
  const w = p.windows;
  const g = p.grouping;
  return [
    p.year, p.stage, p.name, p.theme, p.requiredHours, JSON.stringify(p.phases), JSON.stringify(p.subjects),
    w.enrollment.start, w.enrollment.end, w.grouping.start, w.grouping.end, w.confirmation.start, w.confirmation.end,
    w.courseSelection.start, w.courseSelection.end, w.study.start, w.study.end, w.creditRegistrationDeadline,
    g.groupSizeTarget, g.groupSizeMin, g.groupSizeMax, g.mergeBelow, g.mergeScope, g.traineesPerTutor, g.groupsPerTutor, g.tutorTeamScope,
  ];
}

/** Plain data access for training projects; the rules live in training-project-rules.ts. */
export class TrainingProjectRepository {
  async findById(manager: EntityManager, id: string, options: { lock?: boolean } = {}): Promise<TrainingProjectRecord | null> {
    const rows: ProjectRow[] = await manager.query(`${SELECT} WHERE id = ?${options.lock ? ' FOR UPDATE' : ''}`, [id]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /** Projects owned by any of the given orgs (the caller's ancestors), newest year first. */
  async listOwnedBy(manager: EntityManager, ownerPaths: string[], filter: { year?: number; stage?: Stage }): Promise<TrainingProjectRecord[]> {
    if (ownerPaths.length === 0) return [];
    const where = [`owner_org_path IN (${ownerPaths.map(() => '?').join(', ')})`];
    const params: unknown[] = [...ownerPaths];
    if (filter.year) {
      where.push('year = ?');
      params.push(filter.year);
    }
    if (filter.stage) {
      where.push('stage = ?');
      params.push(filter.stage);
    }
    const rows: ProjectRow[] = await manager.query(`${SELECT} WHERE ${where.join(' AND ')} ORDER BY year DESC, FIELD(stage, 'high', 'middle', 'primary', 'kindergarten')`, params);
    return rows.map(toRecord);
  }

  /** Inserts unless the owner already runs a project of that stage and year; returns false then. */
  async insert(manager: EntityManager, p: TrainingProjectRecord): Promise<boolean> {
    const columns = ['id', 'owner_org_id', 'owner_org_path', ...WRITABLE, 'version', 'created_by', 'created_at', 'updated_at'];
    const result: { affectedRows: number } = await manager.query(
      `INSERT IGNORE INTO training_projects (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
      [p.id, p.ownerOrgId, p.ownerOrgPath, ...writableValues(p), p.version, p.createdBy, p.createdAt, p.updatedAt],
    );
    return result.affectedRows === 1;
  }

  /** Writes the new spec as version `p.version`, only over `p.version - 1`. */
  async update(manager: EntityManager, p: TrainingProjectRecord): Promise<boolean> {
    const result: { affectedRows: number } = await manager.query(
      `UPDATE training_projects SET ${WRITABLE.map((c) => `${c} = ?`).join(', ')}, version = ?, updated_at = ? WHERE id = ? AND version = ?`,
      [...writableValues(p), p.version, p.updatedAt, p.id, p.version - 1],
    );
    return result.affectedRows === 1;
  }
}
