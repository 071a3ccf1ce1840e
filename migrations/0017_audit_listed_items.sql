-- An item is also seen when it is listed: in the queue (detail.items) or as another message of the
-- same complainant on a draft page (detail.related). The audit page, filtered on one item, finds
-- those lines too through this index. Forward-only.
create index audit_log_listed on audit_log using gin (detail jsonb_path_ops)
  where action in ('view-queue', 'view') and detail is not null;
