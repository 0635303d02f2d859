import { Client, credentials, Server, ServerCredentials, status, type ServiceError, type UntypedServiceImplementation } from '@grpc/grpc-js';
import { grpcServerMetrics } from './grpc-metrics.js';
import { metricsRegistry } from './metrics.js';

const identity = (buffer: Buffer) => buffer;
const echo = { path: '/test.v1.EchoService/Echo', requestStream: false, responseStream: false, requestSerialize: identity, requestDeserialize: identity, responseSerialize: identity, responseDeserialize: identity };

describe('grpcServerMetrics against a grpc-js server', () => {
  let server: Server;
  let client: Client;

  beforeAll(async () => {
    server = new Server({ interceptors: [grpcServerMetrics] });
    const implementation: UntypedServiceImplementation = {
      // An empty request is refused, so both outcomes can be observed.
      Echo: (call: { request: Buffer }, callback: (error: Partial<ServiceError> | null, reply?: Buffer) => void) =>
        call.request.length > 0 ? callback(null, call.request) : callback({ code: status.NOT_FOUND, details: 'nothing to echo' }),
    };
    server.addService({ Echo: echo }, implementation);
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
    );
    client = new Client(`127.0.0.1:${port}`, credentials.createInsecure());
  });

  afterAll(() => {
    client?.close();
    server?.forceShutdown();
  });

  function call(request: string): Promise<unknown> {
    return new Promise((resolve) => client.makeUnaryRequest(echo.path, identity, identity, Buffer.from(request), (error, reply) => resolve(error ?? reply)));
  }

  it('times each call by service, method and the status code it ended with', async () => {
    await call('hello');
    await call('again');
    await call('');

    const histogram = await metricsRegistry.getSingleMetric('grpc_server_handling_seconds')?.get();
    const counts = histogram?.values.filter((v) => 'metricName' in v && v.metricName === 'grpc_server_handling_seconds_count');
    expect(counts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ labels: { service: 'test.v1.EchoService', method: 'Echo', code: 'OK' }, value: 2 }),
        expect.objectContaining({ labels: { service: 'test.v1.EchoService', method: 'Echo', code: 'NOT_FOUND' }, value: 1 }),
      ]),
    );
  });
});
