import { SHANDONG_CITIES } from './shandong-regions.js';

describe('Shandong regions', () => {
  const counties = SHANDONG_CITIES.flatMap((c) => c.counties.map((county) => ({ city: c, county })));

  it('has 16 cities with 4-digit codes and no 3712 (莱芜 joined 济南 in 2019)', () => {
    expect(SHANDONG_CITIES).toHaveLength(16);
    expect(SHANDONG_CITIES.map((c) => c.code)).not.toContain('3712');
    for (const c of SHANDONG_CITIES) expect(c.code).toMatch(/^37\d{2}$/);
    expect(SHANDONG_CITIES[0]).toMatchObject({ code: '3701', name: '济南市' });
    expect(SHANDONG_CITIES[15]).toMatchObject({ code: '3717', name: '菏泽市' });
  });

  it('has 136 counties, each coded under its city, codes unique', () => {
    expect(counties).toHaveLength(136);
    for (const { city, county } of counties) expect(county.code).toMatch(new RegExp(`^${city.code}\\d{2}$`));
    expect(new Set(counties.map((c) => c.county.code)).size).toBe(136);
  });

  it('knows 济南 after the 2019 merger and a few later changes', () => {
    const jinan = SHANDONG_CITIES[0]?.counties.map((c) => `${c.code}${c.name}`);
    expect(jinan).toEqual([
      '370102历下区', '370103市中区', '370104槐荫区', '370105天桥区', '370112历城区', '370113长清区',
      '370114章丘区', '370115济阳区', '370116莱芜区', '370117钢城区', '370124平阴县', '370126商河县',
    ]);
    const byCode = new Map(counties.map(({ county }) => [county.code, county.name]));
    expect(byCode.get('370202')).toBe('市南区');
    expect(byCode.get('370614')).toBe('蓬莱区');
    expect(byCode.get('371503')).toBe('茌平区');
    expect(byCode.get('371681')).toBe('邹平市');
    expect(byCode.get('371722')).toBe('单县');
  });
});
