import { partitionLags } from './consumer-lag.js';

describe('partitionLags', () => {
  const ends = [
    { partition: 0, low: '0', high: '120' },
    { partition: 1, low: '40', high: '90' },
  ];

  it('is the high watermark minus the committed offset', () => {
    expect(partitionLags(ends, [{ partition: 0, offset: '100' }, { partition: 1, offset: '90' }], true)).toEqual([
      { partition: 0, lag: 20 },
      { partition: 1, lag: 0 },
    ]);
  });

  it('counts every retained message of a partition without a commit when the group starts at the beginning', () => {
    expect(partitionLags(ends, [{ partition: 0, offset: '-1' }], true)).toEqual([
      { partition: 0, lag: 120 },
      { partition: 1, lag: 50 },
    ]);
  });

  it('counts nothing for a partition without a commit when the group starts at the end', () => {
    expect(partitionLags(ends, [{ partition: 0, offset: '-1' }], false)).toEqual([
      { partition: 0, lag: 0 },
      { partition: 1, lag: 0 },
    ]);
  });
});
