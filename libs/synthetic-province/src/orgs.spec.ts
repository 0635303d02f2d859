import { chineseNumeral } from './orgs.js';

describe('chineseNumeral', () => {
  it.each([
    [1, '一'], [10, '十'], [11, '十一'], [20, '二十'], [21, '二十一'], [100, '一百'], [101, '一百零一'],
    [110, '一百一十'], [115, '一百一十五'], [1005, '一千零五'], [1010, '一千零一十'], [2300, '二千三百'],
  ])('%i → %s', (n, expected) => {
    expect(chineseNumeral(n)).toBe(expected);
  });
});
