-- Numbers a project must never call (API.md § Suppressions): checked on every create and campaign dial.
CREATE TABLE suppressions (
  project TEXT NOT NULL,
  number TEXT NOT NULL,
  reason TEXT,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (project, number)
);
-- The list, newest first.
CREATE INDEX suppressions_by_time ON suppressions (project, created_at, number);
