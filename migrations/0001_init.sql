-- Items, their originals and what the pipeline made of them; registrations; users; audit log.
-- Forward-only. Applied by src/db/migrate.ts inside one transaction under an advisory lock.

create table departments (
  code text primary key,
  name text not null,
  topics text[] not null default '{}',
  external boolean not null default false,
  active boolean not null default true,
  sort integer not null default 0
);

create table locations (
  code text primary key,
  name text not null,
  address text not null default '',
  aliases text[] not null default '{}',
  active boolean not null default true
);

create table users (
  id bigint generated always as identity primary key,
  username text not null unique,
  display_name text not null,
  email text,
  role text not null check (role in ('coordinator', 'handler', 'admin')),
  password_hash text not null,
  active boolean not null default true,
  failed_logins integer not null default 0,
  locked_until timestamptz,
  created_at timestamptz not null default now()
);

-- One row per thing taken in, whatever became of it. (source_type, source_key) makes intake exactly-once:
-- imap: mailbox/uidvalidity/uid; folder and upload: sha256 of the content; manual: a random id.
create table items (
  id bigint generated always as identity primary key,
  source_type text not null check (source_type in ('imap', 'folder', 'upload', 'manual')),
  source_key text not null,
  source jsonb not null,
  channel text not null check (channel in ('email', 'letter', 'telefoon', 'balie')),
  state text not null default 'received'
    check (state in ('received', 'draft', 'registered', 'not-a-complaint', 'quarantined', 'attached')),
  state_reason text,
  kind text check (kind in ('klacht', 'bezwaar', 'woo-verzoek', 'vraag', 'geen-klacht')),
  not_complaint_reason text,
  filename text,
  content_type text not null,
  size_bytes bigint not null,
  sha256 text not null,
  message_id text,
  subject text,
  sender_name text,
  sender_address text,
  received_at timestamptz not null,
  department text references departments (code),
  department_confidence real,
  handler_id bigint references users (id),
  related_registration text,
  flags text[] not null default '{}',
  search_text text not null default '',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (source_type, source_key)
);
create index items_state_received on items (state, received_at);
create index items_message_id on items (message_id) where message_id is not null;
create index items_search on items using gin (to_tsvector('dutch', search_text));

-- The original bytes, unchanged. Kept in the database so that workers on other machines can read them.
create table item_blobs (
  item_id bigint primary key references items (id) on delete cascade,
  bytes bytea not null
);

create table attachments (
  id bigint generated always as identity primary key,
  item_id bigint not null references items (id) on delete cascade,
  position integer not null,
  filename text,
  content_type text not null,
  size_bytes bigint not null,
  sha256 text not null,
  cid text,
  inline boolean not null default false,
  bytes bytea not null,
  unique (item_id, position)
);

-- The read stage's result (ReadDocument JSON), replaced when an item is read again.
create table item_reads (
  item_id bigint primary key references items (id) on delete cascade,
  document jsonb not null,
  created_at timestamptz not null default now()
);

-- Display image of each letter page (word boxes are in the ReadDocument, in the same pixel space).
create table page_images (
  item_id bigint not null references items (id) on delete cascade,
  page integer not null,
  content_type text not null,
  width integer not null,
  height integer not null,
  bytes bytea not null,
  primary key (item_id, page)
);

-- Extraction results per shared/contracts/extraction.schema.json, versioned: the pipeline writes a version,
-- each coordinator edit writes the next. The highest version is the current draft.
create table extractions (
  item_id bigint not null references items (id) on delete cascade,
  version integer not null,
  data jsonb not null,
  origin text not null check (origin in ('pipeline', 'coordinator', 'manual')),
  model_version text,
  created_by bigint references users (id),
  created_at timestamptz not null default now(),
  primary key (item_id, version)
);

create table registration_counters (
  year integer primary key,
  last integer not null
);

create table registrations (
  id bigint generated always as identity primary key,
  number text not null unique check (number ~ '^KL-[0-9]{4}-[0-9]{5}$'),
  item_id bigint not null unique references items (id),
  department text references departments (code),
  handler_id bigint references users (id),
  status text not null default 'open' check (status in ('open', 'in-behandeling', 'niet-in-behandeling', 'afgehandeld', 'informeel-afgehandeld', 'doorgestuurd')),
  received_at timestamptz not null,
  callback_due date not null,
  intake_due date not null,
  decision_due date not null,
  statutory_due date not null,
  postponed_until date,
  confirmed_by bigint references users (id),
  confirmed_at timestamptz not null default now(),
  closed_at timestamptz
);

create table acknowledgements (
  id bigint generated always as identity primary key,
  registration_id bigint not null references registrations (id),
  medium text not null check (medium in ('e-mail', 'brief')),
  recipient text,
  message_id text,
  status text not null default 'queued' check (status in ('queued', 'sent', 'failed', 'skipped')),
  error text,
  created_at timestamptz not null default now(),
  sent_at timestamptz
);
create index acknowledgements_message_id on acknowledgements (message_id) where message_id is not null;

-- A coordinator moved an item to another department: training data for the classifier.
create table department_corrections (
  id bigint generated always as identity primary key,
  item_id bigint not null references items (id) on delete cascade,
  from_code text,
  to_code text not null references departments (code),
  created_by bigint references users (id),
  created_at timestamptz not null default now()
);

create table classifier_models (
  version text primary key,
  examples integer not null,
  model jsonb not null,
  created_at timestamptz not null default now()
);

create table extra_holidays (
  day date primary key,
  description text not null,
  created_by bigint references users (id),
  created_at timestamptz not null default now()
);

create table sessions (
  id text primary key, -- sha256 of the cookie token; the token itself is never stored
  user_id bigint not null references users (id) on delete cascade,
  csrf_token text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  last_seen_at timestamptz not null default now()
);

-- Every read and every change of a complaint (AVG): who, when, what, before and after.
create table audit_log (
  id bigint generated always as identity primary key,
  at timestamptz not null default now(),
  user_id bigint references users (id),
  actor text not null, -- username, or 'system:<component>'
  action text not null,
  item_id bigint references items (id) on delete set null,
  registration_id bigint references registrations (id) on delete set null,
  detail jsonb
);
create index audit_log_item on audit_log (item_id, at);
