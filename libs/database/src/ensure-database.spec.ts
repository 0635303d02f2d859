import { quoteDatabaseName } from './ensure-database.js';

describe('quoteDatabaseName', () => {
  it('back-quotes plain identifiers', () => {
    expect(quoteDatabaseName('test_identity_0a1b')).toBe('`test_identity_0a1b`');
  });

  it.each(['', 'a`b', 'a b', 'x;DROP DATABASE y', 'a'.repeat(65)])('refuses %j', (name) => {
    expect(() => quoteDatabaseName(name)).toThrow(/database name .* is invalid/);
  });
});
