-- Campaign events (campaign.started … campaign.canceled) belong to a campaign, not a call, and a
-- portable agent's campaign has no single provider: call_id and provider become nullable. SQLite
-- cannot relax a NOT NULL in place, so the table is rebuilt with its rows and indexes.
CREATE TABLE events_next (
  id TEXT PRIMARY KEY,
  -- NULL until the call it belongs to is recorded (an event can overtake its call's completion).
  project TEXT,
  -- NULL for a campaign event.
  call_id TEXT,
  campaign_id TEXT,
  type TEXT NOT NULL,
  -- NULL for a campaign event whose agent is portable.
  provider TEXT,
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
INSERT INTO events_next (id, project, call_id, campaign_id, type, provider, created_at, destination,
  delivery_status, attempts, attempt_base, last_attempt_at, last_response_status, last_error,
  next_attempt_at, transcript_truncated, payload)
SELECT id, project, call_id, campaign_id, type, provider, created_at, destination,
  delivery_status, attempts, attempt_base, last_attempt_at, last_response_status, last_error,
  next_attempt_at, transcript_truncated, payload
FROM events;
DROP TABLE events;
ALTER TABLE events_next RENAME TO events;
CREATE INDEX events_by_project ON events (project, created_at, id);
CREATE INDEX events_by_call ON events (call_id, created_at, id);
CREATE INDEX events_by_type ON events (project, type, created_at, id);
CREATE INDEX events_by_delivery ON events (project, delivery_status, created_at, id);
CREATE INDEX events_by_campaign ON events (project, campaign_id, created_at, id);
