-- Consultation: consultations of the draft programme or of one project,
-- comments with a profile and an age bracket (from the national
-- catalogues), one level of replies, ideas tied to an axis, workshops with
-- their attendance and their paper contributions, citizens' flags, the
-- moderators' record, and the collectivity's official answers.
--
-- Catalogue codes are checked by composite foreign keys on a constant
-- generated column, so a comment can only carry a profile that exists (a
-- retired entry stays referable: old comments keep showing it).

create table consultations (
    tenant_id    uuid not null,
    id           uuid not null,
    programme_id uuid not null,
    -- null: the draft programme as a whole (co-preparation step 3).
    project_id   uuid,
    title_ar     text check (length(title_ar) between 1 and 300),
    title_fr     text check (length(title_fr) between 1 and 300),
    -- What the collectivity asks, shown above the comments (plain text).
    description_ar text check (length(description_ar) between 1 and 4000),
    description_fr text check (length(description_fr) between 1 and 4000),
    opens_at     timestamptz not null,
    closes_at    timestamptz not null,
    created_at   timestamptz not null default now(),
    created_by   uuid,
    updated_at   timestamptz not null default now(),
    primary key (tenant_id, id),
    foreign key (tenant_id, programme_id) references programmes (tenant_id, id) on delete cascade,
    foreign key (tenant_id, project_id) references projects (tenant_id, id) on delete cascade,
    check (closes_at > opens_at),
    -- A project's consultation may borrow the project's title; the programme's needs its own.
    constraint consultations_titled check (project_id is not null or title_ar is not null or title_fr is not null)
);
create index consultations_by_project on consultations (tenant_id, project_id, opens_at);
create index consultations_by_programme on consultations (tenant_id, programme_id, opens_at);
select infitah_enable_tenant_rls('consultations');

create table workshops (
    tenant_id       uuid not null,
    id              uuid not null,
    programme_id    uuid not null,
    kind            text not null check (kind in ('co_preparation', 'consultative')),
    -- A consultative workshop feeds a consultation: its paper contributions count with the online ones.
    consultation_id uuid,
    title_ar        text check (length(title_ar) between 1 and 300),
    title_fr        text check (length(title_fr) between 1 and 300),
    held_on         date not null,
    place           text not null check (length(place) between 1 and 300),
    minutes         text not null default '' check (length(minutes) <= 20000),
    created_at      timestamptz not null default now(),
    primary key (tenant_id, id),
    foreign key (tenant_id, programme_id) references programmes (tenant_id, id) on delete cascade,
    foreign key (tenant_id, consultation_id) references consultations (tenant_id, id) on delete set null (consultation_id),
    check (title_ar is not null or title_fr is not null)
);
create index workshops_by_programme on workshops (tenant_id, programme_id, held_on);
select infitah_enable_tenant_rls('workshops');

create table workshop_attendance (
    tenant_id       uuid not null,
    workshop_id     uuid not null,
    gender          text not null check (gender in ('female', 'male')),
    age_bracket     text not null,
    age_catalog     text not null generated always as ('age_bracket') stored,
    attendees       integer not null check (attendees between 0 and 100000),
    primary key (tenant_id, workshop_id, gender, age_bracket),
    foreign key (tenant_id, workshop_id) references workshops (tenant_id, id) on delete cascade,
    foreign key (age_catalog, age_bracket) references catalog_entries (catalog, code)
);
select infitah_enable_tenant_rls('workshop_attendance');

create table comments (
    tenant_id       uuid not null,
    id              uuid not null,
    consultation_id uuid not null,
    -- One level of replies: a reply's parent is never itself a reply (checked by a trigger).
    parent_id       uuid,
    -- Online: the author's account. On paper: the workshop it was gathered at.
    author_id       uuid,
    workshop_id     uuid,
    profile         text not null,
    profile_catalog text not null generated always as ('profile') stored,
    age_bracket     text not null,
    age_catalog     text not null generated always as ('age_bracket') stored,
    body            text not null check (length(body) between 1 and 2000),
    created_at      timestamptz not null default now(),
    hidden_at       timestamptz,
    hidden_reason   text check (hidden_reason in ('spam', 'abuse', 'personal_data', 'off_topic', 'other')),
    primary key (tenant_id, id),
    foreign key (tenant_id, consultation_id) references consultations (tenant_id, id) on delete cascade,
    foreign key (tenant_id, parent_id) references comments (tenant_id, id) on delete cascade,
    foreign key (tenant_id, author_id) references accounts (tenant_id, id),
    foreign key (tenant_id, workshop_id) references workshops (tenant_id, id),
    foreign key (profile_catalog, profile) references catalog_entries (catalog, code),
    foreign key (age_catalog, age_bracket) references catalog_entries (catalog, code),
    check ((author_id is null) <> (workshop_id is null)),
    check ((hidden_at is null) = (hidden_reason is null))
);
create index comments_by_consultation on comments (tenant_id, consultation_id, created_at);
create index comments_by_author on comments (tenant_id, author_id, created_at);
select infitah_enable_tenant_rls('comments');

create function comments_one_level() returns trigger
language plpgsql as $$
begin
    if new.parent_id is not null and exists (
        select 1 from comments p
         where p.tenant_id = new.tenant_id and p.id = new.parent_id
           and (p.parent_id is not null or p.consultation_id <> new.consultation_id)) then
        raise exception 'a reply answers a top-level comment of the same consultation'
            using errcode = '23514', constraint = 'comments_one_level';
    end if;
    return new;
end $$;
create trigger comments_one_level before insert or update of parent_id on comments
    for each row execute function comments_one_level();

create table ideas (
    tenant_id       uuid not null,
    id              uuid not null,
    programme_id    uuid not null,
    -- The axis (theme) of co-preparation step 1: an entry of the national pillar catalogue.
    axis            text not null,
    axis_catalog    text not null generated always as ('pillar') stored,
    author_id       uuid not null,
    profile         text not null,
    profile_catalog text not null generated always as ('profile') stored,
    age_bracket     text not null,
    age_catalog     text not null generated always as ('age_bracket') stored,
    title           text not null check (length(title) between 1 and 200),
    body            text not null check (length(body) between 1 and 4000),
    status          text not null default 'submitted' check (status in ('submitted', 'accepted', 'merged')),
    -- Merged into (or accepted for) this project: the project page shows where it came from.
    project_id      uuid,
    created_at      timestamptz not null default now(),
    hidden_at       timestamptz,
    hidden_reason   text check (hidden_reason in ('spam', 'abuse', 'personal_data', 'off_topic', 'other')),
    primary key (tenant_id, id),
    foreign key (tenant_id, programme_id) references programmes (tenant_id, id) on delete cascade,
    foreign key (tenant_id, author_id) references accounts (tenant_id, id),
    foreign key (tenant_id, project_id) references projects (tenant_id, id) on delete set null (project_id),
    foreign key (axis_catalog, axis) references catalog_entries (catalog, code),
    foreign key (profile_catalog, profile) references catalog_entries (catalog, code),
    foreign key (age_catalog, age_bracket) references catalog_entries (catalog, code),
    check (status <> 'merged' or project_id is not null),
    check ((hidden_at is null) = (hidden_reason is null))
);
create index ideas_by_programme on ideas (tenant_id, programme_id, created_at);
create index ideas_by_project on ideas (tenant_id, project_id) where project_id is not null;
select infitah_enable_tenant_rls('ideas');

-- A citizen's flag on a comment or an idea: one per person and item, however often it is sent.
create table flags (
    tenant_id  uuid not null,
    item_kind  text not null check (item_kind in ('comment', 'idea')),
    item_id    uuid not null,
    account_id uuid not null,
    created_at timestamptz not null default now(),
    primary key (tenant_id, item_kind, item_id, account_id),
    foreign key (tenant_id, account_id) references accounts (tenant_id, id) on delete cascade
);
select infitah_enable_tenant_rls('flags');

-- The moderators' record: every hide and restore, with its reason, kept.
create table moderation_actions (
    tenant_id       uuid not null,
    id              uuid not null,
    item_kind       text not null check (item_kind in ('comment', 'idea')),
    item_id         uuid not null,
    -- dismiss: the flags were looked at and the item kept (its flags are cleared).
    action          text not null check (action in ('hide', 'restore', 'dismiss')),
    reason_category text check (reason_category in ('spam', 'abuse', 'personal_data', 'off_topic', 'other')),
    reason_note     text not null default '' check (length(reason_note) <= 1000),
    moderator_id    uuid not null,
    at              timestamptz not null default now(),
    primary key (tenant_id, id),
    foreign key (tenant_id, moderator_id) references accounts (tenant_id, id),
    check ((action = 'hide') = (reason_category is not null))
);
create index moderation_by_item on moderation_actions (tenant_id, item_kind, item_id, at);
select infitah_enable_tenant_rls('moderation_actions');
revoke update, delete on moderation_actions from infitah_app;

-- The collectivity's official answers to a comment or an idea.
create table official_answers (
    tenant_id  uuid not null,
    id         uuid not null,
    item_kind  text not null check (item_kind in ('comment', 'idea')),
    item_id    uuid not null,
    body       text not null check (length(body) between 1 and 4000),
    author_id  uuid not null,
    created_at timestamptz not null default now(),
    primary key (tenant_id, id),
    foreign key (tenant_id, author_id) references accounts (tenant_id, id)
);
create index answers_by_item on official_answers (tenant_id, item_kind, item_id, created_at);
select infitah_enable_tenant_rls('official_answers');
