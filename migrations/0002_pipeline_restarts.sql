-- How often the reconciler had to restart an item's pipeline (a crash or a killed worker);
-- past a limit the item is quarantined instead of retried forever.
alter table items add column pipeline_restarts integer not null default 0;
