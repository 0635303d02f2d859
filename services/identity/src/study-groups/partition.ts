/** How many parts a run of `n` members is cut into, and the size bounds of each part. */
export interface PartPlan {
  parts: number;
  min: number;
  max: number;
}

/**
 * The part count whose mean size is closest to `target` among those keeping every part within
 * [min, max] (ties: fewer parts). When no count fits — e.g. 23 members with bounds 15–20 — the
 * upper bound wins: the fewest parts of at most `max`, sized as evenly as possible.
 */
export function planParts(n: number, bounds: { min: number; max: number; target: number }): PartPlan {
  if (n <= 0) return { parts: 0, min: 0, max: 0 };
  const fewest = Math.ceil(n / bounds.max);
  const most = Math.floor(n / bounds.min);
  if (fewest > most) return { parts: fewest, min: Math.floor(n / fewest), max: Math.ceil(n / fewest) };
  let best = fewest;
  for (let k = fewest + 1; k <= most; k++) {
    if (Math.abs(n / k - bounds.target) < Math.abs(n / best - bounds.target)) best = k;
  }
  return { parts: best, min: bounds.min, max: bounds.max };
}

export interface PartitionOptions<T> {
  /** Members of one block (a grade preparation group, a school's subject group) stay together if they can; null: a block of its own. */
  blockOf: (item: T) => string | null;
  /** A part without any candidate needs its leader appointed. */
  isCandidate: (item: T) => boolean;
  target: number;
}

type Cost = readonly [blocksCut: number, partsWithoutCandidate: number, distanceFromTarget: number];
const add = (a: Cost, b: Cost): Cost => [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
const less = (a: Cost, b: Cost): boolean => a[0] !== b[0] ? a[0] < b[0] : a[1] !== b[1] ? a[1] < b[1] : a[2] < b[2];

/**
 * Cuts `items`, in their order, into `plan.parts` consecutive parts of plan.min–plan.max items,
 * choosing (in this order of importance) to cut as few blocks as possible, to leave as few parts
 * without a leader candidate as possible, and to keep sizes close to the target. The order
 * carries meaning: grade groups next to each other, nearby schools next to each other.
 */
export function partition<T>(items: readonly T[], plan: PartPlan, options: PartitionOptions<T>): T[][] {
  const n = items.length;
  const k = plan.parts;
  if (k === 0 || n < k * plan.min || n > k * plan.max) throw new RangeError(`cannot cut ${n} items into ${k} parts of ${plan.min}–${plan.max}`);
  const candidatesBefore = [0];
  items.forEach((item, i) => candidatesBefore.push((candidatesBefore[i] ?? 0) + (options.isCandidate(item) ? 1 : 0)));
  const cutsBlock = (at: number): number => {
    if (at <= 0 || at >= n) return 0;
    const before = options.blockOf(items[at - 1] as T);
    return before !== null && before === options.blockOf(items[at] as T) ? 1 : 0;
  };

  // best[j][i]: the cheapest way to cut the first i items into j parts; from[j][i]: where its last part starts.
  const best: (Cost | null)[][] = Array.from({ length: k + 1 }, () => new Array<Cost | null>(n + 1).fill(null));
  const from: number[][] = Array.from({ length: k + 1 }, () => new Array<number>(n + 1).fill(-1));
  (best[0] as (Cost | null)[])[0] = [0, 0, 0];
  for (let j = 1; j <= k; j++) {
    for (let i = j * plan.min; i <= Math.min(n, j * plan.max); i++) {
      for (let size = plan.min; size <= plan.max && size <= i; size++) {
        const start = i - size;
        const before = best[j - 1]?.[start];
        if (!before) continue;
        const hasCandidate = (candidatesBefore[i] ?? 0) - (candidatesBefore[start] ?? 0) > 0;
        const cost = add(before, [cutsBlock(start), hasCandidate ? 0 : 1, Math.abs(size - options.target)]);
        const current = best[j]?.[i];
        if (!current || less(cost, current)) {
          (best[j] as (Cost | null)[])[i] = cost;
          (from[j] as number[])[i] = start;
        }
      }
    }
  }
  if (!best[k]?.[n]) throw new RangeError(`cannot cut ${n} items into ${k} parts of ${plan.min}–${plan.max}`);
  const parts: T[][] = [];
  for (let j = k, end = n; j > 0; j--) {
    const start = from[j]?.[end] ?? -1;
    parts.unshift(items.slice(start, end));
    end = start;
  }
  return parts;
}
