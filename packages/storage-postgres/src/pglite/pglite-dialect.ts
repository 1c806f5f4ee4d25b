import {
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
} from 'kysely';
import { PgliteDriver } from './pglite-driver.js';
import type { PgliteSession } from './pglite-session.js';

/** Kysely's Postgres dialect with the driver swapped for embedded PGlite (SQL, introspection and migrations unchanged). */
export class PgliteDialect implements Dialect {
  constructor(private readonly session: PgliteSession) {}

  createDriver(): Driver {
    return new PgliteDriver(this.session);
  }

  createQueryCompiler(): QueryCompiler {
    return new PostgresQueryCompiler();
  }

  createAdapter(): DialectAdapter {
    return new PostgresAdapter();
  }

  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new PostgresIntrospector(db);
  }
}
