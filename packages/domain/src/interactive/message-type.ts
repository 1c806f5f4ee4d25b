import type { MessageType } from '../model/decision.js';

const TYPES: ReadonlyMap<string, MessageType> = new Map([
  ['error', 'error'],
  ['notification', 'notification'],
  ['warning', 'warning'],
  ['success', 'success'],
  ['information', 'information'],
  ['info', 'information'],
]);

/**
 * Reads a subscriber's `msg_type`, case-insensitively and ignoring surrounding spaces; `info` is
 * read as `information`. Null when the value names no message type.
 */
export function parseMessageType(value: string): MessageType | null {
  return TYPES.get(value.trim().toLowerCase()) ?? null;
}
