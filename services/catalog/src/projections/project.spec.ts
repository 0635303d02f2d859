import { selectionPhase } from './project.js';

const project = { selectionStart: '2024-04-18', selectionEnd: '2024-07-14', studyStart: '2024-07-15' };
const at = (iso: string) => selectionPhase(project, new Date(iso));

describe('selectionPhase (Asia/Shanghai calendar days)', () => {
  it('opens at 00:00 China time on the first day and stays open through the last day', () => {
    expect(at('2024-04-17T15:59:59.999Z')).toBe('not_open');
    expect(at('2024-04-17T16:00:00.000Z')).toBe('open');
    expect(at('2024-07-14T15:59:59.999Z')).toBe('open');
  });

  it('locks at 00:00 China time on the first day of study', () => {
    expect(at('2024-07-14T16:00:00.000Z')).toBe('locked');
    expect(at('2024-12-31T00:00:00.000Z')).toBe('locked');
  });

  it('is closed between a window that ends early and the start of study', () => {
    const early = { ...project, selectionEnd: '2024-04-29' };
    expect(selectionPhase(early, new Date('2024-04-29T15:00:00Z'))).toBe('open');
    expect(selectionPhase(early, new Date('2024-04-29T16:00:00Z'))).toBe('closed');
    expect(selectionPhase(early, new Date('2024-07-14T16:00:00Z'))).toBe('locked');
  });
});
