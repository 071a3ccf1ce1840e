-- The handler's half of the procedure (issue 10): the intake decision (Awb 9:8), informing the
-- employee, notes, the hearing (Awb 9:10), informal resolution (Awb 9:5), the decision per part
-- (Awb 9:12), the letters the law requires (kept as the exact bytes sent), editable letter
-- templates, and the once-a-day reminder log. Forward-only.

-- The handler's function, printed under their name in letters.
alter table users add column job_title text;

-- The intake decision and the decision on the registration itself.
alter table registrations add column treatment text check (treatment in ('in-behandeling', 'niet-in-behandeling'));
alter table registrations add column treatment_ground text;
alter table registrations add column treatment_reasons text;
alter table registrations add column treatment_at timestamptz;
alter table registrations add column treatment_by bigint references users (id);
alter table registrations add column decided_at timestamptz;
alter table registrations add column decided_by bigint references users (id);
alter table registrations add column informal_outcome text;
alter table registrations add column informal_at timestamptz;

-- Judgement per part of the complaint (one part when the letter raises one point).
create table decision_parts (
  id bigint generated always as identity primary key,
  registration_id bigint not null references registrations (id) on delete cascade,
  position integer not null,
  subject text,
  judgement text not null check (judgement in ('gegrond', 'deels-gegrond', 'ongegrond', 'geen-oordeel')),
  findings text not null,
  reasons text,
  measures text,
  unique (registration_id, position)
);

-- Steps of the treatment: informed, notes, hearing (invited / held / declined), attachments.
create table procedure_events (
  id bigint generated always as identity primary key,
  registration_id bigint not null references registrations (id) on delete cascade,
  kind text not null check (kind in ('informed', 'note', 'hearing-invited', 'hearing-held', 'hearing-declined', 'attachment')),
  happened_on date,
  detail jsonb not null default '{}',
  created_by bigint references users (id),
  created_at timestamptz not null default now()
);
create index procedure_events_registration on procedure_events (registration_id, id);

-- Every letter of a registration. A concept can still be edited; once sent (or handed to the post
-- room) `pdf` holds the exact bytes that went out.
create table letters (
  id bigint generated always as identity primary key,
  registration_id bigint not null references registrations (id) on delete cascade,
  type text not null check (type in ('not-in-treatment', 'postponement', 'decision')),
  addressee text not null default 'complainant' check (addressee in ('complainant', 'employee')),
  status text not null default 'concept' check (status in ('concept', 'queued', 'post', 'sent', 'failed')),
  medium text check (medium in ('e-mail', 'post')),
  recipient text,
  recipient_name text,
  address_block text,
  subject text not null,
  body text not null,
  pdf bytea,
  message_id text,
  error text,
  attempts integer not null default 0,
  created_by bigint references users (id),
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  sent_by bigint references users (id)
);
create index letters_registration on letters (registration_id, id);
create index letters_pending on letters (id) where status = 'queued';

-- Admin-edited wording of the letters (liquid templates); the shipped defaults live in code.
create table letter_templates (
  type text primary key check (type in ('not-in-treatment', 'postponement', 'decision')),
  subject text not null,
  body text not null,
  updated_by bigint references users (id),
  updated_at timestamptz not null default now()
);

-- At most one reminder mail a day per person.
create table reminder_log (
  user_id bigint not null references users (id) on delete cascade,
  day date not null,
  sent_at timestamptz not null default now(),
  count integer not null,
  primary key (user_id, day)
);
