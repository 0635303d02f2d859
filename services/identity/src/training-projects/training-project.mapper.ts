import { teacher as teacherContract, trainingProject as contract } from '@yanxiu/contracts';
import { IdentityError } from '../identity.error.js';
import { stageFromProto } from '../teachers/teacher.mapper.js';
import type { Stage } from '../teachers/teacher.repository.js';
import type { DateWindow, GroupingScope, PhaseKind, TrainingProjectRecord, TrainingProjectSpec } from './training-project.js';

const phaseKinds: Record<PhaseKind, contract.PhaseKind> = {
  concentrated: contract.PhaseKind.PHASE_KIND_CONCENTRATED,
  dispersed: contract.PhaseKind.PHASE_KIND_DISPERSED,
};
const scopes: Record<GroupingScope, contract.GroupingScope> = {
  school: contract.GroupingScope.GROUPING_SCOPE_SCHOOL,
  county: contract.GroupingScope.GROUPING_SCOPE_COUNTY,
  city: contract.GroupingScope.GROUPING_SCOPE_CITY,
};

function reverse<K extends string, V>(table: Record<K, V>, value: V): K | null {
  const entry = (Object.entries(table) as [K, V][]).find(([, v]) => v === value);
  return entry ? entry[0] : null;
}

/** The inverse of the teachers' stageFromProto, so both directions share one table. */
export function stageToProto(stage: Stage): teacherContract.Stage {
  const value = Object.values(teacherContract.Stage).find((v): v is teacherContract.Stage => typeof v === 'number' && stageFromProto(v) === stage);
  if (value === undefined) throw new Error(`no proto stage for ${stage}`);
  return value;
}

const required = <T>(value: T | null, what: string): T => {
  if (value === null) throw new IdentityError('invalid_argument', `${what} is required`);
  return value;
};

const windowFromProto = (w: contract.DateWindow | undefined): DateWindow => ({ start: w?.startDate ?? '', end: w?.endDate ?? '' });
const windowToProto = (w: DateWindow): contract.DateWindow => ({ startDate: w.start, endDate: w.end });

/** Enums and shapes only; every rule (dates, hours, subjects, sizes) is checked by specProblems. */
export function specFromProto(spec: contract.TrainingProjectSpec | undefined): TrainingProjectSpec {
  if (!spec) throw new IdentityError('invalid_argument', 'spec is required');
  const windows = spec.windows;
  const g = spec.grouping;
  const tutorTeamScope = g ? reverse(scopes, g.tutorTeamScope) : null;
  if (tutorTeamScope === 'school') throw new IdentityError('invalid_argument', 'grouping.tutorTeamScope must be county or city: tutor teams are not formed per school');
  return {
    year: spec.year,
    stage: required(stageFromProto(spec.stage), 'stage'),
    name: spec.name.trim(),
    theme: spec.theme.trim(),
    requiredHours: spec.requiredHours,
    phases: spec.phases.map((p, i) => ({
      name: p.name.trim(),
      kind: required(reverse(phaseKinds, p.kind), `phases[${i}].kind`),
      hours: p.hours,
      dates: windowFromProto(p.dates),
    })),
    subjects: spec.subjects.map((s) => s.trim()),
    windows: {
      enrollment: windowFromProto(windows?.enrollment),
      grouping: windowFromProto(windows?.grouping),
      confirmation: windowFromProto(windows?.confirmation),
      courseSelection: windowFromProto(windows?.courseSelection),
      study: windowFromProto(windows?.study),
      creditRegistrationDeadline: windows?.creditRegistrationDeadline ?? '',
    },
    grouping: {
      groupSizeTarget: g?.groupSizeTarget ?? 0,
      groupSizeMin: g?.groupSizeMin ?? 0,
      groupSizeMax: g?.groupSizeMax ?? 0,
      mergeBelow: g?.mergeBelow ?? 0,
      mergeScope: required(g ? reverse(scopes, g.mergeScope) : null, 'grouping.mergeScope'),
      traineesPerTutor: g?.traineesPerTutor ?? 0,
      groupsPerTutor: g?.groupsPerTutor ?? 0,
      tutorTeamScope: required(tutorTeamScope, 'grouping.tutorTeamScope'),
    },
  };
}

export function specToProto(s: TrainingProjectSpec): contract.TrainingProjectSpec {
  const w = s.windows;
  return {
    year: s.year,
    stage: stageToProto(s.stage),
    name: s.name,
    theme: s.theme,
    requiredHours: s.requiredHours,
    phases: s.phases.map((p) => ({ name: p.name, kind: phaseKinds[p.kind], hours: p.hours, dates: windowToProto(p.dates) })),
    subjects: s.subjects,
    windows: {
      enrollment: windowToProto(w.enrollment),
      grouping: windowToProto(w.grouping),
      confirmation: windowToProto(w.confirmation),
      courseSelection: windowToProto(w.courseSelection),
      study: windowToProto(w.study),
      creditRegistrationDeadline: w.creditRegistrationDeadline,
    },
    grouping: { ...s.grouping, mergeScope: scopes[s.grouping.mergeScope], tutorTeamScope: scopes[s.grouping.tutorTeamScope] },
  };
}

export function projectToProto(p: TrainingProjectRecord): contract.TrainingProject {
  return {
    id: p.id,
    ownerOrgId: p.ownerOrgId,
    ownerOrgPath: p.ownerOrgPath,
    spec: specToProto(p),
    version: p.version,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}
