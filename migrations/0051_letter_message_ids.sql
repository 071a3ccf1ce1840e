-- A reply to a letter of the procedure (notice, postponement, decision) is threaded to its
-- registration by the letter's Message-ID, like a reply to an acknowledgement. Forward-only.
create index letters_message_id on letters (message_id) where message_id is not null;
