import fc from 'fast-check';
import { pathAndAncestors } from './org-path.js';

describe('pathAndAncestors', () => {
  it('lists the path and every ancestor, root first', () => {
    expect(pathAndAncestors('/37/3701/370102/S0001')).toEqual(['/37', '/37/3701', '/37/3701/370102', '/37/3701/370102/S0001']);
  });

  it('ends with the path itself and has one entry per level', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[0-9A-Z]{1,6}$/), { minLength: 1, maxLength: 5 }), (codes) => {
        const path = `/${codes.join('/')}`;
        const all = pathAndAncestors(path);
        return all.length === codes.length && all[all.length - 1] === path && all.every((p) => path === p || path.startsWith(`${p}/`));
      }),
    );
  });
});
