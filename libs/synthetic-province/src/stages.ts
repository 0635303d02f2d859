import { WeightedTable } from './prng.js';

export type Stage = 'high' | 'middle' | 'primary' | 'kindergarten';
export const STAGES: readonly Stage[] = ['high', 'middle', 'primary', 'kindergarten'];
export const STAGE_NAMES: Record<Stage, string> = { high: '高中', middle: '初中', primary: '小学', kindergarten: '幼儿园' };

/**
 * Subjects per stage from the Shandong 2018 plan (seeds/000): high school 16, middle 15,
 * primary 11, kindergarten none. Weights are rough staffing shares (语文/数学 teachers dominate).
 */
const SUBJECT_WEIGHTS: Record<Stage, readonly (readonly [string, number])[]> = {
  high: [
    ['语文', 12], ['数学', 12], ['英语', 11], ['物理', 7], ['化学', 6], ['生物', 6], ['思想政治', 5], ['历史', 5],
    ['地理', 5], ['音乐', 2], ['美术', 2], ['体育与健康', 5], ['信息技术', 2], ['通用技术', 1], ['综合实践活动', 1],
    ['心理健康教育', 1],
  ],
  middle: [
    ['语文', 14], ['数学', 14], ['英语', 12], ['物理', 6], ['化学', 4], ['生物', 4], ['道德与法治', 5], ['历史', 5],
    ['地理', 4], ['体育', 6], ['音乐', 3], ['美术', 3], ['信息技术', 2], ['综合实践活动', 1], ['心理健康教育', 1],
  ],
  primary: [
    ['语文', 30], ['数学', 25], ['英语', 9], ['科学', 6], ['音乐', 5], ['体育', 7], ['美术', 5], ['道德与法治', 5],
    ['信息技术', 3], ['综合实践活动', 2], ['心理健康教育', 1],
  ],
  kindergarten: [],
};

export const STAGE_SUBJECTS: Record<Stage, readonly string[]> = {
  high: SUBJECT_WEIGHTS.high.map(([s]) => s),
  middle: SUBJECT_WEIGHTS.middle.map(([s]) => s),
  primary: SUBJECT_WEIGHTS.primary.map(([s]) => s),
  kindergarten: [],
};

/** Weighted subject tables; kindergarten has none (its teachers have no subject). */
export const SUBJECT_TABLES: Record<Exclude<Stage, 'kindergarten'>, WeightedTable<string>> = {
  high: new WeightedTable(SUBJECT_WEIGHTS.high),
  middle: new WeightedTable(SUBJECT_WEIGHTS.middle),
  primary: new WeightedTable(SUBJECT_WEIGHTS.primary),
};
