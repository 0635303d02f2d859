import { adminAccount as contract } from '@yanxiu/contracts';
import { nameIn } from '../training-projects/training-project.mapper.js';
import type { AdminAccountView, IssuedAdminAccountView } from './admin-account.dto.js';

const roles = {
  'province-admin': contract.AdminRole.ADMIN_ROLE_PROVINCE,
  'city-admin': contract.AdminRole.ADMIN_ROLE_CITY,
  'county-admin': contract.AdminRole.ADMIN_ROLE_COUNTY,
  'school-admin': contract.AdminRole.ADMIN_ROLE_SCHOOL,
} as const;

export function adminAccountView(a: contract.AdminAccount | undefined): AdminAccountView {
  if (!a) throw new Error('service answered without an admin account');
  return { ...a, role: nameIn(roles, a.role) };
}

export const issuedView = (issued: { account?: contract.AdminAccount; initialPassword: string }): IssuedAdminAccountView => ({
  account: adminAccountView(issued.account),
  initialPassword: issued.initialPassword,
});
