import { SetMetadata } from '@nestjs/common';
import type { Role } from '../roles.js';

export const IS_PUBLIC_KEY = 'yanxiu:auth:public';
export const ROLES_KEY = 'yanxiu:auth:roles';

/** Lets a handler (or a whole controller) through without a token: health, docs. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC_KEY, true);

/** The caller needs at least one of these roles (checked by AuthGuard after authentication). */
export const Roles = (...roles: [Role, ...Role[]]): MethodDecorator & ClassDecorator => SetMetadata(ROLES_KEY, roles);
