import { adminLevel, type Principal } from '@yanxiu/auth';
import { CatalogError } from './catalog.error.js';

/** A province-level org path: one segment, e.g. "/37". */
const isProvincePath = (path: string | null) => path !== null && /^\/[^/]+$/.test(path);

/**
 * The catalog and the selection policies are the province's (省课程专家): a province admin, or an
 * expert whose token places them at the province. City and county experts review, they don't edit.
 */
export function assertCatalogEditor(principal: Principal): void {
  const provinceAdmin = principal.roles.includes('province-admin') && isProvincePath(principal.orgPath);
  const provinceExpert = principal.roles.includes('expert') && isProvincePath(principal.orgPath);
  if (!provinceAdmin && !provinceExpert) {
    throw new CatalogError('role_not_allowed', 'only province course experts and province admins edit the catalog and selection policies');
  }
}

/** Any admin (school level or above); which org they may act on is checked against their jurisdiction. */
export function assertAdmin(principal: Principal, what: string): void {
  if (adminLevel(principal) === null) throw new CatalogError('role_not_allowed', `only admins ${what}`);
}
