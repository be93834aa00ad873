-- The next action's owner and due date, kept current by every transition,
-- so that "Mijn werk" is one indexed range scan however many trajectories
-- the region has. Overdue actions have the earliest due dates, so ordering
-- by due_on puts them first.
ALTER TABLE trajectories ADD COLUMN owner_org_id BIGINT
--;
ALTER TABLE trajectories ADD COLUMN due_on DATE
--;
CREATE INDEX trajectories_owner_due ON trajectories (owner_org_id, due_on)
