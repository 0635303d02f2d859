import { status } from '@grpc/grpc-js';
import { BadRequestException, ForbiddenException, UnauthorizedException } from '@nestjs/common';
import { httpStatusOfGrpc, toProblem } from './problem-details.filter.js';

describe('toProblem', () => {
  it('maps gRPC refusals from services to HTTP statuses', () => {
    expect(toProblem({ code: status.PERMISSION_DENIED, details: 'out_of_jurisdiction: /37/3702 is outside /37/3701' }, '/api/v1/orgs/x')).toEqual({
      type: 'https://yanxiu.example/problems/403',
      title: 'Forbidden',
      status: 403,
      detail: 'out_of_jurisdiction: /37/3702 is outside /37/3701',
      instance: '/api/v1/orgs/x',
    });
    expect(toProblem({ code: status.ALREADY_EXISTS, details: 'org_exists' }, '/').status).toBe(409);
    expect(toProblem({ code: status.UNAVAILABLE, details: 'no connection' }, '/').status).toBe(503);
  });

  it('keeps HTTP errors and joins validation messages', () => {
    expect(toProblem(new UnauthorizedException('expired'), '/').status).toBe(401);
    expect(toProblem(new ForbiddenException(), '/').status).toBe(403);
    expect(toProblem(new BadRequestException(['code must be a string', 'name should not be empty']), '/').detail).toBe('code must be a string; name should not be empty');
  });

  it('hides unexpected errors behind a 500', () => {
    expect(toProblem(new Error('db password is x'), '/')).toMatchObject({ status: 500, detail: 'unexpected error' });
  });

  it('maps every gRPC status to an HTTP status', () => {
    for (const code of Object.values(status).filter((v): v is number => typeof v === 'number')) {
      expect(httpStatusOfGrpc(code)).toBeGreaterThanOrEqual(200);
    }
  });
});
