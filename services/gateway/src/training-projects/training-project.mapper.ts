import { trainingProject as contract } from '@yanxiu/contracts';
import { stages } from '../teachers/teacher.mapper.js';
import type { DateWindowBody, TrainingProjectBody, TrainingProjectView } from './training-project.dto.js';

const phaseKinds = { concentrated: contract.PhaseKind.PHASE_KIND_CONCENTRATED, dispersed: contract.PhaseKind.PHASE_KIND_DISPERSED } as const;
const scopes = { school: contract.GroupingScope.GROUPING_SCOPE_SCHOOL, county: contract.GroupingScope.GROUPING_SCOPE_COUNTY, city: contract.GroupingScope.GROUPING_SCOPE_CITY } as const;

/** The name of a proto enum value in one of the tables above. */
export function nameIn<T extends Record<string, number>>(table: T, value: number): keyof T & string {
  const entry = Object.entries(table).find(([, v]) => v === value);
  if (!entry) throw new Error(`service answered with an unknown enum value ${value}`);
  return entry[0];
}

const windowToProto = (w: DateWindowBody): contract.DateWindow => ({ startDate: w.start, endDate: w.end });
export const windowView = (w: contract.DateWindow | undefined): DateWindowBody => ({ start: w?.startDate ?? '', end: w?.endDate ?? '' });

export function specToProto(b: TrainingProjectBody): contract.TrainingProjectSpec {
  const w = b.windows;
  return {
    year: b.year,
    stage: stages[b.stage],
    name: b.name,
    theme: b.theme,
    requiredHours: b.requiredHours,
    phases: b.phases.map((p) => ({ name: p.name, kind: phaseKinds[p.kind], hours: p.hours, dates: windowToProto(p.dates) })),
    subjects: b.subjects,
    windows: {
      enrollment: windowToProto(w.enrollment),
      grouping: windowToProto(w.grouping),
      confirmation: windowToProto(w.confirmation),
      courseSelection: windowToProto(w.courseSelection),
      study: windowToProto(w.study),
      creditRegistrationDeadline: w.creditRegistrationDeadline,
    },
    grouping: { ...b.grouping, mergeScope: scopes[b.grouping.mergeScope], tutorTeamScope: scopes[b.grouping.tutorTeamScope] },
  };
}

export function projectView(p: contract.TrainingProject | undefined): TrainingProjectView {
  const s = p?.spec;
  const w = s?.windows;
  const g = s?.grouping;
  if (!p || !s || !w || !g) throw new Error('service answered without a training project');
  const tutorTeamScope = nameIn(scopes, g.tutorTeamScope);
  return {
    id: p.id,
    ownerOrgId: p.ownerOrgId,
    ownerOrgPath: p.ownerOrgPath,
    version: p.version,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
    year: s.year,
    stage: nameIn(stages, s.stage),
    name: s.name,
    theme: s.theme,
    requiredHours: s.requiredHours,
    phases: s.phases.map((ph) => ({ name: ph.name, kind: nameIn(phaseKinds, ph.kind), hours: ph.hours, dates: windowView(ph.dates) })),
    subjects: s.subjects,
    windows: {
      enrollment: windowView(w.enrollment),
      grouping: windowView(w.grouping),
      confirmation: windowView(w.confirmation),
      courseSelection: windowView(w.courseSelection),
      study: windowView(w.study),
      creditRegistrationDeadline: w.creditRegistrationDeadline,
    },
    grouping: { ...g, mergeScope: nameIn(scopes, g.mergeScope), tutorTeamScope: tutorTeamScope === 'school' ? 'county' : tutorTeamScope },
  };
}
