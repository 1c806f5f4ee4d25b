import { openStorage } from '@webhooks/storage-postgres';

/**
 * The smallest case of BUG-7, as its own process: a storage transaction holds its pooled
 * connection between two statements while the server ends that connection. The transaction
 * should fail and the process live on (it prints SURVIVED and exits 0); a process without an
 * `error` listener on checked-out clients dies of an unhandled 'error' event instead.
 */
async function main(): Promise<void> {
  const databaseUrl = process.env['DATABASE_URL'];
  if (!databaseUrl) throw new Error('DATABASE_URL is required');
  const handle = await openStorage({ databaseUrl, migrate: true });
  const outcome = await handle.storage
    .transaction(async (tx) => {
      await tx.projects.get('prj_probe');
      process.stdout.write('IN_TRANSACTION\n');
      await new Promise((resolve) => setTimeout(resolve, 3000));
      await tx.projects.get('prj_probe');
    })
    .then(
      () => 'committed',
      (error: unknown) => `failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  process.stdout.write(`TRANSACTION ${outcome}\n`);
  await handle.close().catch(() => undefined);
  process.stdout.write('SURVIVED\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`PROBE FAILED ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(3);
});
