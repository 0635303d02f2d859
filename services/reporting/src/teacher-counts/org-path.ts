/** "/37/3701/370102/S0001" → ["/37", "/37/3701", "/37/3701/370102", "/37/3701/370102/S0001"] */
export function pathAndAncestors(path: string): string[] {
  const parts = path.split('/').filter(Boolean);
  return parts.map((_, i) => `/${parts.slice(0, i + 1).join('/')}`);
}
