/** A live listener's session (`listen_sessions`). */
export interface ListenSessionTable {
  id: string;
  project_id: string;
  event_keys: string[];
  expires_at: Date;
}
