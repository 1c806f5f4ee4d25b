import { createServer } from 'node:http';
import { Receiver } from '@webhooks/test-kit';

/**
 * The receiver host's process: the test kit's `Receiver` on `<address>:8080` (verifying every
 * Standard Webhooks signature, answering 200 after `LATE_MS` when set), and on `<address>:8081`
 * a control port for the test: `POST /secret` `{path, secret}`, `GET /counts` (requests per
 * `<path> <webhook-id>`, how many did not verify).
 * Run inside the host's namespace: `node … src/receiver-main.ts <address>`.
 */
const address = process.argv[2] ?? '127.0.0.1';
const lateMs = Number(process.env['LATE_MS'] ?? '0');
const receiver = await new Receiver().start(address, 8080);
if (lateMs > 0) receiver.behaveElsewhere({ kind: 'late', afterMs: lateMs, status: 200 });

const control = createServer((req, res) => {
  let body = '';
  req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
  req.on('end', () => {
    if (req.method === 'POST' && req.url === '/secret') {
      const { path, secret } = JSON.parse(body) as { path: string; secret: string };
      receiver.secret(path, secret);
      res.writeHead(204).end();
      return;
    }
    if (req.method === 'GET' && req.url === '/counts') {
      const byKey: Record<string, number> = {};
      let unverified = 0;
      for (const r of receiver.received) {
        const key = `${r.path} ${String(r.headers['webhook-id'])}`;
        byKey[key] = (byKey[key] ?? 0) + 1;
        if (!r.verified) unverified += 1;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ total: receiver.received.length, unverified, byKey }));
      return;
    }
    res.writeHead(404).end();
  });
});
await new Promise<void>((resolve) => control.listen(8081, address, resolve));
process.stdout.write(`receiver listening on ${receiver.url('')}\n`);

const stop = () => {
  control.close();
  void receiver.stop().then(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
