import type { Principal } from '@yanxiu/auth';
import type { progress } from '@yanxiu/contracts';
import type { DataSource } from 'typeorm';
import { ownTeacherId } from '../access.js';
import { ProgressError } from '../progress.error.js';
import { sqlOf } from '../sql.js';
import { watchKey } from './heartbeat-decoding.js';
import { ALL_DAYS, emptyWatchState, mediaWatched, watchedSeconds } from './watch-state.js';
import type { WatchStateRepository } from './watch-state.repository.js';

const COURSE_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** What the teacher watched of a course on any day: the player's progress bar and resume point. */
export class GetMyWatchingUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly states: WatchStateRepository,
  ) {}

  async execute(principal: Principal, courseId: string): Promise<progress.GetMyWatchingResponse> {
    const teacherId = ownTeacherId(principal);
    if (!COURSE_ID.test(courseId)) throw new ProgressError('invalid_argument', 'course_id: 1-64 letters, digits or . _ : -');
    const key = { teacherId, courseId };
    const state = (await this.states.load(sqlOf(this.dataSource.manager), [key])).get(watchKey(key)) ?? emptyWatchState();
    return {
      courseId,
      media: [...mediaWatched(state, ALL_DAYS)]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([mediaId, intervals]) => ({ mediaId, intervals: intervals.map(([start, end]) => ({ start, end })) })),
      watchedSeconds: watchedSeconds(state, ALL_DAYS),
    };
  }
}
