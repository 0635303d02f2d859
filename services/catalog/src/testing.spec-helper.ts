// Shared set-up of catalog's integration tests: a fresh database, principals, the 2024 packages in the catalog.
import { randomUUID } from 'node:crypto';
import type { Principal, Role } from '@yanxiu/auth';
import { migratedTestDatabase, type MigratedTestDatabase } from '@yanxiu/database';
import type { DataSource } from 'typeorm';
import { catalogMigrations } from './catalog.data-source.js';
import { catalogue2024 as catalogueFixture, Cataloguer } from './demo/catalogue.js';
import type { PolicyRulesInput } from './policies/resolve-policy.js';
import { IdentityProjectionRepository } from './projections/identity-projection.repository.js';
import type { ProjectRecord } from './projections/project.js';

export const principal = (roles: Role[], orgPath: string | null, username = roles[0] ?? 'someone'): Principal => ({ subject: `sub-${username}`, username, roles, orgPath, token: 't' });
export const provinceExpert = principal(['expert'], '/37', 'expert-zhang');

export const catalogDatabase = (): Promise<MigratedTestDatabase> => migratedTestDatabase('catalog', catalogMigrations);

/** Payloads the use cases wrote to the outbox for `topic`, oldest first. */
export async function outbox(dataSource: DataSource, topic: string): Promise<{ key: string; payload: Uint8Array }[]> {
  const rows: { message_key: string; payload: Buffer }[] = await dataSource.query('SELECT message_key, payload FROM outbox WHERE topic = ? ORDER BY seq', [topic]);
  return rows.map((r) => ({ key: r.message_key, payload: new Uint8Array(r.payload) }));
}

/** Calendar date in China Standard Time, `days` from now. */
export const chinaDate = (days: number, from = new Date()): string => new Date(from.getTime() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);

/** A project as identity's events would deliver it, with its selection window relative to today. */
export async function knownProject(dataSource: DataSource, overrides: Partial<ProjectRecord> = {}): Promise<ProjectRecord> {
  const project: ProjectRecord = {
    id: randomUUID(),
    year: 2024,
    stage: 'high',
    name: '2024 高中远程研修',
    requiredHours: 50,
    selectionStart: chinaDate(-3),
    selectionEnd: chinaDate(3),
    studyStart: chinaDate(5),
    studyEnd: chinaDate(40),
    version: 1,
    lockedAt: null,
    ...overrides,
  };
  await dataSource.transaction((m) => new IdentityProjectionRepository().applyProject(m, project));
  return project;
}

/**
 * Puts the chapters and courses of seed 003's 2024 packages into the catalog (as the demo seed does)
 * and returns the policy as an expert would write it (catalog ids), plus the catalog id of each fixture course.
 */
export async function catalogue2024(dataSource: DataSource): Promise<{ rules: PolicyRulesInput; courseId: (fixtureId: string) => string }> {
  const { packages, courseId } = await catalogueFixture(new Cataloguer(dataSource, provinceExpert));
  return { rules: { packages, electives: null, pushed: [] }, courseId };
}
