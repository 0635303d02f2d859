import { Controller, UseFilters } from '@nestjs/common';
import { GrpcMethod, Payload } from '@nestjs/microservices';
import { CurrentPrincipal, type Principal } from '@yanxiu/auth';
import type { catalog } from '@yanxiu/contracts';
import { CatalogErrorFilter } from '../catalog-error.filter.js';
import { CatalogError } from '../catalog.error.js';
import { ListTopicsUseCase } from './list-topics.use-case.js';
import { SaveChapterUseCase, SaveTopicUseCase } from './save-topic.use-case.js';
import type { ChapterDraft, TopicDraft } from './topic.js';
import { chapterToProto, topicToProto } from './topic.mapper.js';

const SERVICE = 'CatalogService';

const topicDraft = (d: catalog.TopicDraft | undefined): TopicDraft => {
  if (!d) throw new CatalogError('invalid_argument', 'draft is required');
  return { name: d.name, description: d.description, chapterId: d.chapterId || null };
};
const chapterDraft = (d: catalog.ChapterDraft | undefined): ChapterDraft => {
  if (!d) throw new CatalogError('invalid_argument', 'draft is required');
  return { name: d.name, description: d.description, position: d.position };
};

/** Topics (专题) and chapters (篇) over gRPC. */
@Controller()
@UseFilters(CatalogErrorFilter)
export class TopicGrpcController {
  constructor(
    private readonly saveTopicUseCase: SaveTopicUseCase,
    private readonly saveChapterUseCase: SaveChapterUseCase,
    private readonly listTopicsUseCase: ListTopicsUseCase,
  ) {}

  @GrpcMethod(SERVICE, 'CreateTopic')
  async createTopic(@Payload() request: catalog.CreateTopicRequest, @CurrentPrincipal() principal: Principal): Promise<catalog.CreateTopicResponse> {
    return { topic: topicToProto(await this.saveTopicUseCase.create(principal, topicDraft(request.draft))) };
  }

  @GrpcMethod(SERVICE, 'UpdateTopic')
  async updateTopic(@Payload() request: catalog.UpdateTopicRequest, @CurrentPrincipal() principal: Principal): Promise<catalog.UpdateTopicResponse> {
    const topic = await this.saveTopicUseCase.update(principal, { id: request.id, expectedRevision: request.expectedRevision, draft: topicDraft(request.draft) });
    return { topic: topicToProto(topic) };
  }

  @GrpcMethod(SERVICE, 'ListTopics')
  async listTopics(@Payload() request: catalog.ListTopicsRequest): Promise<catalog.ListTopicsResponse> {
    return { topics: (await this.listTopicsUseCase.topicsOf(request.chapterId || null)).map(topicToProto) };
  }

  @GrpcMethod(SERVICE, 'CreateChapter')
  async createChapter(@Payload() request: catalog.CreateChapterRequest, @CurrentPrincipal() principal: Principal): Promise<catalog.CreateChapterResponse> {
    return { chapter: chapterToProto(await this.saveChapterUseCase.create(principal, chapterDraft(request.draft))) };
  }

  @GrpcMethod(SERVICE, 'UpdateChapter')
  async updateChapter(@Payload() request: catalog.UpdateChapterRequest, @CurrentPrincipal() principal: Principal): Promise<catalog.UpdateChapterResponse> {
    const chapter = await this.saveChapterUseCase.update(principal, { id: request.id, expectedRevision: request.expectedRevision, draft: chapterDraft(request.draft) });
    return { chapter: chapterToProto(chapter) };
  }

  @GrpcMethod(SERVICE, 'ListChapters')
  async listChapters(): Promise<catalog.ListChaptersResponse> {
    return { chapters: (await this.listTopicsUseCase.chapters()).map(chapterToProto) };
  }
}
