/** `2 not resent (…): 1 webhook disabled, 1 interactive call.`, or null when nothing was skipped. */
export function skippedSummary(skipped: number, byReason: Readonly<Record<string, number>>): string | null {
  if (skipped === 0) return null;
  const reasons = Object.entries(byReason).map(([reason, n]) => `${n} ${reason.replace(/_/g, ' ')}`);
  return `${skipped} not resent (the resend rules refuse them): ${reasons.join(', ')}.`;
}
