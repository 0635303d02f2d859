import type { TutorTeamScope } from '../training-projects/training-project.js';

/** The county or city a unit (/province/city/county/unit) or a county lies in. */
export function regionOf(path: string, scope: TutorTeamScope): string {
  const segments = path.split('/').filter(Boolean);
  const depth = scope === 'city' ? 2 : 3;
  if (segments.length < depth) throw new RangeError(`${path} lies above a ${scope}`);
  return `/${segments.slice(0, depth).join('/')}`;
}
