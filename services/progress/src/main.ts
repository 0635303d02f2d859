import { startTracing } from '@yanxiu/observability/tracing';

startTracing('progress');
// Loaded only after tracing is up, so its instrumentation sees every module.
const { bootstrap } = await import('./bootstrap.js');
await bootstrap();
