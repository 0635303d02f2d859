import type { DataSource } from 'typeorm';
import type { ChapterRecord, TopicRecord } from './topic.js';
import type { TopicRepository } from './topic.repository.js';

/** Topics and chapters are public within the platform, like the courses. */
export class ListTopicsUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly topics: TopicRepository,
  ) {}

  topicsOf(chapterId: string | null): Promise<TopicRecord[]> {
    return this.topics.listTopics(this.dataSource.manager, chapterId);
  }

  chapters(): Promise<ChapterRecord[]> {
    return this.topics.listChapters(this.dataSource.manager);
  }
}
