/** A rising edge of completion: the user's (or child's) forms just became complete. */
export interface CompletionEvent {
  readonly key: 'user_complete' | 'child_complete';
  readonly userId: string;
}
