import type { AdminRole } from '@yanxiu/auth';
import { adminAccount as contract } from '@yanxiu/contracts';
import type { AdminAccountRecord } from './admin-account.repository.js';

const roles: Record<AdminRole, contract.AdminRole> = {
  'province-admin': contract.AdminRole.ADMIN_ROLE_PROVINCE,
  'city-admin': contract.AdminRole.ADMIN_ROLE_CITY,
  'county-admin': contract.AdminRole.ADMIN_ROLE_COUNTY,
  'school-admin': contract.AdminRole.ADMIN_ROLE_SCHOOL,
};

export const adminRoleToProto = (role: AdminRole): contract.AdminRole => roles[role];

/** The response shape: the phone only masked, never the password. */
export function adminAccountToProto(a: AdminAccountRecord): contract.AdminAccount {
  return {
    id: a.id,
    username: a.username,
    name: a.name,
    phoneMasked: a.phoneMasked ?? '',
    role: roles[a.role],
    orgId: a.orgId,
    orgPath: a.orgPath,
    createdByUsername: a.createdByUsername,
    createdAt: a.createdAt.toISOString(),
    passwordResetAt: a.passwordResetAt?.toISOString() ?? '',
  };
}
