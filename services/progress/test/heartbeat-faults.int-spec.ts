import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { heartbeat, progressEvents, Topics } from '@yanxiu/contracts';
import type { TestDatabase } from '@yanxiu/database';
import { BatchingProducer, createKafka, deadLetterTopic, ensureTopics } from '@yanxiu/messaging';
import { createLogger } from '@yanxiu/observability';
import type { Kafka } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { courseCompletion, projectQualification } from '../src/completion/completion-rules.js';
import { progressDatabase, watchPolicy } from '../src/testing.spec-helper.js';
import { creditOf, shanghaiDay } from '../src/watching/watch-credit.js';
import { decodeWatchState, emptyWatchState, encodeWatchState, projectWatchedSeconds, watchedSeconds, withCredits, type WatchState } from '../src/watching/watch-state.js';

/**
 * The acceptance fault test: a steady heartbeat stream from simulated players while the progress
 * consumer is SIGKILLed mid-stream (twice) and the Kafka broker itself is restarted. Afterwards every
 * teacher's watch state, completions and credits must equal a reference computation over exactly the
 * heartbeats Kafka acknowledged — nothing lost, nothing doubled. Players treat a failed send like a
 * 503: they keep the segments and send them again.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const silent = createLogger('progress-fault-test', 'silent');
const TEACHERS = 24;
const COURSES = { a: { id: 'course-a', required: 240 }, b: { id: 'course-b', required: 180 } };

/** A deterministic pseudo-random stream, so a failure can be replayed. */
function prng(seed: number) {
  let x = seed || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

interface Sent {
  teacherId: string;
  receivedAtMs: number;
  segments: heartbeat.WatchSegment[];
}

/**
 * One teacher's player: 30 s segments of normal playback on a virtual clock that started three hours ago,
 * with the messy parts of real players: re-sent segments, 2x playback, seeks, a second device playing
 * the other course at the same time, and offline backlogs of several segments in one batch.
 */
function player(teacherId: string, random: () => number, startWall: number) {
  let wall = startWall;
  const position = { [COURSES.a.id]: 0, [COURSES.b.id]: 0 };
  const history: heartbeat.WatchSegment[] = [];
  const segment = (courseId: string, rate: number, sessionId = 'laptop'): heartbeat.WatchSegment => {
    const start = position[courseId]!;
    const jump = random() < 0.05 ? 120 : 0; // a seek ahead
    position[courseId] = start + jump + 30 * rate;
    wall += 30;
    const s = { courseId, mediaId: 'video-1', sessionId, startPosition: start + jump, endPosition: start + jump + 30 * rate, clientTimeMs: wall * 1000 + Math.floor(random() * 400), playbackRate: rate };
    history.push(s);
    return s;
  };
  return (): heartbeat.WatchSegment[] => {
    const courseId = random() < 0.6 ? COURSES.a.id : COURSES.b.id;
    const roll = random();
    if (roll < 0.1 && history.length > 0) return [history[Math.floor(random() * history.length)]!]; // re-sent
    if (roll < 0.2) return [segment(courseId, 2)];
    if (roll < 0.3) {
      // a phone plays the other course during the same 30 s
      const main = segment(courseId, 1);
      const other = courseId === COURSES.a.id ? COURSES.b.id : COURSES.a.id;
      const phone = { ...main, courseId: other, sessionId: 'phone', startPosition: position[other]!, endPosition: position[other]! + 30 };
      position[other] = position[other]! + 30;
      return [main, phone];
    }
    if (roll < 0.38) return Array.from({ length: 4 }, () => segment(courseId, 1)); // offline backlog
    return [segment(courseId, 1)];
  };
}

/** Exits of consumer processes the test did not cause (there must be none). */
const unexpectedExits: string[] = [];
const stopped = new WeakSet<ChildProcess>();

/** Starts consumer.main and waits until it serves /health/live, i.e. its consumers and relay are started. */
async function startConsumer(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['services/progress/dist/consumer.main.js'], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  child.once('exit', (code, signal) => {
    if (!stopped.has(child)) unexpectedExits.push(`consumer exited with ${code ?? signal}`);
  });
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`consumer exited with ${child.exitCode} while starting`);
    const live = await fetch(`http://127.0.0.1:${env.HTTP_PORT}/health/live`).then((r) => r.ok, () => false);
    if (live) return child;
    if (Date.now() > deadline) throw new Error('consumer not live within 90 s');
    await sleep(250);
  }
}

async function kill(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  stopped.add(child);
  child.kill(signal);
  await exited;
}

/** The pid of the stack's broker, to prove a restart replaced it. */
function kafkaPid(): string {
  const state = process.env.YANXIU_STATE ?? path.join(os.homedir(), '.local/state/yanxiu');
  return fs.readFileSync(path.join(state, 'run/kafka.pid'), 'utf8').trim();
}

function restartKafka(): Promise<void> {
  return new Promise((resolve, reject) => {
    const stack = spawn('bash', ['deploy/local/stack', 'restart', 'kafka'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    stack.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`deploy/local/stack restart kafka exited with ${code}`))));
  });
}

describe('heartbeats through a consumer crash and a broker restart', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let kafka: Kafka;

  beforeAll(async () => {
    ({ db, dataSource } = await progressDatabase());
    kafka = createKafka({ brokers: (process.env.KAFKA_BROKERS ?? '').split(','), clientId: `progress-fault-${randomBytes(3).toString('hex')}` });
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('ends with exactly the watch states, completions and credits the acknowledged heartbeats give', async () => {
    const run = randomBytes(4).toString('hex');
    const topic = `test.progress-heartbeats-${run}.v1`;
    await ensureTopics(kafka, [
      { topic, numPartitions: 6 },
      { topic: deadLetterTopic(topic), numPartitions: 1 },
    ]);

    // What counts: one project around today, two courses for every teacher, with thresholds.
    const now = Date.now();
    const today = shanghaiDay(Math.floor(now / 1000));
    const window = { from: shanghaiDay(Math.floor(now / 1000) - 2 * 86_400), to: today };
    const projectId = randomUUID();
    const teachers = Array.from({ length: TEACHERS }, () => randomUUID());
    await dataSource.query(
      'INSERT INTO projects (project_id, year, name, required_hours, study_start, study_end, credit_deadline, version) VALUES (?, ?, ?, 36, ?, ?, ?, 1)',
      [projectId, Number(today.slice(0, 4)), 'fault test project', window.from, window.to, '2099-12-31'],
    );
    for (const course of Object.values(COURSES)) {
      await dataSource.query("INSERT INTO course_rules (course_id, required_watch_seconds, assignment_required, version, updated_by, updated_at) VALUES (?, ?, 0, 1, 'test', NOW(3))", [
        course.id,
        course.required,
      ]);
      for (const t of teachers) await dataSource.query('INSERT INTO counted_courses (teacher_id, project_id, course_id, title, hours) VALUES (?, ?, ?, ?, 18)', [t, projectId, course.id, course.id]);
    }
    // Enrolled as trainees: qualification follows the role's standard (the default: the courses).
    for (const t of teachers) {
      await dataSource.query("INSERT INTO participants (enrollment_id, project_id, teacher_id, org_path, role, enrolled, version) VALUES (?, ?, ?, '/37/3701/370102/S0001', 'trainee', 1, 1)", [randomUUID(), projectId, t]);
    }

    const groupId = `fault-${run}`;
    const consumerEnv = {
      DB_NAME: db.options.database,
      KAFKA_CLIENT_ID: `progress-fault-${run}`,
      KAFKA_GROUP_ID: groupId,
      HEARTBEAT_TOPIC: topic,
      HEARTBEAT_FLUSH_LINGER_MS: '50',
      HEARTBEAT_FETCH_MIN_BYTES: '1',
      HEARTBEAT_FETCH_MAX_WAIT_MS: '100',
      KAFKA_SESSION_TIMEOUT_MS: '6000',
      HTTP_PORT: String(30_000 + Math.floor(Math.random() * 20_000)),
      LOG_LEVEL: 'error',
    };
    let consumer = await startConsumer(consumerEnv);

    // The steady stream: every second each player reports with its own likelihood (some teachers watch a
    // lot, some little, so some qualify and some do not), on its own fast virtual clock in the past.
    const producer = new BatchingProducer({ kafka, logger: silent, topic, producer: 'fault-test', requestTimeoutMs: 3000 });
    await producer.start();
    const accepted: Sent[] = [];
    let streaming = true;
    const players = teachers.map(async (teacherId, i) => {
      const random = prng(i + 1);
      const keen = 0.05 + (0.85 * i) / (TEACHERS - 1);
      const next = player(teacherId, random, Math.floor(now / 1000) - 3 * 3600);
      let pending: heartbeat.WatchSegment[] = [];
      while (streaming || pending.length > 0) {
        if (streaming && random() < keen) pending = [...pending, ...next()];
        if (pending.length === 0) {
          await sleep(1000);
          continue;
        }
        const batch: Sent = { teacherId, receivedAtMs: Date.now(), segments: pending };
        try {
          await producer.send({ key: teacherId, type: 'yanxiu.progress.v1.HeartbeatReceived', version: 1, subject: teacherId, payload: heartbeat.HeartbeatReceived.encode(batch).finish() });
          accepted.push(batch);
          pending = [];
        } catch {
          // a 503: the player keeps its segments and sends them with the next ones
        }
        await sleep(800 + random() * 400);
      }
    });

    const applied = async () => Number((await dataSource.query<Array<{ n: string }>>('SELECT COUNT(*) AS n FROM watch_states'))[0]?.n);
    const until = async (what: string, probe: () => Promise<boolean>, timeoutMs: number) => {
      const deadline = Date.now() + timeoutMs;
      while (!(await probe())) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await sleep(200);
      }
    };
    await until('the consumer to apply heartbeats', async () => (await applied()) > 0, 60_000);
    // SIGKILL mid-stream, twice, each time restarted at once (the group hands its partitions over after 6 s).
    for (const pause of [1500, 2500]) {
      await sleep(pause);
      await kill(consumer, 'SIGKILL');
      consumer = await startConsumer(consumerEnv);
    }
    const acceptedBeforeBroker = accepted.length;
    const brokerBefore = kafkaPid();
    await restartKafka();
    const brokerAfter = kafkaPid();
    await sleep(4000);
    streaming = false;
    await Promise.all(players);
    await producer.stop();

    // The reference: exactly the acknowledged heartbeats, folded by the pure rules.
    const reference = new Map<string, WatchState>();
    for (const { teacherId, receivedAtMs, segments } of accepted) {
      for (const segment of segments) {
        // watchPolicy = the consumer's defaults (progress.config.ts): the reference judges segments as it does.
        const outcome = creditOf({ ...segment, clientTime: segment.clientTimeMs }, receivedAtMs, watchPolicy);
        if (!outcome.ok) continue;
        const key = `${teacherId}/${outcome.credit.courseId}`;
        reference.set(key, withCredits(reference.get(key) ?? emptyWatchState(), [outcome.credit]).state);
      }
    }
    const stored = async () => {
      const rows = await dataSource.query<Array<{ teacher_id: string; course_id: string; state: string }>>('SELECT teacher_id, course_id, state FROM watch_states');
      return new Map(rows.map((r) => [`${r.teacher_id}/${r.course_id}`, encodeWatchState(decodeWatchState(r.state))]));
    };
    const expected = new Map([...reference].map(([key, state]) => [key, encodeWatchState(state)]));
    try {
      await until('the stored states to match the reference', async () => JSON.stringify([...(await stored())].sort()) === JSON.stringify([...expected].sort()), 120_000);
    } finally {
      await kill(consumer, 'SIGTERM');
    }
    expect(unexpectedExits).toEqual([]);
    expect(accepted.length).toBeGreaterThan(acceptedBeforeBroker);
    // The broker really restarted mid-stream (whether any send failed depends on how fast it came back).
    expect(brokerAfter).not.toEqual(brokerBefore);

    // Completions and credits: what the reference states say, each exactly once.
    const qualified = new Set<string>();
    const completed = new Set<string>();
    for (const teacherId of teachers) {
      const states = Object.values(COURSES).map((c) => reference.get(`${teacherId}/${c.id}`) ?? emptyWatchState());
      const complete = Object.values(COURSES).map((c, i) => {
        const done = courseCompletion({ requiredWatchSeconds: c.required, quizIds: [], assignmentRequired: false }, { watchedSeconds: watchedSeconds(states[i]!, window), passedQuizIds: new Set(), assignmentAccepted: false }).complete;
        if (done) completed.add(`${teacherId}/${c.id}`);
        return { courseId: c.id, complete: done, requiredWatchSeconds: c.required };
      });
      if (projectQualification(complete, projectWatchedSeconds(states, window)).qualified) qualified.add(teacherId);
    }
    const events = async (eventTopic: string) => dataSource.query<Array<{ payload: Buffer }>>('SELECT payload FROM outbox WHERE topic = ?', [eventTopic]);
    const completions = (await events(Topics.courseCompleted)).map((r) => progressEvents.CourseCompleted.decode(r.payload));
    expect(completions.map((c) => `${c.teacherId}/${c.courseId}`).sort()).toEqual([...completed].sort());
    const credits = await dataSource.query<Array<{ teacher_id: string; hours: string }>>("SELECT teacher_id, hours FROM credit_records WHERE source = 'project' AND source_key = ?", [projectId]);
    expect(credits.map((c) => c.teacher_id).sort()).toEqual([...qualified].sort());
    expect(credits.every((c) => Number(c.hours) === 36)).toBe(true);
    const registered = (await events(Topics.creditRegistered)).map((r) => progressEvents.CreditRegistered.decode(r.payload).credit?.teacherId);
    expect(registered.sort()).toEqual([...qualified].sort());
    // Not a trivial run: some teachers qualified and some did not.
    expect(qualified.size).toBeGreaterThan(0);
    expect(qualified.size).toBeLessThan(TEACHERS);
  }, 420_000);
});
