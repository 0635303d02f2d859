import { deadLetterHeaders, deadLetterTopic, describeError } from './dead-letter.js';

describe('dead letters', () => {
  it('go to <topic>.dlq', () => {
    expect(deadLetterTopic('identity.teacher.created.v1')).toBe('identity.teacher.created.v1.dlq');
  });

  it('keep the original headers and say why, where and by whom', () => {
    const headers = deadLetterHeaders(
      { 'event-id': 'e1', traceparent: 't' },
      { reason: 'failed 3 times: Error: boom', consumerGroup: 'reporting', partition: 4, offset: '1234' },
    );
    expect(headers).toEqual({
      'event-id': 'e1',
      traceparent: 't',
      'dlq-error': 'failed 3 times: Error: boom',
      'dlq-consumer-group': 'reporting',
      'dlq-original-offset': '1234',
      'dlq-original-partition': '4',
    });
  });

  it('bound the error text', () => {
    const headers = deadLetterHeaders({}, { reason: 'x'.repeat(10_000), consumerGroup: 'g', partition: 0, offset: '0' });
    expect(headers['dlq-error']).toHaveLength(2000);
  });

  it('name the error type', () => {
    expect(describeError(new TypeError('no'))).toBe('TypeError: no');
    expect(describeError(42)).toBe('42');
  });
});
