-- Review screen (issue 6): the queue's sort key, acknowledgement texts, login throttling.
-- Forward-only.

-- The call-back deadline of an item, computed by the application's working-day calendar
-- (src/review/deadlines.ts) and kept here so the queue can sort and page on an index.
-- Null means "not computed yet"; the review screen fills it in and clears it when the calendar changes.
alter table items add column callback_due date;
create index items_queue_due on items (state, callback_due, id);
create index items_handler on items (handler_id, state) where handler_id is not null;

-- What was sent (or printed), so the coordinator can see and reprint it.
alter table acknowledgements add column subject text;
alter table acknowledgements add column body text;
alter table acknowledgements add column attempts integer not null default 0;
create index acknowledgements_registration on acknowledgements (registration_id);

-- Listing the audit log newest first.
create index audit_log_at on audit_log (at desc, id desc);

-- Failed logins per remote address (slows down guessing across many usernames).
create table login_failures (
  address text primary key,
  failures integer not null default 0,
  last_failure_at timestamptz not null default now()
);

-- Items whose call-back deadline still has to be computed.
create index items_due_missing on items (id) where callback_due is null;
