-- Other messages from the same complainant (the draft page shows them, so one complaint sent twice,
-- or by e-mail and by letter, is not registered twice): look items up by sender address and by the
-- e-mail address or phone number an extraction found, newest first (the id as second column lets a
-- lookup stop after the most recent few dozen, however many items share an address).
-- Forward-only.
create index items_sender_lower on items (lower(sender_address), id) where sender_address is not null;
create index extractions_complainant_email on extractions (lower(data -> 'complainant' ->> 'email'), item_id)
  where data -> 'complainant' ->> 'email' is not null;
create index extractions_complainant_phone on extractions ((data -> 'complainant' ->> 'phone'), item_id)
  where data -> 'complainant' ->> 'phone' is not null;
