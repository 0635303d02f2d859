/** An org path: `/37/3701/370102/S0001`. Segments are alphanumerics and dashes; nothing else. */
export const ORG_PATH_PATTERN = /^(\/[0-9A-Za-z-]+)+$/;

export function isValidOrgPath(value: unknown): value is string {
  return typeof value === 'string' && ORG_PATH_PATTERN.test(value);
}
