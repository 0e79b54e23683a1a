-- Console sign-in sessions (src/console/sessions.ts). The browser holds only a random token; this
-- table keeps its SHA-256, never the token, and the signed-in key's digest, never the key.
CREATE TABLE console_sessions (
  id TEXT PRIMARY KEY,
  key_digest TEXT NOT NULL,
  -- The managed key's id, so revoking it can end its sessions at once; NULL for a root key.
  key_id TEXT,
  project TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL
);
CREATE INDEX console_sessions_by_key ON console_sessions (key_id);
CREATE INDEX console_sessions_by_last_seen ON console_sessions (last_seen_at);
