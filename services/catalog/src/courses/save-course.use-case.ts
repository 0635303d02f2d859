import { randomUUID } from 'node:crypto';
import type { Principal } from '@yanxiu/auth';
import { catalogEntities, Topics } from '@yanxiu/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import { assertCatalogEditor } from '../access.js';
import { publish } from '../catalog-events.js';
import { CatalogError } from '../catalog.error.js';
import type { TopicRepository } from '../topics/topic.repository.js';
import { normaliseCourseDraft, type CourseDraft, type CourseRecord, type CourseStatus } from './course.js';
import { courseToProto } from './course.mapper.js';
import type { CourseRepository } from './course.repository.js';

/** Validates a draft and checks its topic and chapter exist; throws with every problem listed. */
async function checkedDraft(manager: EntityManager, topics: TopicRepository, input: CourseDraft): Promise<CourseDraft> {
  const { draft, problems } = normaliseCourseDraft(input);
  if (draft.topicId && !(await topics.findTopic(manager, draft.topicId))) problems.push(`topicId ${draft.topicId} is not a known topic`);
  if (draft.chapterId && !(await topics.findChapter(manager, draft.chapterId))) problems.push(`chapterId ${draft.chapterId} is not a known chapter`);
  if (problems.length > 0) throw new CatalogError('invalid_argument', problems.join('; '));
  return draft;
}

const courseSaved = (course: CourseRecord) => ({
  topic: Topics.courseSaved,
  key: course.id,
  type: 'yanxiu.catalog.v1.CourseSaved',
  payload: catalogEntities.CourseSaved.encode({ course: courseToProto(course) }).finish(),
});

/** A province expert adds a course; the row and its CourseSaved event commit together. */
export class CreateCourseUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly courses: CourseRepository,
    private readonly topics: TopicRepository,
  ) {}

  async execute(principal: Principal, input: CourseDraft): Promise<CourseRecord> {
    assertCatalogEditor(principal);
    return this.dataSource.transaction(async (manager) => {
      const draft = await checkedDraft(manager, this.topics, input);
      const course: CourseRecord = { ...draft, id: randomUUID(), status: 'active', revision: 1, updatedAt: new Date(), updatedBy: principal.username };
      await this.courses.insert(manager, course);
      await publish(manager, [courseSaved(course)]);
      return course;
    });
  }
}

/**
 * Replaces a course's fields (and optionally retires or revives it). Optimistic: the caller names the
 * revision they edited, so two experts editing at once cannot silently overwrite each other. Saved
 * policies keep the titles and hours they copied; the change reaches a project when its policy is saved again.
 */
export class UpdateCourseUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly courses: CourseRepository,
    private readonly topics: TopicRepository,
  ) {}

  async execute(principal: Principal, command: { id: string; expectedRevision: number; draft: CourseDraft; status: CourseStatus | null }): Promise<CourseRecord> {
    assertCatalogEditor(principal);
    return this.dataSource.transaction(async (manager) => {
      const current = await this.courses.findById(manager, command.id);
      if (!current) throw new CatalogError('course_not_found', `course ${command.id} not found`);
      if (current.revision !== command.expectedRevision) {
        throw new CatalogError('revision_conflict', `course ${command.id} is at revision ${current.revision}, not ${command.expectedRevision}: reload it and edit again`);
      }
      const draft = await checkedDraft(manager, this.topics, command.draft);
      const course: CourseRecord = { ...draft, id: current.id, status: command.status ?? current.status, revision: current.revision + 1, updatedAt: new Date(), updatedBy: principal.username };
      if (!(await this.courses.update(manager, course))) throw new CatalogError('revision_conflict', `course ${command.id} changed meanwhile: reload it and edit again`);
      await publish(manager, [courseSaved(course)]);
      return course;
    });
  }
}
