// F of the progress bench: the least any Node heartbeat ingest does here — bare Fastify, POST
// /api/v1/heartbeats, the gateway's own body check and protobuf, and the gateway's BatchingProducer
// waiting for Kafka's acks before the 202 — without what the gateway must also do (token check,
// Nest, rate limit, metrics, tracing). F / B bounds P2 from above on this machine.
import Fastify from 'fastify';
import pino from 'pino';
import { heartbeat } from '../../libs/contracts/dist/index.js';
import { BatchingProducer, createKafka } from '../../libs/messaging/dist/index.js';
import { parseHeartbeatBody } from '../../services/gateway/dist/heartbeats/heartbeat-body.js';

const logger = pino({ level: 'warn' });
const producer = new BatchingProducer({ kafka: createKafka({ brokers: process.env.KAFKA_BROKERS.split(','), clientId: 'bench-ingest-floor' }), logger, topic: process.env.HEARTBEAT_TOPIC, producer: 'bench-floor' });
await producer.start();
const app = Fastify({ logger: false });
app.post('/api/v1/heartbeats', async (request, reply) => {
  // The bench's tokens are real; the floor takes the teacher from the bench's header instead of verifying them.
  const teacherId = request.headers['x-bench-teacher'];
  const parsed = parseHeartbeatBody(request.body);
  if (!parsed.ok) return reply.code(400).send(parsed.problems);
  const payload = heartbeat.HeartbeatReceived.encode({ teacherId, receivedAtMs: Date.now(), segments: parsed.segments }).finish();
  await producer.send({ key: teacherId, type: 'yanxiu.progress.v1.HeartbeatReceived', version: 1, subject: teacherId, payload });
  return reply.code(202).send({ accepted: parsed.segments.length });
});
app.get('/health/live', () => 'ok');
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
