import { ApiProperty } from '@nestjs/swagger';
import { MAX_PLAYBACK_RATE, MAX_SEGMENTS_PER_BATCH } from './heartbeat-body.js';

/** Documentation only: the body is checked by parseHeartbeatBody (cheaper than class-validator on this route). */
export class WatchSegmentDoc {
  @ApiProperty({ example: '2b7e…', description: 'The course being watched' }) courseId!: string;
  @ApiProperty({ example: 'lesson-1', description: 'The video (or other medium) within the course' }) mediaId!: string;
  @ApiProperty({ example: 'f3c2…', description: 'One per player instance (tab, device)' }) sessionId!: string;
  @ApiProperty({ example: 120, description: 'Media position (seconds) where this stretch of continuous playback began' }) startPosition!: number;
  @ApiProperty({ example: 150, description: 'Media position (seconds) where it ended; a seek starts a new segment' }) endPosition!: number;
  @ApiProperty({ example: 1784077230000, description: 'The client clock (epoch ms) when the player reached endPosition' }) clientTime!: number;
  @ApiProperty({ example: 1, maximum: MAX_PLAYBACK_RATE, description: 'Playback speed; faster than 1 earns only the wall-clock time spent' }) playbackRate!: number;
}

export class HeartbeatBatchDoc {
  @ApiProperty({ type: [WatchSegmentDoc], minItems: 1, maxItems: MAX_SEGMENTS_PER_BATCH, description: 'Online players send one every ~30 s; offline players their backlog' })
  segments!: WatchSegmentDoc[];
}

export class HeartbeatAcceptedView {
  @ApiProperty({ example: 1, description: 'Segments now durably in the heartbeat stream' }) accepted!: number;
}
