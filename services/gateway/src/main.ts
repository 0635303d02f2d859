import { startTracing } from '@yanxiu/observability/tracing';

// Heartbeats: a traced sample only (HEARTBEAT_TRACE_RATIO, checked again with the rest of the config).
startTracing('gateway', { sampledPaths: { '/api/v1/heartbeats': Number(process.env.HEARTBEAT_TRACE_RATIO ?? 0.01) } });
// Loaded only after tracing is up, so its instrumentation sees every module.
const { bootstrap } = await import('./bootstrap.js');
await bootstrap();
