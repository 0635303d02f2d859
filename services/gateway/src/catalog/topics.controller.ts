import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@yanxiu/auth';
import { ServiceClients } from '../grpc/service-clients.js';
import { ChapterBody, ChapterView, TopicBody, TopicsQuery, TopicView, UpdateChapterBody, UpdateTopicBody } from './catalog.dto.js';
import { chapterDraft, chapterView, topicDraft, topicView } from './catalog.mapper.js';

/** Topics (专题) and chapters (篇) of the catalog. */
@ApiTags('catalog')
@ApiBearerAuth()
@Controller()
export class TopicsController {
  constructor(private readonly services: ServiceClients) {}

  @Post('topics')
  @ApiOperation({ summary: 'Add a topic (专题)' })
  @ApiResponse({ status: 201, type: TopicView })
  async createTopic(@Body() body: TopicBody, @CurrentPrincipal() principal: Principal): Promise<TopicView> {
    return topicView((await this.services.catalog(principal).createTopic({ draft: topicDraft(body) })).topic);
  }

  @Put('topics/:id')
  @ApiResponse({ status: 200, type: TopicView })
  async updateTopic(@Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateTopicBody, @CurrentPrincipal() principal: Principal): Promise<TopicView> {
    return topicView((await this.services.catalog(principal).updateTopic({ id, expectedRevision: body.expectedRevision, draft: topicDraft(body) })).topic);
  }

  @Get('topics')
  @ApiResponse({ status: 200, type: [TopicView] })
  async listTopics(@Query() query: TopicsQuery, @CurrentPrincipal() principal: Principal): Promise<TopicView[]> {
    return (await this.services.catalog(principal).listTopics({ chapterId: query.chapterId ?? '' })).topics.map(topicView);
  }

  @Post('chapters')
  @ApiOperation({ summary: 'Add a chapter (篇), e.g. 理念篇' })
  @ApiResponse({ status: 201, type: ChapterView })
  async createChapter(@Body() body: ChapterBody, @CurrentPrincipal() principal: Principal): Promise<ChapterView> {
    return chapterView((await this.services.catalog(principal).createChapter({ draft: chapterDraft(body) })).chapter);
  }

  @Put('chapters/:id')
  @ApiResponse({ status: 200, type: ChapterView })
  async updateChapter(@Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateChapterBody, @CurrentPrincipal() principal: Principal): Promise<ChapterView> {
    return chapterView((await this.services.catalog(principal).updateChapter({ id, expectedRevision: body.expectedRevision, draft: chapterDraft(body) })).chapter);
  }

  @Get('chapters')
  @ApiResponse({ status: 200, type: [ChapterView] })
  async listChapters(@CurrentPrincipal() principal: Principal): Promise<ChapterView[]> {
    return (await this.services.catalog(principal).listChapters({})).chapters.map(chapterView);
  }
}
