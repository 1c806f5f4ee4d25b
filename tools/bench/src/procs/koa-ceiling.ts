/**
 * The ingest ceiling: a bare Koa 3 app with one route that reads and parses the same JSON body
 * as the service's activities route and answers 202, no validation and no database. Prints
 * `LISTENING <port>` once it listens on 127.0.0.1.
 */
import type { IncomingMessage } from 'node:http';
import Koa from 'koa';

const LIMIT = 256 * 1024;
const ROUTE = /^\/v1\/projects\/([^/]+)\/activities$/;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > LIMIT) reject(new Error('too large'));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const app = new Koa();
app.use(async (ctx) => {
  const match = ROUTE.exec(ctx.path);
  if (ctx.method !== 'POST' || !match) {
    ctx.status = 404;
    return;
  }
  const body = JSON.parse(await readBody(ctx.req)) as { id?: unknown };
  ctx.status = 202;
  ctx.body = { activityId: typeof body.id === 'string' ? body.id : '', events: [{ key: 'login_success', deliveries: 1 }] };
});

const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`LISTENING ${typeof address === 'object' && address ? address.port : 0}\n`);
});
server.keepAliveTimeout = 65_000;
process.on('SIGTERM', () => server.close(() => process.exit(0)));
