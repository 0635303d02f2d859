import type { Principal } from '@yanxiu/auth';
import type { DataSource } from 'typeorm';
import { IdentityError } from '../identity.error.js';
import { pageQuery, type Page, type PageRequest } from '../listing/page.js';
import type { OrgLevel } from './org-rules.js';
import { requestedSubtree } from './org-scope.js';
import { ORG_ORDER, type OrgRecord, type OrgRepository } from './org.repository.js';

/** The direct children of an org in the caller's subtree: cities, counties or units. */
export class ListOrgChildrenUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly orgs: OrgRepository,
  ) {}

  async execute(principal: Principal, request: { parentId: string } & PageRequest): Promise<Page<OrgRecord>> {
    if (!request.parentId) throw new IdentityError('invalid_argument', 'parentId is required');
    const query = pageQuery(request, ORG_ORDER);
    const manager = this.dataSource.manager;
    const { jurisdiction, root } = await requestedSubtree(manager, this.orgs, principal, request.parentId);
    return this.orgs.search(manager, { withinPaths: [jurisdiction, root], parentId: request.parentId }, query);
  }
}

export interface SearchOrgsCommand extends PageRequest {
  rootId: string;
  name: string;
  codePrefix: string;
  level: OrgLevel | null;
}

/** Orgs anywhere in a subtree of the caller's jurisdiction, by name, region / unit code prefix and level. */
export class SearchOrgsUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly orgs: OrgRepository,
  ) {}

  async execute(principal: Principal, command: SearchOrgsCommand): Promise<Page<OrgRecord>> {
    const name = command.name.trim();
    if (name.length > 100) throw new IdentityError('invalid_argument', 'name must be at most 100 characters');
    if (command.codePrefix && !/^[0-9A-Z]{1,16}$/.test(command.codePrefix)) {
      throw new IdentityError('invalid_argument', 'codePrefix must be 1–16 digits or uppercase letters, e.g. 3701 or S00');
    }
    const query = pageQuery(command, ORG_ORDER);
    const manager = this.dataSource.manager;
    const { jurisdiction, root } = await requestedSubtree(manager, this.orgs, principal, command.rootId);
    return this.orgs.search(
      manager,
      {
        withinPaths: [jurisdiction, root],
        ...(name ? { nameContains: name } : {}),
        ...(command.codePrefix ? { codePrefix: command.codePrefix } : {}),
        ...(command.level ? { level: command.level } : {}),
      },
      query,
    );
  }
}
