-- The online complaint form (issue 11): items from the form (source 'form', channel 'online'), the
-- per-address submission limits, ALTCHA challenges already used, the receipt mail sent to the citizen
-- at once (at most one per submission), and the secret that signs the challenges.

alter table items drop constraint if exists items_source_type_check;
alter table items add constraint items_source_type_check
  check (source_type in ('imap', 'folder', 'upload', 'manual', 'form'));
alter table items drop constraint if exists items_channel_check;
alter table items add constraint items_channel_check
  check (channel in ('email', 'letter', 'telefoon', 'balie', 'online'));

-- Submissions per client address (a keyed hash, never the address itself) per one-minute window. In
-- the database, so that several web processes behind one load balancer count together.
create table form_rate_limits (
  bucket text not null,
  window_start timestamptz not null,
  hits integer not null default 0,
  primary key (bucket, window_start)
);
create index form_rate_limits_window on form_rate_limits (window_start);

-- A solved challenge counts once (no replay of one solution for many submissions).
create table form_challenges_used (
  challenge_id text primary key,
  -- the submission that used it: the same submission sent twice (a double click) may use it again
  nonce text not null,
  used_at timestamptz not null default now()
);
create index form_challenges_used_at on form_challenges_used (used_at);

-- The receipt e-mail to the citizen: one row per form item (at most one mail per submission).
create table form_receipts (
  item_id bigint primary key references items (id) on delete cascade,
  recipient text not null,
  subject text not null,
  body text not null,
  status text not null default 'queued' check (status in ('queued', 'sending', 'sent', 'failed')),
  attempts integer not null default 0,
  error text,
  created_at timestamptz not null default now(),
  sent_at timestamptz
);
create index form_receipts_pending on form_receipts (status) where status in ('queued', 'sending');

-- Secrets the application generates once and keeps (the ALTCHA HMAC key when none is configured).
create table app_secrets (
  name text primary key,
  value text not null,
  created_at timestamptz not null default now()
);
