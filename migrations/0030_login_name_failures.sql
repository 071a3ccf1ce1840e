-- Failed logins counted per username for names without an active account, so that an unknown name
-- locks after the same number of failures as a real one and answers the same way (no username
-- enumeration through the lockout). Known accounts keep their count in users.failed_logins.
create table login_name_failures (
  username text primary key,
  failed_logins integer not null default 0,
  locked_until timestamptz,
  last_failure_at timestamptz not null default now()
);

-- Old rows are purged; this index finds them.
create index login_name_failures_last on login_name_failures (last_failure_at);
