-- Agent definitions Switchboard keeps for vendors with no agent object (Bland renders one into
-- each call). Per project: another project's id is simply not found.
CREATE TABLE kept_agents (
  project TEXT NOT NULL,
  provider TEXT NOT NULL,
  id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (project, provider, id)
);
CREATE INDEX kept_agents_by_age ON kept_agents (project, provider, created_at, id);
