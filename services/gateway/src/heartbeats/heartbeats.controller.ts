import { BadRequestException, Body, Controller, ForbiddenException, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@yanxiu/auth';
import { parseHeartbeatBody } from './heartbeat-body.js';
import { HeartbeatAcceptedView, HeartbeatBatchDoc } from './heartbeat.dto.js';
import { HeartbeatPublisher } from './heartbeat.publisher.js';

/** The player's progress heartbeats: the hottest route of the summer weeks. The token is checked locally (AuthGuard), never by Keycloak. */
@ApiTags('progress')
@ApiBearerAuth()
@Controller('heartbeats')
export class HeartbeatsController {
  constructor(private readonly publisher: HeartbeatPublisher) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Report watched segments',
    description:
      '202 means the segments are durably stored (acknowledged by every in-sync Kafka replica) and will be counted; 503 means they were not: keep them and resend. Resending, duplicates and any order are harmless.',
  })
  @ApiBody({ type: HeartbeatBatchDoc })
  @ApiResponse({ status: 202, type: HeartbeatAcceptedView })
  async report(@Body() body: unknown, @CurrentPrincipal() principal: Principal): Promise<HeartbeatAcceptedView> {
    const receivedAtMs = Date.now();
    if (!principal.teacherId) throw new ForbiddenException('not_a_teacher: the token carries no teacher_id; only teachers with an account report watching');
    const parsed = parseHeartbeatBody(body);
    if (!parsed.ok) throw new BadRequestException(parsed.problems);
    await this.publisher.publish(principal.teacherId, parsed.segments, receivedAtMs);
    return { accepted: parsed.segments.length };
  }
}
