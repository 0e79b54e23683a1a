-- What completing a call implies, done by the database inside the completion's own UPDATE, so a
-- create sends D1 one statement after its vendor answers instead of four (src/ledger/calls.ts).
--
-- A vendor id is unique at the vendor: a row still holding it under another ref is stale (a vendor
-- that reuses ids) and goes, with its metadata, before the id moves to the completed row.
CREATE TRIGGER calls_drop_stale_id BEFORE UPDATE OF id ON calls
FOR EACH ROW WHEN NEW.id IS NOT NULL AND OLD.id IS NOT NEW.id
BEGIN
  DELETE FROM call_metadata WHERE ref IN (SELECT ref FROM calls WHERE id = NEW.id AND ref <> NEW.ref);
  DELETE FROM calls WHERE id = NEW.id AND ref <> NEW.ref;
END;

-- An event that overtook its call's completion was kept without a project: it belongs to the call's.
CREATE TRIGGER calls_claim_events AFTER UPDATE OF id ON calls
FOR EACH ROW WHEN NEW.id IS NOT NULL AND OLD.id IS NOT NEW.id
BEGIN
  UPDATE events SET project = NEW.project WHERE project IS NULL AND call_id = NEW.id;
END;
