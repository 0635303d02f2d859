import type { DataSource } from 'typeorm';
import { CatalogError } from '../catalog.error.js';
import { decodePageToken, encodePageToken, pageSize } from '../paging.js';
import type { CourseRecord } from './course.js';
import type { CourseRepository, CourseSearch } from './course.repository.js';

/** The catalog is open to every signed-in user: teachers browse it, courses not chosen stay watchable. */
export class GetCourseUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly courses: CourseRepository,
  ) {}

  async execute(id: string): Promise<CourseRecord> {
    const course = await this.courses.findById(this.dataSource.manager, id);
    if (!course) throw new CatalogError('course_not_found', `course ${id} not found`);
    return course;
  }
}

export interface SearchCoursesQuery extends Omit<CourseSearch, 'after' | 'limit'> {
  pageSize: number;
  pageToken: string;
}

/** Catalog search by stage, subject, topic, chapter, kind, level and title, by title in pages. */
export class SearchCoursesUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly courses: CourseRepository,
  ) {}

  async execute(query: SearchCoursesQuery): Promise<{ courses: CourseRecord[]; nextPageToken: string; total: number }> {
    const limit = pageSize(query.pageSize, 50, 200);
    const after = decodePageToken(query.pageToken, ['title', 'id']);
    const q = query.query?.trim() || null;
    if (q && q.length > 100) throw new CatalogError('invalid_argument', 'query must be at most 100 characters');
    const { courses, total } = await this.courses.search(this.dataSource.manager, { ...query, query: q, after, limit: limit + 1 });
    const page = courses.slice(0, limit);
    const last = page[page.length - 1];
    return { courses: page, nextPageToken: courses.length > limit && last ? encodePageToken({ title: last.title, id: last.id }) : '', total };
  }
}
