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
-- it changed. A collectivity that grows fast after the last analysis (a
-- commune's launch: its citizens sign up, sign in, comment) is absent from
-- the statistics, and the planner believes it has no rows. Every index that
-- starts with tenant_id then looks as good as any other, and it chose ones
-- that scan all of the commune's rows to find one:
--   * a page of threads, each thread by its id: 0.8 s at 35,000 comments
--     instead of a few milliseconds;
--   * the session of every signed-in request, by its token: 14.5 ms at
--     20,000 sessions instead of 0.05, through `sessions_by_account`.
-- At national scale the 10% is never reached by one commune. On the tables
-- that grow with citizens' activity, 2,000 changed rows, whatever the
-- table's size, now bring the next autovacuum round (at most a minute) to
-- analyse the table again: a few tens of milliseconds of sampling a minute.
do $$
declare
    t text;
begin
    foreach t in array array['accounts', 'sessions', 'account_tokens', 'security_events', 'outbox',
                             'comments', 'comment_authors', 'ideas', 'flags', 'moderation_actions',
                             'official_answers', 'follows', 'notifications', 'notification_events'] loop
        execute format('alter table %I set (autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 2000)', t);
    end loop;
end
$$;
