import { workshop as contract } from '@yanxiu/contracts';
import { stages } from '../teachers/teacher.mapper.js';
import { nameIn } from '../training-projects/training-project.mapper.js';
import type { WorkshopView } from './workshop.dto.js';

const kinds = { subject: contract.WorkshopKind.WORKSHOP_KIND_SUBJECT, thematic: contract.WorkshopKind.WORKSHOP_KIND_THEMATIC } as const;

export function workshopView(w: contract.Workshop | undefined): WorkshopView {
  if (!w) throw new Error('service answered without a workshop');
  return { ...w, stage: nameIn(stages, w.stage), kind: nameIn(kinds, w.kind) };
}
