import { randomUUID } from 'node:crypto';
import type { TestDatabase } from '@yanxiu/database';
import type { IncomingEvent } from '@yanxiu/messaging';
import type { DataSource } from 'typeorm';
import { counted, progressDatabase, progressParts } from '../testing.spec-helper.js';

describe("progress keeps catalog's newest counted list per teacher and project, on the real database", () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  const { projection } = progressParts();
  const apply = (e: IncomingEvent) => dataSource.transaction((manager) => projection.apply(e, manager));
  const held = async (projectId: string, teacherId: string) =>
    (await dataSource.query<Array<{ course_id: string }>>('SELECT course_id FROM counted_courses WHERE project_id = ? AND teacher_id = ? ORDER BY course_id', [projectId, teacherId])).map(
      (r) => r.course_id,
    );
  const at = (minutes: number) => new Date(Date.UTC(2026, 6, 1, 8, minutes));

  beforeAll(async () => {
    ({ db, dataSource } = await progressDatabase());
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('keeps the highest version, whatever order the lists arrive in and whatever their occurred_at says', async () => {
    const [projectId, teacherId] = [randomUUID(), randomUUID()];
    await apply(counted(projectId, teacherId, ['c2'], { version: 2, occurredAt: at(0) }));
    // Version 1 arrives after version 2, stamped later (a clock ahead): it is stale all the same.
    await apply(counted(projectId, teacherId, ['c1'], { version: 1, occurredAt: at(5) }));
    expect(await held(projectId, teacherId)).toEqual(['c2']);
    // The same version again changes nothing.
    await apply(counted(projectId, teacherId, ['c1'], { version: 2, occurredAt: at(6) }));
    expect(await held(projectId, teacherId)).toEqual(['c2']);
    // A list without a version (published before catalog versioned them) never replaces a versioned one.
    await apply(counted(projectId, teacherId, ['c0'], { version: 0, occurredAt: at(10) }));
    expect(await held(projectId, teacherId)).toEqual(['c2']);
    // A higher version wins, gaps and an earlier clock notwithstanding.
    await apply(counted(projectId, teacherId, ['c5'], { version: 5, occurredAt: at(-5) }));
    expect(await held(projectId, teacherId)).toEqual(['c5']);
  });

  it('orders by occurred_at while the list held has no version, and keeps the versioned one once it comes', async () => {
    const [projectId, teacherId] = [randomUUID(), randomUUID()];
    await apply(counted(projectId, teacherId, ['old'], { version: 0, occurredAt: at(10) }));
    await apply(counted(projectId, teacherId, ['older'], { version: 0, occurredAt: at(5) }));
    expect(await held(projectId, teacherId)).toEqual(['old']);
    // A row held from before progress kept versions looks the same: catalog's versions grow with occurred_at.
    await apply(counted(projectId, teacherId, ['stale'], { version: 3, occurredAt: at(8) }));
    expect(await held(projectId, teacherId)).toEqual(['old']);
    await apply(counted(projectId, teacherId, ['new'], { version: 4, occurredAt: at(12) }));
    await apply(counted(projectId, teacherId, ['late'], { version: 0, occurredAt: at(20) }));
    expect(await held(projectId, teacherId)).toEqual(['new']);
  });
});
