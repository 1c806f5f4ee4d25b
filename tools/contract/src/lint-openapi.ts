import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { documentText } from './published-document.js';

/**
 * Writes the OpenAPI document the service serves and lints it with Redocly (`redocly lint`, the
 * `recommended` rules, see `redocly.yaml`); exits with Redocly's status: non-zero on any error.
 */
function main(): number {
  const dir = mkdtempSync(join(tmpdir(), 'webhooks-openapi-'));
  try {
    const file = join(dir, 'openapi.json');
    writeFileSync(file, documentText());
    const cli = createRequire(import.meta.url).resolve('@redocly/cli/bin/cli.js');
    const config = fileURLToPath(new URL('../redocly.yaml', import.meta.url));
    const run = spawnSync(process.execPath, [cli, 'lint', file, '--config', config], { stdio: 'inherit', env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' } });
    return run.status ?? 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

process.exit(main());
