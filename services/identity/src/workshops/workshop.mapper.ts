import { workshop as contract } from '@yanxiu/contracts';
import type { TrainingProjectRecord } from '../training-projects/training-project.js';
import { stageToProto } from '../training-projects/training-project.mapper.js';
import type { WorkshopKind, WorkshopRecord, WorkshopView } from './workshop.js';

const kinds: Record<WorkshopKind, contract.WorkshopKind> = {
  subject: contract.WorkshopKind.WORKSHOP_KIND_SUBJECT,
  thematic: contract.WorkshopKind.WORKSHOP_KIND_THEMATIC,
};

/** The response shape: hosts' ID numbers masked. */
export function workshopToProto(w: WorkshopView): contract.Workshop {
  return {
    id: w.id,
    projectId: w.projectId,
    projectYear: w.projectYear,
    stage: stageToProto(w.stage),
    kind: kinds[w.kind],
    orgId: w.orgId,
    orgPath: w.orgPath,
    subject: w.subject,
    theme: w.theme,
    name: w.name,
    hosts: w.hosts.map((h) => ({ teacherId: h.teacherId, name: h.name, idNumberMasked: h.idNumberMasked, orgId: h.orgId, orgPath: h.orgPath })),
    version: w.version,
    createdByUsername: w.createdBy,
    createdAt: w.createdAt.toISOString(),
    updatedAt: w.updatedAt.toISOString(),
  };
}

/** The events' shape: ids and paths, no names. */
export function workshopFact(w: WorkshopRecord, project: Pick<TrainingProjectRecord, 'year' | 'stage'>, occurredAt: Date): contract.WorkshopFact {
  return {
    workshopId: w.id,
    projectId: w.projectId,
    projectYear: project.year,
    projectStage: stageToProto(project.stage),
    kind: kinds[w.kind],
    orgId: w.orgId,
    orgPath: w.orgPath,
    subject: w.subject,
    theme: w.theme,
    hostTeacherIds: w.hostTeacherIds,
    version: w.version,
    occurredAt: occurredAt.toISOString(),
  };
}
