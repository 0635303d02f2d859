import { initialPassword, normaliseNamePinyin, splitChineseName } from './initial-password.js';

describe('initial password: the full pinyin of the name as its owner types it', () => {
  it.each([
    ['李娜', 'lina'],
    ['吕布', 'lvbu'],
    ['女娲', 'nvwa'],
    ['单田芳', 'shantianfang'],
    ['曾国藩', 'zengguofan'],
    ['仇英', 'qiuying'],
    ['解缙', 'xiejin'],
    ['区永', 'ouyong'],
    ['朴树', 'piaoshu'],
    ['查良镛', 'zhaliangyong'],
    ['乐嘉', 'yuejia'],
    ['欧阳修', 'ouyangxiu'],
    ['尉迟恭', 'yuchigong'],
    ['万俟卨', 'moqixie'],
    ['诸葛亮', 'zhugeliang'],
  ])('reads surnames as surnames: %s → %s', (name, expected) => {
    expect(initialPassword(name)).toBe(expected);
  });

  it('reads only the surname in surname mode: polyphones in the given name keep their word reading', () => {
    expect(initialPassword('张长乐')).toBe('zhangchangle');
    expect(initialPassword('曾重阳')).toBe('zengchongyang');
    expect(initialPassword('单单')).toBe('shandan');
  });

  it('is lowercase latin letters only: no spaces, tones, dots or digits', () => {
    expect(initialPassword(' 阿依古丽·买买提 ')).toBe('ayigulimaimaiti');
    expect(initialPassword('李Mary')).toBe('limary');
    for (const name of ['褚红', '吕绿', '覃海', '盖聂']) expect(initialPassword(name)).toMatch(/^[a-z]+$/);
  });

  it('takes the reading an admin recorded over the library', () => {
    expect(initialPassword('盖聂', 'Gě Niè')).toBe('genie');
    expect(initialPassword('覃海', 'tan hai')).toBe('tanhai');
    expect(initialPassword('吕律', 'LÜ lü')).toBe('lvlv');
    expect(initialPassword('李娜', '   ')).toBe('lina');
    expect(() => initialPassword('李娜', '李娜')).toThrow(/latin/);
  });

  it('normalises stored readings', () => {
    expect(normaliseNamePinyin(' Zēng Chóngyáng ')).toBe('zengchongyang');
    expect(normaliseNamePinyin('')).toBeNull();
    expect(normaliseNamePinyin(null)).toBeNull();
  });

  it('splits names for Keycloak lastName / firstName', () => {
    expect(splitChineseName('欧阳修')).toEqual({ surname: '欧阳', given: '修' });
    expect(splitChineseName('欧阳')).toEqual({ surname: '欧', given: '阳' });
    expect(splitChineseName('单于飞')).toEqual({ surname: '单', given: '于飞' });
    expect(splitChineseName('阿依古丽·买买提')).toEqual({ surname: '', given: '阿依古丽·买买提' });
  });
});
