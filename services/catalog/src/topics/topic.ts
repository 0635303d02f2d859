/** 专题: a theme courses are filed under (and elective topics schools choose from). */
export interface TopicDraft {
  name: string;
  description: string;
  chapterId: string | null;
}

/** 篇: a chapter of packages, e.g. 理念篇. */
export interface ChapterDraft {
  name: string;
  description: string;
  position: number;
}

interface Revised {
  id: string;
  revision: number;
  updatedAt: Date;
  updatedBy: string;
}

export type TopicRecord = TopicDraft & Revised;
export type ChapterRecord = ChapterDraft & Revised;

export function normaliseTopicDraft(draft: TopicDraft): { draft: TopicDraft; problems: string[] } {
  const name = draft.name.trim();
  const description = draft.description.trim();
  const problems: string[] = [];
  if (name.length < 1 || name.length > 100) problems.push('name must be 1–100 characters');
  if (description.length > 2000) problems.push('description must be at most 2000 characters');
  return { draft: { name, description, chapterId: draft.chapterId || null }, problems };
}

export function normaliseChapterDraft(draft: ChapterDraft): { draft: ChapterDraft; problems: string[] } {
  const name = draft.name.trim();
  const description = draft.description.trim();
  const problems: string[] = [];
  if (name.length < 1 || name.length > 50) problems.push('name must be 1–50 characters');
  if (description.length > 2000) problems.push('description must be at most 2000 characters');
  if (!Number.isInteger(draft.position) || draft.position < 0 || draft.position > 10_000) problems.push('position must be an integer from 0 to 10000');
  return { draft: { name, description, position: draft.position }, problems };
}
