import { DataDirInUseError, openStorage } from '@webhooks/storage-postgres';
import { ConfigError, readConfig } from '@webhooks/worker';

/** `npm run migrate`: applies pending migrations to DATABASE_URL (or the embedded database) and exits. */
async function main(): Promise<void> {
  const config = readConfig(process.env, () => 'unused-by-migrate');
  const storage = await openStorage({ ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: config.dataDir }), migrate: true });
  await storage.close();
  process.stdout.write(`migrations applied (${storage.kind})\n`);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError || error instanceof DataDirInUseError ? error.message : error);
  process.exit(1);
});
