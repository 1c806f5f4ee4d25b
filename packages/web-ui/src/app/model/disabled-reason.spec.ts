import { describe, expect, it } from '@jest/globals';
import { disabledExplanation } from './disabled-reason.js';
import { formatLocal } from './format.js';

describe('disabledExplanation', () => {
  it('should say nothing of an enabled webhook', () => {
    expect(disabledExplanation({ enabled: true, disabledReason: null, failingSince: '2026-12-01T10:00:00Z' })).toBeNull();
  });

  it('should say since when a failing webhook failed, and how to enable it again', () => {
    const text = disabledExplanation({ enabled: false, disabledReason: 'failing', failingSince: '2026-11-28T09:30:00Z' });
    expect(text).toContain(`every delivery attempt has failed since ${formatLocal('2026-11-28T09:30:00Z')}`);
    expect(text).toContain('press Enable in this row');
    expect(text).toContain('it does not resend what failed: open Deliveries and use Resend failed…');
  });

  it('should explain 410 Gone, an admin, and a reason it does not know', () => {
    expect(disabledExplanation({ enabled: false, disabledReason: 'gone', failingSince: null })).toContain('410 Gone');
    expect(disabledExplanation({ enabled: false, disabledReason: 'gone', failingSince: null })).toContain('press Enable in this row');
    expect(disabledExplanation({ enabled: false, disabledReason: null, failingSince: null })).toBe('Disabled by an admin. Press Enable to deliver to it again.');
    expect(disabledExplanation({ enabled: false, disabledReason: 'other', failingSince: null })).toContain('(other)');
  });
});
