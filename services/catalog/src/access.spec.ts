import type { Principal, Role } from '@yanxiu/auth';
import { assertCatalogEditor } from './access.js';

const principal = (roles: Role[], orgPath: string | null): Principal => ({ subject: 's', username: 'u', roles, orgPath, token: 't' });
const allowed = (p: Principal) => {
  try {
    assertCatalogEditor(p);
    return true;
  } catch {
    return false;
  }
};

describe('assertCatalogEditor', () => {
  it.each<[Role[], string | null, boolean]>([
    [['province-admin'], '/37', true],
    [['expert'], '/37', true],
    [['expert'], '/37/3701', false],
    [['city-admin'], '/37/3701', false],
    [['teacher', 'expert'], null, false],
    [['province-admin'], '/37/3701', false],
    [['teacher'], '/37', false],
  ])('%p at %p → %p', (roles, orgPath, expected) => {
    expect(allowed(principal(roles, orgPath))).toBe(expected);
  });
});
