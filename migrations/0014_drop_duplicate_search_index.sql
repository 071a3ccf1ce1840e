-- The expression index of 0001 (to_tsvector over search_text) was superseded by the stored
-- search_vector column and its index (0011); no query uses it any more, but every insert and
-- non-HOT update of an item still computed the Dutch text vector and its GIN entries once more.
drop index if exists items_search;
