-- Notifications citizens follow: follows of a project or of the whole
-- programme, each person's delivery preference, the in-app notifications
-- (one per person and event), and the record of events already fanned out.
-- Every table follows the tenant recipe (see 0001).

-- A follow of a project or of a programme. `subject_id` is the one key;
-- the two generated columns carry the foreign key of its kind, so a follow
-- can only name a project or a programme of its own collectivity, and goes
-- when it does.
create table follows (
    tenant_id    uuid not null,
    account_id   uuid not null,
    kind         text not null check (kind in ('programme', 'project')),
    subject_id   uuid not null,
    programme_id uuid generated always as (case when kind = 'programme' then subject_id end) stored,
    project_id   uuid generated always as (case when kind = 'project' then subject_id end) stored,
    created_at   timestamptz not null default now(),
    primary key (tenant_id, account_id, kind, subject_id),
    foreign key (tenant_id, account_id) references accounts (tenant_id, id) on delete cascade,
    foreign key (tenant_id, programme_id) references programmes (tenant_id, id) on delete cascade,
    foreign key (tenant_id, project_id) references projects (tenant_id, id) on delete cascade
);
-- The fan-out looks followers up by what they follow.
create index follows_by_subject on follows (tenant_id, kind, subject_id);
select infitah_enable_tenant_rls('follows');

-- How a person wants to hear: at once, in a daily or weekly digest, or not
-- by e-mail at all (the in-app list keeps everything). No row: immediate.
create table notification_prefs (
    tenant_id  uuid not null,
    account_id uuid not null,
    delivery   text not null check (delivery in ('immediate', 'daily', 'weekly', 'off')),
    updated_at timestamptz not null default now(),
    primary key (tenant_id, account_id),
    foreign key (tenant_id, account_id) references accounts (tenant_id, id) on delete cascade
);
select infitah_enable_tenant_rls('notification_prefs');

-- The in-app list: one row per person and event, whatever the number of
-- paths (a project's followers and its programme's) it came by.
-- `mail` says how the row reaches the mailbox:
--   immediate  queued in the outbox when it was written;
--   pending    waits for the person's next digest;
--   digest     mailed in the digest `digest_id`;
--   none       not mailed (the preference was off).
create table notifications (
    tenant_id  uuid not null,
    id         uuid not null,
    account_id uuid not null,
    event_key  text not null check (length(event_key) between 1 and 200),
    kind       text not null check (kind in ('consultation_opened', 'consultation_closing', 'official_answer', 'progress_changed', 'programme_adopted')),
    payload    jsonb not null default '{}',
    created_at timestamptz not null default now(),
    read_at    timestamptz,
    mail       text not null check (mail in ('immediate', 'pending', 'digest', 'none')),
    digest_id  uuid,
    primary key (tenant_id, id),
    unique (tenant_id, account_id, event_key),
    foreign key (tenant_id, account_id) references accounts (tenant_id, id) on delete cascade,
    check ((mail = 'digest') = (digest_id is not null))
);
create index notifications_inbox on notifications (tenant_id, account_id, created_at desc);
create index notifications_pending on notifications (tenant_id, account_id, created_at) where mail = 'pending';
select infitah_enable_tenant_rls('notifications');

-- Events already fanned out to followers: a second fan-out of the same event
-- (a rescan by the worker, two workers at once) finds it here and does
-- nothing, and somebody who follows afterwards is not told of the past.
create table notification_events (
    tenant_id  uuid not null references tenants (id),
    event_key  text not null check (length(event_key) between 1 and 200),
    created_at timestamptz not null default now(),
    primary key (tenant_id, event_key)
);
select infitah_enable_tenant_rls('notification_events');

-- The worker finds consultations that opened or close within 48 hours and
-- builds the digests, one collectivity at a time: it sets app.tenant_id in
-- each transaction exactly as the application does, so the tenant_isolation
-- policies hold it to that collectivity (no policy of its own on these
-- tables), and it is granted only the columns it reads.
grant select (id, time_zone, disabled_at) on tenants to infitah_worker;
grant select (tenant_id, id, email, email_verified_at, display_name, lang, deleted_at) on accounts to infitah_worker;
grant select (tenant_id, id, published, title_ar, title_fr) on programmes to infitah_worker;
grant select (tenant_id, id, programme_id, published, title_ar, title_fr) on projects to infitah_worker;
grant select (tenant_id, id, programme_id, project_id, title_ar, title_fr, opens_at, closes_at) on consultations to infitah_worker;
grant select on follows, notification_prefs to infitah_worker;
grant select, insert, update on notifications to infitah_worker;
grant select, insert on notification_events to infitah_worker;
-- Digests and follower e-mails are new outbox rows.
grant insert on outbox to infitah_worker;
