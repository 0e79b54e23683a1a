-- The campaign index: which project owns a campaign, and its status for lists. Contacts and attempts
-- live in the campaign's own Durable Object (src/campaigns/campaign-object.ts).
CREATE TABLE campaigns (
  id TEXT PRIMARY KEY,
  project TEXT NOT NULL,
  name TEXT NOT NULL,
  status TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX campaigns_by_project ON campaigns (project, created_at, id);
