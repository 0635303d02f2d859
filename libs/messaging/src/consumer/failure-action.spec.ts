import { QueryFailedError } from 'typeorm';
import { failureAction } from './failure-action.js';

function mysqlError(code: string): Error {
  return Object.assign(new Error(code), { code });
}

describe('failureAction', () => {
  it('retries while attempts remain, whatever the error', () => {
    expect(failureAction(new Error('bad payload'), 1, 3)).toBe('retry');
    expect(failureAction(mysqlError('ECONNRESET'), 2, 3)).toBe('retry');
  });

  it('parks a message whose handler keeps failing', () => {
    expect(failureAction(new Error('bad payload'), 3, 3)).toBe('dead-letter');
    expect(failureAction(new QueryFailedError('INSERT …', [], mysqlError('ER_NO_REFERENCED_ROW_2')), 3, 3)).toBe('dead-letter');
    expect(failureAction('thrown string', 1, 1)).toBe('dead-letter');
  });

  it('fails the batch instead of parking when the database is the problem', () => {
    expect(failureAction(mysqlError('ECONNREFUSED'), 3, 3)).toBe('fail-batch');
    expect(failureAction(new QueryFailedError('UPDATE …', [], mysqlError('ER_LOCK_DEADLOCK')), 3, 3)).toBe('fail-batch');
  });
});
