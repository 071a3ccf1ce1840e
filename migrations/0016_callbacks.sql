-- The call-back (the coordinator phones the complainant within 3 working days, 7 for a letter):
-- each attempt with its outcome, and on the registration when the complainant was first reached,
-- so the queue stops showing the deadline as due and the yearly overview can count it.
-- Forward-only.
create table callbacks (
  id bigint generated always as identity primary key,
  registration_id bigint not null references registrations (id) on delete cascade,
  outcome text not null check (outcome in ('gesproken', 'voicemail', 'niet-bereikbaar')),
  note text,
  called_at timestamptz not null default now(),
  called_by bigint references users (id)
);
create index callbacks_registration on callbacks (registration_id, called_at);
alter table registrations add column called_back_at timestamptz;
