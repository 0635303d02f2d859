import { metrics } from '@yanxiu/observability';

export const heartbeatsApplied = metrics.counter('progress_heartbeats_applied_total', 'Heartbeat messages (accepted POSTs) applied in a committed flush.');
export const heartbeatSegments = metrics.counter('progress_heartbeat_segments_total', 'Segments by outcome: credited, or refused with a reason (earn nothing, not parked).', ['outcome']);
export const heartbeatStatements = metrics.counter(
  'progress_heartbeat_sql_statements_total',
  'SQL statements the heartbeat consumer issued, transaction begin and commit included (bench P3: statements per heartbeat).',
);
export const watchStatesWritten = metrics.counter('progress_watch_states_written_total', 'Teacher × course watch states changed by heartbeats (unchanged ones are not written).');
