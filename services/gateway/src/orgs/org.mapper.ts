import { org as orgContract } from '@yanxiu/contracts';
import type { OrgView } from './org.dto.js';

const L = orgContract.OrgLevel;

export const orgLevels = {
  province: L.ORG_LEVEL_PROVINCE,
  city: L.ORG_LEVEL_CITY,
  county: L.ORG_LEVEL_COUNTY,
  school: L.ORG_LEVEL_SCHOOL,
  kindergarten: L.ORG_LEVEL_KINDERGARTEN,
  institution: L.ORG_LEVEL_INSTITUTION,
} as const satisfies Record<string, orgContract.OrgLevel>;

export function orgView(org: orgContract.Org | undefined): OrgView {
  if (!org) throw new Error('service answered without an org');
  const level = Object.entries(orgLevels).find(([, v]) => v === org.level)?.[0] ?? 'unspecified';
  return { id: org.id, code: org.code, name: org.name, level, parentId: org.parentId, path: org.path };
}
