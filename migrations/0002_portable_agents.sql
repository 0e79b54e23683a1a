-- Portable agents (agt_…) live in `agents` with provider 'portable' and their whole definition in
-- body. A vendor agent Switchboard deployed for one carries its id in portable_id: hidden from
-- lists, and refused (409) to direct edits.
ALTER TABLE agents ADD COLUMN portable_id TEXT;
CREATE INDEX agents_by_portable ON agents (portable_id);

-- A routed call keeps its portable agent in agent_id; target_agent_id is the vendor agent that ran it.
ALTER TABLE calls ADD COLUMN target_agent_id TEXT;
