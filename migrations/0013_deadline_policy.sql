-- Review screen: the organisation's own deadlines (policy, shared/domain README), maintained by an
-- admin. The statutory terms of Awb 9:11 (6 weeks, one postponement of 4) are law and stay in code.
create table deadline_policy (
  id boolean primary key default true check (id),
  callback_working_days integer not null default 3 check (callback_working_days between 1 and 30),
  callback_working_days_letter integer not null default 7 check (callback_working_days_letter between 1 and 30),
  intake_weeks integer not null default 2 check (intake_weeks between 1 and 6),
  decision_weeks integer not null default 4 check (decision_weeks between 1 and 6),
  updated_by bigint references users (id),
  updated_at timestamptz not null default now()
);
insert into deadline_policy default values;
