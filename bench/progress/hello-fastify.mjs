// Baseline B of the progress bench: the barest Fastify server, GET /hello → "hello". Port in PORT.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/hello', () => 'hello');
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.send?.('ready');
