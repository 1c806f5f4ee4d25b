import type { IdGenerator, IdPrefix } from '../ports/id-generator.port.js';

/** Ids `prefix_000001`, `prefix_000002`, …: unique, sortable and readable in test failures. */
export class SequentialIds implements IdGenerator {
  private counter = 0;

  /** The next id with `prefix`. */
  next(prefix: IdPrefix): string {
    this.counter += 1;
    return `${prefix}_${String(this.counter).padStart(8, '0')}`;
  }
}
