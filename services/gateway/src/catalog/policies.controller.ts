import { Body, Controller, Get, Param, ParseUUIDPipe, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@yanxiu/auth';
import { ServiceClients } from '../grpc/service-clients.js';
import { policyRules, policyView } from './catalog.mapper.js';
import { PolicyBody, PolicyView } from './policy.dto.js';

/** A training project's course-selection policy (packages, chapters, electives, pushed courses). */
@ApiTags('catalog')
@ApiBearerAuth()
@Controller('projects/:projectId/selection-policy')
export class PoliciesController {
  constructor(private readonly services: ServiceClients) {}

  @Put()
  @ApiOperation({
    summary: "Save a project's selection policy (province course experts and admins), until study starts",
    description: 'An impossible policy (required courses exceeding a chapter, fewer offered hours than required, choose k of n with k > n, …) answers 400 listing every problem.',
  })
  @ApiResponse({ status: 200, type: PolicyView })
  async save(@Param('projectId', ParseUUIDPipe) projectId: string, @Body() body: PolicyBody, @CurrentPrincipal() principal: Principal): Promise<PolicyView> {
    return policyView((await this.services.catalog(principal).savePolicy({ projectId, rules: policyRules(body), expectedRevision: body.expectedRevision })).policy);
  }

  @Get()
  @ApiResponse({ status: 200, type: PolicyView })
  async get(@Param('projectId', ParseUUIDPipe) projectId: string, @CurrentPrincipal() principal: Principal): Promise<PolicyView> {
    return policyView((await this.services.catalog(principal).getPolicy({ projectId })).policy);
  }
}
