import { generateAdminPassword } from './admin-password.js';

describe('generateAdminPassword', () => {
  const samples = Array.from({ length: 2000 }, () => generateAdminPassword());

  it('always has every class the admin policy asks for (ADR 0011: ≥ 10 characters, lower, upper, digit, special)', () => {
    for (const password of samples) {
      expect(password).toHaveLength(16);
      expect(password).toMatch(/[a-z]/);
      expect(password).toMatch(/[A-Z]/);
      expect(password).toMatch(/\d/);
      expect(password).toMatch(/[^A-Za-z0-9]/);
    }
  });

  it('leaves out characters people confuse when copying by hand', () => {
    for (const password of samples) expect(password).not.toMatch(/[lIO01]/);
  });

  it('does not repeat, and does not put the classes in fixed places', () => {
    expect(new Set(samples).size).toBe(samples.length);
    const firstIsLower = samples.filter((p) => /^[a-z]/.test(p)).length;
    expect(firstIsLower).toBeGreaterThan(0);
    expect(firstIsLower).toBeLessThan(samples.length);
  });
});
