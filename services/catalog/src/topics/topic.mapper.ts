import type { catalogEntities } from '@yanxiu/contracts';
import type { ChapterRecord, TopicRecord } from './topic.js';

export function topicToProto(t: TopicRecord): catalogEntities.Topic {
  return { id: t.id, name: t.name, description: t.description, chapterId: t.chapterId ?? '', revision: t.revision, updatedAt: t.updatedAt.toISOString(), updatedBy: t.updatedBy };
}

export function chapterToProto(c: ChapterRecord): catalogEntities.Chapter {
  return { id: c.id, name: c.name, description: c.description, position: c.position, revision: c.revision, updatedAt: c.updatedAt.toISOString(), updatedBy: c.updatedBy };
}
