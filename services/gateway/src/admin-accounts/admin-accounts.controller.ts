import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@yanxiu/auth';
import { ServiceClients } from '../grpc/service-clients.js';
import { pageOf } from '../listing/page.dto.js';
import { AdminAccountPageView, CreateAdminAccountBody, IssuedAdminAccountView, ListAdminAccountsQuery } from './admin-account.dto.js';
import { adminAccountView, issuedView } from './admin-account.mapper.js';

/** 管理员 accounts, one level down; identity decides who may. */
@ApiTags('admin-accounts')
@ApiBearerAuth()
@Controller('admin-accounts')
export class AdminAccountsController {
  constructor(private readonly services: ServiceClients) {}

  @Post()
  @ApiOperation({
    summary: 'Create the account of an admin one level below you',
    description:
      'A county admin for a school, kindergarten or institution of the county (由县管理员为新学校添加管理员), a city admin for a county, the province admin for a city. The answer carries the initial password once; it must be changed at the first login, to a complex one (≥ 10 characters with upper, lower, digit and special), and admin passwords expire after the days the realm sets.',
  })
  @ApiResponse({ status: 201, type: IssuedAdminAccountView })
  async create(@Body() body: CreateAdminAccountBody, @CurrentPrincipal() principal: Principal): Promise<IssuedAdminAccountView> {
    return issuedView(await this.services.identity(principal).createAdminAccount({ ...body, phone: body.phone ?? '' }));
  }

  @Get()
  @ApiOperation({ summary: 'Admin accounts of the orgs in your jurisdiction (or below orgId), by org path' })
  @ApiResponse({ status: 200, type: AdminAccountPageView })
  async list(@Query() query: ListAdminAccountsQuery, @CurrentPrincipal() principal: Principal): Promise<AdminAccountPageView> {
    const page = await this.services.identity(principal).listAdminAccounts({ orgId: query.orgId ?? '', ...pageOf(query) });
    return { accounts: page.accounts.map(adminAccountView), nextPageToken: page.nextPageToken, total: page.total };
  }

  @Post(':id/reset-password')
  @HttpCode(200)
  @ApiOperation({ summary: 'Give an admin one level below a new initial password (forgotten or leaked); ends their sessions' })
  @ApiResponse({ status: 200, type: IssuedAdminAccountView })
  async resetPassword(@Param('id', ParseUUIDPipe) id: string, @CurrentPrincipal() principal: Principal): Promise<IssuedAdminAccountView> {
    return issuedView(await this.services.identity(principal).resetAdminPassword({ id }));
  }
}
