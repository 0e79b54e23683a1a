-- Switchboard's own record: projects, managed keys, agents, calls and events.
-- Times are epoch milliseconds (INTEGER) so keyset cursors and ranges compare numbers.
-- Every list and usage query has an index that starts with (project, …).

CREATE TABLE projects (
  slug TEXT PRIMARY KEY,
  created_at INTEGER NOT NULL
);

CREATE TABLE api_keys (
  id TEXT PRIMARY KEY,
  project TEXT NOT NULL,
  name TEXT NOT NULL,
  -- SHA-256 of the secret, hex; the secret itself is never stored.
  digest TEXT NOT NULL UNIQUE,
  prefix TEXT NOT NULL,
  scopes TEXT NOT NULL,
  providers TEXT,
  requests_per_minute INTEGER,
  created_at INTEGER NOT NULL,
  expires_at INTEGER,
  last_used_at INTEGER,
  revoked_at INTEGER
);
CREATE INDEX api_keys_by_project ON api_keys (project, created_at, id);

-- ref is Switchboard's own id for the record, written before the vendor is asked; id is the
-- public `<provider>_<vendorId>`, known once the vendor answered (NULL while pending).
CREATE TABLE agents (
  ref TEXT PRIMARY KEY,
  project TEXT NOT NULL,
  id TEXT UNIQUE,
  provider TEXT NOT NULL,
  state TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  body TEXT
);
CREATE INDEX agents_by_project ON agents (project, created_at, ref);
CREATE INDEX agents_by_provider ON agents (project, provider, created_at, ref);

CREATE TABLE calls (
  ref TEXT PRIMARY KEY,
  project TEXT NOT NULL,
  id TEXT UNIQUE,
  provider TEXT NOT NULL,
  agent_id TEXT NOT NULL,
  campaign_id TEXT,
  state TEXT NOT NULL,
  status TEXT,
  to_number TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  -- When the recorded status was observed: an older event never overwrites a newer read.
  status_at INTEGER NOT NULL,
  ended_at INTEGER,
  duration_seconds REAL,
  cost_amount REAL,
  cost_currency TEXT,
  body TEXT
);
CREATE INDEX calls_by_project ON calls (project, created_at, ref);
CREATE INDEX calls_by_provider ON calls (project, provider, created_at, ref);
CREATE INDEX calls_by_agent ON calls (project, agent_id, created_at, ref);
CREATE INDEX calls_by_campaign ON calls (project, campaign_id, created_at, ref);
CREATE INDEX calls_by_status ON calls (project, status, created_at, ref);
CREATE INDEX calls_by_to ON calls (project, to_number, created_at, ref);
CREATE INDEX calls_by_ended ON calls (ended_at);

-- Top-level metadata values of a call, one row each, so `metadata.<key>=<value>` is an index lookup.
CREATE TABLE call_metadata (
  ref TEXT NOT NULL,
  project TEXT NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (ref, key)
);
CREATE INDEX call_metadata_lookup ON call_metadata (project, key, value, created_at, ref);

CREATE TABLE events (
  id TEXT PRIMARY KEY,
  -- NULL until the call it belongs to is recorded (an event can overtake its call's completion).
  project TEXT,
  call_id TEXT NOT NULL,
  campaign_id TEXT,
  type TEXT NOT NULL,
  provider TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  destination TEXT,
  delivery_status TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  -- Attempts made before the current round (a redelivery starts a new round of queue attempts).
  attempt_base INTEGER NOT NULL DEFAULT 0,
  last_attempt_at INTEGER,
  last_response_status INTEGER,
  last_error TEXT,
  next_attempt_at INTEGER,
  transcript_truncated INTEGER NOT NULL DEFAULT 0,
  payload TEXT NOT NULL
);
CREATE INDEX events_by_project ON events (project, created_at, id);
CREATE INDEX events_by_call ON events (call_id, created_at, id);
CREATE INDEX events_by_type ON events (project, type, created_at, id);
CREATE INDEX events_by_delivery ON events (project, delivery_status, created_at, id);
CREATE INDEX events_by_campaign ON events (project, campaign_id, created_at, id);
