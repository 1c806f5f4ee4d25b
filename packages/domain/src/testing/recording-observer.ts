import type { AttemptObserver, AttemptReport } from '../ports/attempt-observer.port.js';

/** An attempt observer that keeps every report, for tests. */
export class RecordingObserver implements AttemptObserver {
  readonly reports: AttemptReport[] = [];

  attempted(report: AttemptReport): void {
    this.reports.push(report);
  }
}
