import { Body, Controller, Get, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@yanxiu/auth';
import { ServiceClients } from '../grpc/service-clients.js';
import { QuizAttemptBody, QuizAttemptView, QuizBody, QuizView, QuizWithAttemptsView } from './progress.dto.js';
import { quizView } from './progress.mapper.js';

/** Quizzes embedded in courses: written by experts, taken by teachers, scored by progress. */
@ApiTags('progress')
@ApiBearerAuth()
@Controller('progress/quizzes')
export class QuizzesController {
  constructor(private readonly services: ServiceClients) {}

  @Put(':quizId')
  @ApiOperation({ summary: 'Create or replace a quiz (course experts, province admins)' })
  @ApiResponse({ status: 200, type: QuizView })
  async save(@Param('quizId') quizId: string, @Body() body: QuizBody, @CurrentPrincipal() principal: Principal): Promise<QuizView> {
    const { expectedVersion, ...quiz } = body;
    const saved = await this.services.progress(principal).saveQuiz({ expectedVersion, quiz: { ...quiz, id: quizId, version: 0, updatedBy: '', updatedAt: '' } });
    return quizView(saved.quiz);
  }

  @Get(':quizId')
  @ApiOperation({ summary: 'A quiz to take (without the answer key) and your attempts; experts and province admins see the key' })
  @ApiResponse({ status: 200, type: QuizWithAttemptsView })
  async get(@Param('quizId') quizId: string, @CurrentPrincipal() principal: Principal): Promise<QuizWithAttemptsView> {
    const result = await this.services.progress(principal).getQuiz({ quizId });
    return { quiz: quizView(result.quiz), attempts: result.attempts };
  }

  @Post(':quizId/attempts')
  @ApiOperation({ summary: 'Submit answers; scored on the server. 422 when attempts are used up or the quiz is already passed' })
  @ApiResponse({ status: 201, type: QuizAttemptView })
  async attempt(@Param('quizId') quizId: string, @Body() body: QuizAttemptBody, @CurrentPrincipal() principal: Principal): Promise<QuizAttemptView> {
    const { attempt } = await this.services.progress(principal).submitQuizAttempt({ quizId, answers: body.answers });
    if (!attempt) throw new Error('service answered without an attempt');
    return attempt;
  }
}
