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
