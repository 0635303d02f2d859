import { grpcMethodLabels } from './grpc-metrics.js';

describe('grpcMethodLabels', () => {
  it('splits a call path into the fully qualified service and the method', () => {
    expect(grpcMethodLabels('/yanxiu.identity.v1.IdentityService/GetTeacher')).toEqual({ service: 'yanxiu.identity.v1.IdentityService', method: 'GetTeacher' });
  });
});
