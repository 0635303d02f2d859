import { org as orgContract } from '@yanxiu/contracts';
import type { OrgLevel } from './org-rules.js';
import type { OrgRecord } from './org.repository.js';

const { OrgLevel: ProtoLevel } = orgContract;

const toProto: Record<OrgLevel, orgContract.OrgLevel> = {
  province: ProtoLevel.ORG_LEVEL_PROVINCE,
  city: ProtoLevel.ORG_LEVEL_CITY,
  county: ProtoLevel.ORG_LEVEL_COUNTY,
  school: ProtoLevel.ORG_LEVEL_SCHOOL,
  kindergarten: ProtoLevel.ORG_LEVEL_KINDERGARTEN,
  institution: ProtoLevel.ORG_LEVEL_INSTITUTION,
};

export function orgLevelFromProto(level: orgContract.OrgLevel): OrgLevel | null {
  const entry = Object.entries(toProto).find(([, value]) => value === level);
  return entry ? (entry[0] as OrgLevel) : null;
}

export function orgToProto(record: OrgRecord): orgContract.Org {
  return { id: record.id, code: record.code, name: record.name, level: toProto[record.level], parentId: record.parentId ?? '', path: record.path };
}
