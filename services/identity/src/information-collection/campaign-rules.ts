import { adminLevel, isWithinJurisdiction, type Principal } from '@yanxiu/auth';
import type { OrgLevel } from '../orgs/org-rules.js';

export type CampaignStatus = 'open' | 'closed';

export interface CampaignRecord {
  id: string;
  /** The province or city the campaign covers. */
  orgId: string;
  orgPath: string;
  year: number;
  name: string;
  startsAt: Date;
  /** Exclusive. */
  endsAt: Date;
  status: CampaignStatus;
  openedByUsername: string;
  openedAt: Date;
  closedByUsername: string | null;
  closedAt: Date | null;
}

/** The longest window accepted: a spring campaign runs for days or weeks (seed 2018: 4月1日–4月10日). */
const MAX_WINDOW_DAYS = 183;

/**
 * Who may open a campaign over `scope`: a province admin over the province or one of its cities, a
 * city admin over their city (seed 2018 附件2 一、信息采集及整理: collection is organised province-wide,
 * cities and counties follow it). Null when allowed, else why not.
 */
export function openingProblem(principal: Pick<Principal, 'roles' | 'orgPath'>, scope: { level: OrgLevel; path: string }): string | null {
  const level = adminLevel(principal);
  if (level !== 'province-admin' && level !== 'city-admin') return 'only province and city admins open information collection campaigns';
  if (scope.level !== 'province' && scope.level !== 'city') return `a campaign covers a province or a city, not a ${scope.level}`;
  if (!isWithinJurisdiction(principal.orgPath, scope.path)) return `${scope.path} is outside your jurisdiction ${principal.orgPath ?? '(none)'}`;
  return null;
}

/** Why a window cannot be used, or null. Times are instants (ISO-8601 with an offset). */
export function windowProblem(startsAt: Date, endsAt: Date): string | null {
  if (Number.isNaN(startsAt.getTime())) return 'startsAt must be an ISO-8601 date-time, e.g. 2027-04-01T00:00:00+08:00';
  if (Number.isNaN(endsAt.getTime())) return 'endsAt must be an ISO-8601 date-time, e.g. 2027-04-11T00:00:00+08:00';
  if (endsAt.getTime() <= startsAt.getTime()) return 'endsAt must be later than startsAt';
  if (endsAt.getTime() - startsAt.getTime() > MAX_WINDOW_DAYS * 86_400_000) return `the window may last at most ${MAX_WINDOW_DAYS} days`;
  return null;
}

/**
 * A campaign concerns an admin when it covers their org (opened at or above it) or lies inside their
 * subtree: a school admin sees the province's campaign, a city admin their own and the province's,
 * never another city's.
 */
export function campaignConcerns(principal: Pick<Principal, 'roles' | 'orgPath'>, campaign: { orgPath: string }): boolean {
  if (!adminLevel(principal) || !principal.orgPath) return false;
  return isWithinJurisdiction(campaign.orgPath, principal.orgPath) || isWithinJurisdiction(principal.orgPath, campaign.orgPath);
}

/** Verification is possible while the campaign is open and now is inside its window. */
export function activityProblem(campaign: Pick<CampaignRecord, 'status' | 'startsAt' | 'endsAt'>, now: Date): string | null {
  if (campaign.status === 'closed') return 'the campaign is closed';
  if (now.getTime() < campaign.startsAt.getTime()) return `the campaign window opens at ${campaign.startsAt.toISOString()}`;
  if (now.getTime() >= campaign.endsAt.getTime()) return `the campaign window ended at ${campaign.endsAt.toISOString()}`;
  return null;
}

/** The span in which additions and departures count for a campaign: its window, cut short by an early close. */
export function countingWindow(campaign: Pick<CampaignRecord, 'startsAt' | 'endsAt' | 'closedAt'>): { from: Date; to: Date } {
  const to = campaign.closedAt && campaign.closedAt.getTime() < campaign.endsAt.getTime() ? campaign.closedAt : campaign.endsAt;
  return { from: campaign.startsAt, to };
}

/** `/37/3701/370102` → `['/37', '/37/3701', '/37/3701/370102']`: the org and every org above it. */
export function pathAndAncestors(path: string): string[] {
  const segments = path.split('/').filter(Boolean);
  return segments.map((_, i) => `/${segments.slice(0, i + 1).join('/')}`);
}
