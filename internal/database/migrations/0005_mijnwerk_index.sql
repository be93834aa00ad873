-- Mijn werk orders by (due_on, id) within one owner: an index in that exact
-- order lets PostgreSQL read the first rows and stop instead of sorting all
-- of an organisation's trajectories.
DROP INDEX trajectories_owner_due
--;
CREATE INDEX trajectories_owner_due_id ON trajectories (owner_org_id, due_on, id)
