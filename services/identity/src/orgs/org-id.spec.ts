import { seededOrgId } from './org-id.js';

describe('seededOrgId', () => {
  it('is a stable RFC 4122 v5-layout UUID per path', () => {
    expect(seededOrgId('/37/3701')).toBe(seededOrgId('/37/3701'));
    expect(seededOrgId('/37/3701')).not.toBe(seededOrgId('/37/3702'));
    expect(seededOrgId('/37')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
