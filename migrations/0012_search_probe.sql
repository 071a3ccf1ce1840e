-- Review screen: count up to `lim` items matching a Dutch search, always through the GIN index on
-- items.search_vector (the planner otherwise picks a sequential scan for common words, which reads
-- and checks every row's vector). The queue uses the count to choose its search plan.
create function klachten_search_probe(q tsquery, lim integer) returns integer
language sql stable
set enable_seqscan = off
as $$ select count(*)::int from (select 1 from items where search_vector @@ q limit lim) s $$;
