-- Review screen: the Dutch full-text vector of an item, computed once on write instead of per row
-- on every search (a filtered index scan over 100 000 items otherwise recomputes to_tsvector each time).
alter table items add column search_vector tsvector generated always as (to_tsvector('dutch', search_text)) stored;
create index items_search_vector on items using gin (search_vector);
