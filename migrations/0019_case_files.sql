-- Evidence added to a registration's file during treatment (Awb 9:10 and 9:12: the file the
-- decision rests on): a PDF or scan, read like a letter (text layer or OCR) and kept as evidence,
-- not taken in as a new item. Deleted with its registration (retention).
create table case_files (
  id bigserial primary key,
  registration_id bigint not null references registrations(id) on delete cascade,
  filename text not null,
  content_type text not null,
  size_bytes integer not null,
  sha256 text not null,
  bytes bytea not null,
  -- 'waiting' until the read job ran; then 'read' (text, BSN masked) or 'unreadable' (with the reason)
  read_state text not null default 'waiting' check (read_state in ('waiting', 'read', 'unreadable')),
  text text,
  read_note text,
  pages integer,
  added_by bigint references users(id),
  added_at timestamptz not null default now()
);
create index case_files_registration on case_files (registration_id, id);
