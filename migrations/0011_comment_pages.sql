-- A consultation's comments are read a page of threads at a time (#5: a
-- busy consultation holds tens of thousands of comments; its page held them
-- all, 6 MB at 37,000). A page is a run of top-level comments in the order
-- they were posted, with the replies to each.

-- The threads in order, and how many come before a given one (the page a
-- comment's link leads to), from the index alone.
create index comments_threads on comments (tenant_id, consultation_id, created_at, id)
    where parent_id is null;

-- The replies to the threads of a page (and the cascade when one is deleted).
create index comments_replies on comments (tenant_id, parent_id)
    where parent_id is not null;

-- Statistics that follow a burst. Autovacuum analyses a table after 10% of
-- it changed: at a million comments nationally, a commune's first busy
-- consultation never gets there, and the planner goes on believing the
-- commune has no comment (its value is absent from the statistics). Every
-- index that starts with tenant_id then looks as good as any other, and it
-- chose one that scans all of the commune's comments to find one by its id
-- (measured: 0.8 s for a page of threads at 35,000 comments, instead of a
-- few milliseconds). After 2,000 changed rows, whatever the table's size,
-- the next autovacuum round (at most a minute) analyses it again.
alter table comments set (autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 2000);
alter table ideas set (autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 2000);
