import { pathAndAncestors } from './org-path.js';

/** Where a teacher is counted: at `orgPath` and its ancestors when `counted`, nowhere otherwise. */
export interface CountedPlace {
  orgPath: string;
  counted: boolean;
}

export interface CountDelta {
  orgPath: string;
  direct: number;
  total: number;
}

/**
 * The count changes that move a teacher from one counted place to another: only the paths whose
 * counts differ, e.g. a move between two schools of one county touches the two schools only.
 */
export function countDeltas(from: CountedPlace, to: CountedPlace): CountDelta[] {
  const deltas = new Map<string, CountDelta>();
  const add = (place: CountedPlace, sign: 1 | -1) => {
    if (!place.counted) return;
    for (const path of pathAndAncestors(place.orgPath)) {
      const d = deltas.get(path) ?? { orgPath: path, direct: 0, total: 0 };
      d.total += sign;
      if (path === place.orgPath) d.direct += sign;
      deltas.set(path, d);
    }
  };
  add(from, -1);
  add(to, 1);
  return [...deltas.values()].filter((d) => d.direct !== 0 || d.total !== 0);
}
