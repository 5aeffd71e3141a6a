-- Identity: accounts per collectivity, roles, sessions, one-time tokens and
-- the security log; and the notifications outbox that delivers their mail.
-- Every table follows the tenant recipe (see 0001).

-- An account belongs to one collectivity (or to the nation, for national
-- managers and operators). The same address may hold unrelated accounts in
-- two collectivities. Deleting an account erases its personal data and keeps
-- the row, so contributions stay attributed to "deleted user".
create table accounts (
    tenant_id         uuid not null references tenants (id),
    id                uuid not null,
    email             text check (length(email) between 3 and 254 and email = lower(email)),
    email_verified_at timestamptz,
    display_name      text check (length(display_name) between 1 and 80),
    password_hash     text,
    lang              text not null check (lang in ('ar', 'fr', 'en')),
    terms_accepted_at timestamptz,
    created_at        timestamptz not null default now(),
    deleted_at        timestamptz,
    primary key (tenant_id, id),
    unique (tenant_id, email),
    constraint accounts_deleted_erased check (
        (deleted_at is null and email is not null and display_name is not null)
        or (deleted_at is not null and email is null and display_name is null and password_hash is null))
);
select infitah_enable_tenant_rls('accounts');

-- Roles held in one collectivity (staff) or in the nation (platform roles).
create table account_roles (
    tenant_id  uuid not null,
    account_id uuid not null,
    role       text not null check (role in ('admin', 'editor', 'moderator', 'committee', 'national_manager', 'operator')),
    granted_at timestamptz not null default now(),
    granted_by uuid,
    primary key (tenant_id, account_id, role),
    foreign key (tenant_id, account_id) references accounts (tenant_id, id) on delete cascade
);
select infitah_enable_tenant_rls('account_roles');

-- Sessions: the cookie holds 256 random bits; the server keeps only their
-- SHA-256. Idle and absolute time-outs are checked at every use.
create table sessions (
    tenant_id    uuid not null,
    id           uuid not null,
    token_hash   bytea not null check (length(token_hash) = 32),
    account_id   uuid not null,
    created_at   timestamptz not null default now(),
    last_seen_at timestamptz not null default now(),
    expires_at   timestamptz not null,
    revoked_at   timestamptz,
    primary key (tenant_id, id),
    unique (tenant_id, token_hash),
    foreign key (tenant_id, account_id) references accounts (tenant_id, id) on delete cascade
);
create index sessions_by_account on sessions (tenant_id, account_id) where revoked_at is null;
select infitah_enable_tenant_rls('sessions');

-- One-time tokens sent by e-mail: stored hashed, single use, expiring.
create table account_tokens (
    tenant_id  uuid not null,
    token_hash bytea not null check (length(token_hash) = 32),
    purpose    text not null check (purpose in ('verify_email', 'reset_password', 'invitation', 'change_email')),
    account_id uuid not null,
    email      text not null,
    role       text check (role in ('admin', 'editor', 'moderator', 'committee', 'national_manager', 'operator')),
    created_at timestamptz not null default now(),
    expires_at timestamptz not null,
    used_at    timestamptz,
    primary key (tenant_id, token_hash),
    foreign key (tenant_id, account_id) references accounts (tenant_id, id) on delete cascade
);
create index account_tokens_by_account on account_tokens (tenant_id, account_id, purpose) where used_at is null;
select infitah_enable_tenant_rls('account_tokens');

-- What commune admins read: sign-ins, failures, password, e-mail and role
-- changes, invitations, revocations. No passwords, tokens or addresses.
create table security_events (
    tenant_id  uuid not null,
    id         uuid not null,
    at         timestamptz not null default now(),
    kind       text not null,
    account_id uuid,
    actor_id   uuid,
    detail     jsonb not null default '{}',
    primary key (tenant_id, id)
);
create index security_events_recent on security_events (tenant_id, at desc);
select infitah_enable_tenant_rls('security_events');

-- The transactional outbox: a message is written in the transaction of the
-- event that causes it, and delivered later by the worker. (dedupe_key,
-- recipient) is unique: one event never mails one person twice.
create table outbox (
    tenant_id       uuid not null references tenants (id),
    id              uuid not null,
    dedupe_key      text not null,
    recipient       text not null,
    lang            text not null check (lang in ('ar', 'fr', 'en')),
    kind            text not null,
    payload         jsonb not null default '{}',
    status          text not null default 'pending' check (status in ('pending', 'sent', 'parked')),
    attempts        integer not null default 0,
    next_attempt_at timestamptz not null default now(),
    last_error      text,
    created_at      timestamptz not null default now(),
    sent_at         timestamptz,
    primary key (tenant_id, id),
    unique (tenant_id, dedupe_key, recipient)
);
create index outbox_due on outbox (next_attempt_at) where status = 'pending';
select infitah_enable_tenant_rls('outbox');

-- The worker delivers every collectivity's mail: its role sees the outbox
-- of all, and nothing else.
create policy worker_delivery on outbox for all to infitah_worker using (true) with check (true);
grant select, update on outbox to infitah_worker;
