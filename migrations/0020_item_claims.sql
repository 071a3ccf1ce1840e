-- Which process instance last took an item's pipeline step (issue 13.9). A process that crashed
-- and comes back requeues the items it held at once, instead of waiting for job expiry and the
-- reconciler's threshold (which remains for a process that never comes back).
alter table items add column claimed_by text;
create index items_claimed_received on items (claimed_by) where state = 'received';
