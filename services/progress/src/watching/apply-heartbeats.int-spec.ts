import { randomUUID } from 'node:crypto';
import type { TestDatabase } from '@yanxiu/database';
import type { StreamRecord } from '@yanxiu/messaging';
import type { DataSource } from 'typeorm';
import { heartbeatRecord, playback, progressDatabase, watching, watchPolicy } from '../testing.spec-helper.js';
import { ApplyHeartbeatsUseCase } from './apply-heartbeats.use-case.js';
import { decodeWatchState, watchedSeconds } from './watch-state.js';
import { WatchStateRepository } from './watch-state.repository.js';

const DAY = '2026-07-15';
// 2026-07-15 09:00 in Shanghai, when `watching` starts playing
const NINE = Date.UTC(2026, 6, 15, 1);
const WINDOW = { from: DAY, to: DAY };

describe('applying heartbeat flushes on the real database', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let sut: ApplyHeartbeatsUseCase;
  const repo = new WatchStateRepository();
  const watched = async (teacherId: string, courseId: string) => {
    const rows: Array<{ state: string }> = await dataSource.query('SELECT state FROM watch_states WHERE teacher_id = ? AND course_id = ?', [teacherId, courseId]);
    return rows[0] ? watchedSeconds(decodeWatchState(rows[0].state), WINDOW) : 0;
  };

  beforeAll(async () => {
    ({ db, dataSource } = await progressDatabase());
    sut = new ApplyHeartbeatsUseCase(dataSource, repo, watchPolicy);
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('merges many teachers in one transaction; a redelivered flush writes nothing and changes nothing', async () => {
    const teachers = Array.from({ length: 50 }, () => randomUUID());
    const flush = teachers.flatMap((t) => [watching(t, 'c1', 0, 600, DAY), watching(t, 'c2', 0, 300, DAY)]);
    await expect(sut.execute(flush)).resolves.toEqual({ rejected: [] });
    const before: Array<{ updated_at: Date }> = await dataSource.query('SELECT updated_at FROM watch_states ORDER BY teacher_id, course_id');
    await sut.execute([...flush].reverse());
    expect(await dataSource.query('SELECT updated_at FROM watch_states ORDER BY teacher_id, course_id')).toEqual(before);
    for (const t of teachers.slice(0, 3)) {
      expect(await watched(t, 'c1')).toBe(600);
      expect(await watched(t, 'c2')).toBe(300);
    }
  });

  it('adds a late offline batch and re-watching to what is there, counting each second once', async () => {
    const t = randomUUID();
    await sut.execute([watching(t, 'c3', 0, 300, DAY)]);
    // later: the same minutes again, plus the next ones from an offline backlog received hours later
    await sut.execute([heartbeatRecord(t, playback('c3', 0, 600, NINE + 1800_000), NINE + 6 * 3600_000)]);
    expect(await watched(t, 'c3')).toBe(600);
  });

  it('parks what is not a heartbeat and applies the rest', async () => {
    const t = randomUUID();
    const garbage: StreamRecord = { ...heartbeatRecord(t, [], NINE), value: Buffer.from([0xff, 0xff, 0xff]) };
    const wrongKey: StreamRecord = { ...watching(t, 'c4', 0, 60, DAY), key: 'someone-else' };
    const { rejected } = await sut.execute([garbage, wrongKey, watching(t, 'c4', 0, 90, DAY)]);
    expect(rejected.map((r) => r.reason)).toEqual([expect.stringMatching(/^not a HeartbeatReceived/), expect.stringMatching(/is not the teacher id/)]);
    expect(await watched(t, 'c4')).toBe(90);
  });

  it('reads states by primary-key ranges, not a scan', async () => {
    const plan: Array<{ type: string; key: string | null }> = await dataSource.query(
      'EXPLAIN SELECT teacher_id, course_id, state FROM watch_states WHERE (teacher_id, course_id) IN ((?, ?), (?, ?))',
      [randomUUID(), 'c1', randomUUID(), 'c2'],
    );
    expect(plan[0]).toMatchObject({ type: 'range', key: 'PRIMARY' });
  });
});
