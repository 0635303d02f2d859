import type { Stage } from '../teachers/teacher.repository.js';

/** A subject workshop of a city or county, or a thematic workshop (专题工作坊) of the province. */
export type WorkshopKind = 'subject' | 'thematic';

/** A workshop as stored, with its hosts' teacher ids. Stage and year are its project's. */
export interface WorkshopRecord {
  id: string;
  projectId: string;
  /** The area: the province (thematic), a city or a county (subject). */
  orgId: string;
  orgPath: string;
  kind: WorkshopKind;
  /** '' for kindergartens, and for a thematic workshop open to every subject. */
  subject: string;
  /** '' for subject workshops. */
  theme: string;
  name: string;
  hostTeacherIds: string[];
  /** +1 per change of hosts. */
  version: number;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface WorkshopHost {
  teacherId: string;
  name: string;
  idNumberMasked: string;
  orgId: string;
  orgPath: string;
}

/** A workshop as answered: with its project's year and stage, and who its hosts are. */
export interface WorkshopView extends Omit<WorkshopRecord, 'hostTeacherIds'> {
  projectYear: number;
  stage: Stage;
  hosts: WorkshopHost[];
}
