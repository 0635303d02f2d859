import { catalogEntities, type catalog } from '@yanxiu/contracts';
import { CatalogError } from '../catalog.error.js';
import { kindFromProto, kindToProto, levelFromProto, levelToProto, stageFromProto, stageToProto } from '../contract-enums.js';
import type { Stage } from '../policies/selection-policy.js';
import type { CourseDraft, CourseRecord } from './course.js';

const CS = catalogEntities.CourseStatus;

export function courseToProto(c: CourseRecord): catalogEntities.Course {
  return {
    id: c.id,
    title: c.title,
    kind: kindToProto(c.kind),
    creditHours: c.creditHours,
    mediaRef: c.mediaRef,
    stages: c.stages.map(stageToProto),
    subjects: c.subjects,
    topicId: c.topicId ?? '',
    chapterId: c.chapterId ?? '',
    level: levelToProto(c.level),
    quizIds: c.quizIds,
    status: c.status === 'active' ? CS.COURSE_STATUS_ACTIVE : CS.COURSE_STATUS_RETIRED,
    revision: c.revision,
    updatedAt: c.updatedAt.toISOString(),
    updatedBy: c.updatedBy,
  };
}

export function courseDraftFromProto(draft: catalog.CourseDraft | undefined): CourseDraft {
  if (!draft) throw new CatalogError('invalid_argument', 'draft is required');
  const kind = kindFromProto(draft.kind);
  if (!kind) throw new CatalogError('invalid_argument', 'draft.kind is required');
  const stages = draft.stages.map((s) => stageFromProto(s));
  if (stages.includes(null)) throw new CatalogError('invalid_argument', 'draft.stages holds an unspecified stage');
  return {
    title: draft.title,
    kind,
    creditHours: draft.creditHours,
    mediaRef: draft.mediaRef,
    stages: stages as Stage[],
    subjects: draft.subjects,
    topicId: draft.topicId || null,
    chapterId: draft.chapterId || null,
    level: levelFromProto(draft.level),
    quizIds: draft.quizIds,
  };
}

export function courseStatusFromProto(status: catalogEntities.CourseStatus): 'active' | 'retired' | null {
  if (status === CS.COURSE_STATUS_ACTIVE) return 'active';
  if (status === CS.COURSE_STATUS_RETIRED) return 'retired';
  return null;
}
