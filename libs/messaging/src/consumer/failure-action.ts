import { mysqlErrorCode } from '../mysql-error.js';

/**
 * What to do when applying a message failed:
 * - `retry`: try the same message again after a backoff;
 * - `dead-letter`: park it on `<topic>.dlq` and move on (the message itself is the problem);
 * - `fail-batch`: stop consuming and let kafkajs redeliver from the last committed offset — the
 *   database is unreachable or overloaded, and parking every message until it is back would
 *   empty the topic into the DLQ.
 */
export type FailureAction = 'retry' | 'dead-letter' | 'fail-batch';

/** Errors that say nothing about the message: the connection or the server's capacity. */
const INFRASTRUCTURE_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'PROTOCOL_CONNECTION_LOST',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
  'ER_LOCK_DEADLOCK',
  'ER_LOCK_WAIT_TIMEOUT',
  'ER_OPTION_PREVENTS_STATEMENT', // read-only: a failover in progress
]);

export function failureAction(error: unknown, attempt: number, maxAttempts: number): FailureAction {
  if (attempt < maxAttempts) return 'retry';
  const code = mysqlErrorCode(error);
  return code !== undefined && INFRASTRUCTURE_ERRORS.has(code) ? 'fail-batch' : 'dead-letter';
}
