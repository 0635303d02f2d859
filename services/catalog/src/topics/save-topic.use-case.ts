import { randomUUID } from 'node:crypto';
import type { Principal } from '@yanxiu/auth';
import { catalogEntities, Topics } from '@yanxiu/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import { assertCatalogEditor } from '../access.js';
import { publish } from '../catalog-events.js';
import { CatalogError } from '../catalog.error.js';
import { normaliseChapterDraft, normaliseTopicDraft, type ChapterDraft, type ChapterRecord, type TopicDraft, type TopicRecord } from './topic.js';
import { chapterToProto, topicToProto } from './topic.mapper.js';
import type { TopicRepository } from './topic.repository.js';

const topicSaved = (topic: TopicRecord) => ({
  topic: Topics.topicSaved,
  key: topic.id,
  type: 'yanxiu.catalog.v1.TopicSaved',
  payload: catalogEntities.TopicSaved.encode({ topic: topicToProto(topic) }).finish(),
});

const chapterSaved = (chapter: ChapterRecord) => ({
  topic: Topics.chapterSaved,
  key: chapter.id,
  type: 'yanxiu.catalog.v1.ChapterSaved',
  payload: catalogEntities.ChapterSaved.encode({ chapter: chapterToProto(chapter) }).finish(),
});

const stale = (what: string, id: string, current: number, expected: number) =>
  new CatalogError('revision_conflict', `${what} ${id} is at revision ${current}, not ${expected}: reload it and edit again`);

/** 专题: created and edited by province experts, every change evented. */
export class SaveTopicUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly topics: TopicRepository,
  ) {}

  async create(principal: Principal, input: TopicDraft): Promise<TopicRecord> {
    assertCatalogEditor(principal);
    return this.dataSource.transaction(async (manager) => {
      const draft = await this.checked(manager, input);
      const topic: TopicRecord = { ...draft, id: randomUUID(), revision: 1, updatedAt: new Date(), updatedBy: principal.username };
      await this.topics.insertTopic(manager, topic);
      await publish(manager, [topicSaved(topic)]);
      return topic;
    });
  }

  async update(principal: Principal, command: { id: string; expectedRevision: number; draft: TopicDraft }): Promise<TopicRecord> {
    assertCatalogEditor(principal);
    return this.dataSource.transaction(async (manager) => {
      const current = await this.topics.findTopic(manager, command.id);
      if (!current) throw new CatalogError('topic_not_found', `topic ${command.id} not found`);
      if (current.revision !== command.expectedRevision) throw stale('topic', command.id, current.revision, command.expectedRevision);
      const draft = await this.checked(manager, command.draft);
      const topic: TopicRecord = { ...draft, id: current.id, revision: current.revision + 1, updatedAt: new Date(), updatedBy: principal.username };
      if (!(await this.topics.updateTopic(manager, topic))) throw stale('topic', command.id, current.revision, command.expectedRevision);
      await publish(manager, [topicSaved(topic)]);
      return topic;
    });
  }

  private async checked(manager: EntityManager, input: TopicDraft): Promise<TopicDraft> {
    const { draft, problems } = normaliseTopicDraft(input);
    if (draft.chapterId && !(await this.topics.findChapter(manager, draft.chapterId))) problems.push(`chapterId ${draft.chapterId} is not a known chapter`);
    if (problems.length > 0) throw new CatalogError('invalid_argument', problems.join('; '));
    return draft;
  }
}

/** 篇: created and edited by province experts, every change evented. */
export class SaveChapterUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly topics: TopicRepository,
  ) {}

  async create(principal: Principal, input: ChapterDraft): Promise<ChapterRecord> {
    assertCatalogEditor(principal);
    const draft = checkedChapter(input);
    return this.dataSource.transaction(async (manager) => {
      const chapter: ChapterRecord = { ...draft, id: randomUUID(), revision: 1, updatedAt: new Date(), updatedBy: principal.username };
      await this.topics.insertChapter(manager, chapter);
      await publish(manager, [chapterSaved(chapter)]);
      return chapter;
    });
  }

  async update(principal: Principal, command: { id: string; expectedRevision: number; draft: ChapterDraft }): Promise<ChapterRecord> {
    assertCatalogEditor(principal);
    const draft = checkedChapter(command.draft);
    return this.dataSource.transaction(async (manager) => {
      const current = await this.topics.findChapter(manager, command.id);
      if (!current) throw new CatalogError('chapter_not_found', `chapter ${command.id} not found`);
      if (current.revision !== command.expectedRevision) throw stale('chapter', command.id, current.revision, command.expectedRevision);
      const chapter: ChapterRecord = { ...draft, id: current.id, revision: current.revision + 1, updatedAt: new Date(), updatedBy: principal.username };
      if (!(await this.topics.updateChapter(manager, chapter))) throw stale('chapter', command.id, current.revision, command.expectedRevision);
      await publish(manager, [chapterSaved(chapter)]);
      return chapter;
    });
  }
}

function checkedChapter(input: ChapterDraft): ChapterDraft {
  const { draft, problems } = normaliseChapterDraft(input);
  if (problems.length > 0) throw new CatalogError('invalid_argument', problems.join('; '));
  return draft;
}
