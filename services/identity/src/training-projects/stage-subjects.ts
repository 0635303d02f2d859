import type { Stage } from '../teachers/teacher.repository.js';

/**
 * The subject names a project of each stage may offer: every name the provincial plans have used
 * (seeds 000, 003 — names change between years, e.g. 政治/思想政治, 思想品德/道德与法治,
 * 品德与生活（社会）). A project picks its own list from these each year; the vocabulary only
 * catches typos and subjects of another stage. 综合 is the high-school 综合学科 that IT, general
 * technology, comprehensive practice and auxiliary staff enroll under (2024). Kindergartens have none.
 */
export const STAGE_SUBJECT_VOCABULARY: Record<Stage, readonly string[]> = {
  high: [
    '语文', '数学', '英语', '物理', '化学', '生物', '政治', '思想政治', '历史', '地理', '音乐', '美术', '体育与健康',
    '信息技术', '通用技术', '综合实践活动', '心理健康教育', '综合',
  ],
  middle: [
    '语文', '数学', '英语', '物理', '化学', '生物', '道德与法治', '思想品德', '历史', '地理', '体育', '体育与健康', '音乐',
    '美术', '信息技术', '综合实践活动', '心理健康教育',
  ],
  primary: [
    '语文', '数学', '英语', '科学', '音乐', '体育', '美术', '道德与法治', '品德与生活（社会）', '品德与生活', '品德与社会',
    '信息技术', '综合实践活动', '心理健康教育',
  ],
  kindergarten: [],
};
