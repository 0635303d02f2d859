import { randomUUID } from 'node:crypto';
import { heartbeat } from '@yanxiu/contracts';
import { createDataSource, createTestDatabase, runMigrations, type TestDatabase } from '@yanxiu/database';
import type { StreamRecord } from '@yanxiu/messaging';
import type { DataSource } from 'typeorm';
import { progressMigrations } from '../progress.data-source.js';
import { ApplyHeartbeatsUseCase } from './apply-heartbeats.use-case.js';
import type { WatchPolicy } from './watch-credit.js';
import { decodeWatchState, watchedSeconds } from './watch-state.js';
import { WatchStateRepository } from './watch-state.repository.js';

const policy: WatchPolicy = { maxSegmentSeconds: 300, maxClockSkewSeconds: 120, maxOfflineDays: 30 };
// 2026-07-15 09:00 in Shanghai
const NINE = Date.UTC(2026, 6, 15, 1);
const WINDOW = { from: '2026-07-15', to: '2026-07-15' };
let offset = 0;

function record(teacherId: string, segments: heartbeat.WatchSegment[], receivedAtMs = NINE + 3600_000): StreamRecord {
  offset += 1;
  return { topic: 'progress.heartbeat.received.v1', partition: 0, offset: String(offset), key: teacherId, value: Buffer.from(heartbeat.HeartbeatReceived.encode({ teacherId, receivedAtMs, segments }).finish()), headers: {} };
}
/** Normal playback of `from`..`to` seconds of one video, one segment per 30 s. */
const watching = (courseId: string, from: number, to: number, startMs = NINE): heartbeat.WatchSegment[] =>
  Array.from({ length: Math.ceil((to - from) / 30) }, (_, i) => ({
    courseId,
    mediaId: 'm1',
    sessionId: 's1',
    startPosition: from + i * 30,
    endPosition: Math.min(to, from + (i + 1) * 30),
    clientTimeMs: startMs + (i + 1) * 30_000,
    playbackRate: 1,
  }));

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
    db = await createTestDatabase('progress');
    dataSource = await createDataSource({ ...db.options, migrations: progressMigrations }).initialize();
    await runMigrations(dataSource);
    sut = new ApplyHeartbeatsUseCase(dataSource, repo, policy);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('merges many teachers in one transaction; a redelivered flush writes nothing and changes nothing', async () => {
    const teachers = Array.from({ length: 50 }, () => randomUUID());
    const flush = teachers.flatMap((t) => [record(t, watching('c1', 0, 600)), record(t, watching('c2', 0, 300))]);
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
    await sut.execute([record(t, watching('c3', 0, 300))]);
    // later: the same minutes again, plus the next ones from an offline backlog received hours later
    await sut.execute([record(t, watching('c3', 0, 600, NINE + 1800_000), NINE + 6 * 3600_000)]);
    expect(await watched(t, 'c3')).toBe(600);
  });

  it('parks what is not a heartbeat and applies the rest', async () => {
    const t = randomUUID();
    const garbage: StreamRecord = { ...record(t, []), value: Buffer.from([0xff, 0xff, 0xff]) };
    const wrongKey: StreamRecord = { ...record(t, watching('c4', 0, 60)), key: 'someone-else' };
    const { rejected } = await sut.execute([garbage, wrongKey, record(t, watching('c4', 0, 90))]);
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
