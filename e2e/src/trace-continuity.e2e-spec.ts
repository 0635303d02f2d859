import { eventually, seededOrgId } from './fixtures.js';
import { tokenFor } from './keycloak.js';
import { SpanKind, startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from './otlp-receiver.js';
import { startPlatform, type RunningPlatform } from './platform.js';


const attr = (span: ReceivedSpan, ...keys: string[]) => keys.map((k) => span.attributes[k]).find((v) => v !== undefined);
const text = (value: unknown) => (typeof value === 'string' ? value : '');
/** The SQL of a mysql2 span, under the old or the stable semantic conventions. */
const statement = (span: ReceivedSpan) => text(attr(span, 'db.query.text', 'db.statement'));
const isMysql = (span: ReceivedSpan) => attr(span, 'db.system.name', 'db.system') === 'mysql';

const describe_ = (spans: ReceivedSpan[], traceId: string) =>
  spans.map((s) => `${s.traceId === traceId ? '' : '(linked) '}${s.service} ${['?', 'internal', 'server', 'client', 'producer', 'consumer'][s.kind] ?? s.kind} "${s.name}" ${s.spanId}<-${s.parentSpanId || 'root'} ${statement(s).slice(0, 60)}`).join('\n');

describe('trace continuity: one trace from the gateway through gRPC, Kafka and both databases', () => {
  let receiver: OtlpReceiver;
  let platform: RunningPlatform;
  let cityAdmin: string;
  const jinan = seededOrgId('/37/3701');

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    platform = await startPlatform({
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_BSP_SCHEDULE_DELAY: '200',
    });
    cityAdmin = await tokenFor('city-admin');
  });

  afterAll(async () => {
    await platform?.stop();
    await receiver?.close();
  });

  it('joins the gateway request, identity (gRPC + MySQL) and the reporting consumer (MySQL) in one trace', async () => {
    const response = await fetch(`${platform.gateway}/api/v1/orgs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${cityAdmin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ parentId: jinan, code: '370103', name: '市中区', level: 'county' }),
    });
    expect(response.status).toBe(201);
    const county = (await response.json()) as { id: string; path: string };
    expect(county.path).toBe('/37/3701/370103');

    // The gateway's HTTP server span for this POST roots the trace.
    const isThePost = (s: ReceivedSpan) =>
      s.service === 'gateway' &&
      s.kind === SpanKind.SERVER &&
      attr(s, 'http.request.method', 'http.method') === 'POST' &&
      text(attr(s, 'url.path', 'http.target', 'http.route')).startsWith('/api/v1/orgs');
    const root = (await eventually(() => Promise.resolve(receiver.spans.find(isThePost)), (s) => s !== undefined, 30_000))!;
    const traceId = root.traceId;
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(traceId).not.toBe('0'.repeat(32));

    // kafkajs' batch instrumentation starts its per-message "process" spans in a trace of their own
    // (under the "poll" span) and only links them to the producer's context: accept either.
    const inTrace = () => receiver.spans.filter((s) => s.traceId === traceId || s.links.some((link) => link.traceId === traceId));
    const hops = {
      identityGrpcServer: (s: ReceivedSpan) => s.traceId === traceId && s.service === 'identity' && s.kind === SpanKind.SERVER && s.name.includes('IdentityService'),
      identityOrgInsert: (s: ReceivedSpan) => s.traceId === traceId && s.service === 'identity' && isMysql(s) && /INSERT\b.*\borgs\b/is.test(statement(s)),
      identityOutboxInsert: (s: ReceivedSpan) => s.traceId === traceId && s.service === 'identity' && isMysql(s) && /INSERT INTO outbox\b/i.test(statement(s)),
      reportingKafkaProcess: (s: ReceivedSpan) => s.service === 'reporting-consumer' && s.kind === SpanKind.CONSUMER && attr(s, 'messaging.destination.name') === 'identity.org.created.v1',
      reportingProjection: (s: ReceivedSpan) => s.traceId === traceId && s.service === 'reporting-consumer' && isMysql(s) && /INSERT INTO report_orgs\b/i.test(statement(s)),
    };
    const byId = (spans: ReceivedSpan[]) => new Map(spans.filter((s) => s.traceId === traceId).map((s) => [s.spanId, s]));
    /** Whether `ancestor` is on the parent chain of some span matching `child` (so the hop hangs off the one before it). */
    const descends = (spans: ReceivedSpan[], child: (s: ReceivedSpan) => boolean, ancestor: (s: ReceivedSpan) => boolean) => {
      const index = byId(spans);
      return spans.filter(child).some((span) => {
        for (let parent = index.get(span.parentSpanId); parent; parent = index.get(parent.parentSpanId)) if (ancestor(parent)) return true;
        return false;
      });
    };
    const problems = (spans: ReceivedSpan[]) => [
      ...Object.entries(hops).filter(([, matches]) => !spans.some(matches)).map(([hop]) => `no ${hop} span`),
      ...(descends(spans, hops.identityGrpcServer, isThePost) ? [] : ['identity gRPC server span not under the gateway request']),
      ...(descends(spans, hops.identityOrgInsert, hops.identityGrpcServer) ? [] : ['orgs INSERT not under the gRPC server span']),
      ...(descends(spans, hops.identityOutboxInsert, hops.identityGrpcServer) ? [] : ['outbox INSERT not under the gRPC server span']),
      // The consumer continues the context the outbox row stored, captured inside identity's gRPC handling.
      ...(descends(spans, hops.reportingProjection, hops.identityGrpcServer) ? [] : ['reporting projection not under the gRPC server span']),
    ];

    let spans: ReceivedSpan[] = [];
    try {
      spans = await eventually(() => Promise.resolve(inTrace()), (found) => problems(found).length === 0, 30_000);
    } catch {
      spans = inTrace();
      throw new Error(`trace ${traceId}: ${problems(spans).join('; ')}. It holds:\n${describe_(spans, traceId)}`);
    }
    if (process.env.TRACE_DEBUG) console.log(describe_(spans, traceId));
    expect(problems(spans)).toEqual([]);
    // The message the consumer processed carried identity's context, not the relay's.
    const process_ = spans.find(hops.reportingKafkaProcess)!;
    const identitySpanIds = new Set(spans.filter((s) => s.service === 'identity').map((s) => s.spanId));
    expect([process_.parentSpanId, ...process_.links.map((l) => l.spanId)].some((id) => identitySpanIds.has(id))).toBe(true);
    expect(spans.some((s) => s.service === 'identity-relay')).toBe(false);
    expect([...new Set(spans.filter((s) => s.traceId === traceId).map((s) => s.service))]).toEqual(expect.arrayContaining(['gateway', 'identity', 'reporting-consumer']));
  });
});
