-- Plans: the openness action programme of a collectivity, whole — process
-- stages, projects with every field of the project card, activities and
-- their progress history, indicators and their measurements, the council's
-- approval with its frozen snapshot — and the national catalogues every
-- collectivity shares.

-- National catalogues: reference data of the whole platform (no tenant_id).
-- Everyone reads them; only a transaction of the national space writes them.
create table catalog_entries (
    catalog    text not null check (catalog in ('pillar', 'outcome', 'problem_category', 'profile', 'age_bracket')),
    code       text not null check (code ~ '^[a-z0-9_]{1,40}$'),
    position   integer not null default 0,
    label_ar   text not null check (length(label_ar) between 1 and 200),
    label_fr   text not null check (length(label_fr) between 1 and 200),
    label_en   text check (length(label_en) between 1 and 200),
    retired_at timestamptz,
    primary key (catalog, code)
);
alter table catalog_entries enable row level security;
alter table catalog_entries force row level security;
create policy catalog_read on catalog_entries for select using (true);
create policy catalog_write_nation on catalog_entries for insert
    with check (current_setting('app.tenant_id', true) = '00000000-0000-0000-0000-000000000001');
create policy catalog_update_nation on catalog_entries for update
    using (current_setting('app.tenant_id', true) = '00000000-0000-0000-0000-000000000001');
create policy catalog_owner on catalog_entries for all to infitah_owner using (true) with check (true);
-- Entries in use are retired, never deleted.
revoke delete on catalog_entries from infitah_app;

insert into catalog_entries (catalog, code, position, label_ar, label_fr, label_en) values
    ('pillar', 'transparency', 1, 'الشفافية والمساءلة', 'Transparence et redevabilité', 'Transparency and accountability'),
    ('pillar', 'access_to_information', 2, 'الولوج إلى المعلومة', 'Accès à l''information', 'Access to information'),
    ('pillar', 'participation', 3, 'المشاركة المواطنة', 'Participation citoyenne', 'Citizen participation'),
    ('pillar', 'digitalisation', 4, 'الرقمنة', 'Digitalisation', 'Digitalisation'),
    ('outcome', 'service_quality', 1, 'تحسين جودة خدمات وبرامج الجماعة الترابية', 'Améliorer la qualité des services et des programmes de la collectivité territoriale', 'Improve the quality of the collectivity''s services and programmes'),
    ('outcome', 'trust', 2, 'تعزيز الثقة بين المواطن والجماعة الترابية', 'Renforcer la confiance entre le citoyen et la collectivité territoriale', 'Strengthen trust between citizens and the collectivity'),
    ('outcome', 'citizen_partner', 3, 'جعل المواطن شريكا في تحديد الاحتياجات وإيجاد الحلول', 'Faire du citoyen un partenaire dans l''identification des besoins et la recherche de solutions', 'Make citizens partners in identifying needs and finding solutions'),
    ('problem_category', 'participation', 1, 'المشاركة المواطنة', 'Participation citoyenne', 'Citizen participation'),
    ('problem_category', 'transparency', 2, 'الشفافية والمساءلة', 'Transparence et redevabilité', 'Transparency and accountability'),
    ('problem_category', 'access_to_information', 3, 'الولوج إلى المعلومة', 'Accès à l''information', 'Access to information'),
    ('problem_category', 'digitalisation', 4, 'الرقمنة', 'Digitalisation', 'Digitalisation'),
    ('problem_category', 'public_services', 5, 'جودة المرافق والخدمات العمومية', 'Qualité des équipements et services publics', 'Quality of public facilities and services'),
    ('profile', 'citizen', 1, 'مواطن(ة)', 'Citoyen·ne', 'Citizen'),
    ('profile', 'association', 2, 'جمعية من المجتمع المدني', 'Association de la société civile', 'Civil-society association'),
    ('profile', 'elected', 3, 'منتخب(ة)', 'Élu·e', 'Elected official'),
    ('profile', 'private_sector', 4, 'القطاع الخاص', 'Secteur privé', 'Private sector'),
    ('profile', 'administration', 5, 'إدارة عمومية', 'Administration publique', 'Public administration'),
    ('profile', 'other', 6, 'أخرى', 'Autre', 'Other'),
    ('age_bracket', 'under_18', 1, 'أقل من 18 سنة', 'Moins de 18 ans', 'Under 18'),
    ('age_bracket', '18_24', 2, 'من 18 إلى 24 سنة', '18 à 24 ans', '18–24'),
    ('age_bracket', '25_34', 3, 'من 25 إلى 34 سنة', '25 à 34 ans', '25–34'),
    ('age_bracket', '35_44', 4, 'من 35 إلى 44 سنة', '35 à 44 ans', '35–44'),
    ('age_bracket', '45_59', 5, 'من 45 إلى 59 سنة', '45 à 59 ans', '45–59'),
    ('age_bracket', '60_plus', 6, '60 سنة فما فوق', '60 ans et plus', '60 and over');

-- Programmes gain a title and the process stages with their dates.
alter table programmes
    add column title_ar text check (length(title_ar) between 1 and 300),
    add column title_fr text check (length(title_fr) between 1 and 300),
    add column published boolean not null default false;

create table programme_stages (
    tenant_id     uuid not null,
    programme_id  uuid not null,
    stage         text not null check (stage in ('axes', 'workshops', 'consultation', 'approval', 'implementation', 'monitoring')),
    planned_start date,
    planned_end   date,
    actual_start  date,
    actual_end    date,
    primary key (tenant_id, programme_id, stage),
    foreign key (tenant_id, programme_id) references programmes (tenant_id, id) on delete cascade,
    check (planned_end is null or planned_start is null or planned_end >= planned_start),
    check (actual_end is null or actual_start is null or actual_end >= actual_start)
);
select infitah_enable_tenant_rls('programme_stages');

-- Projects: every field of the card.
alter table projects
    add column problem_category text,
    add column budget_stated boolean not null default false,
    add column budget_mad numeric(14, 2) check (budget_mad >= 0),
    add column version integer not null default 1,
    add column published_at timestamptz,
    add constraint projects_budget_stated check (budget_stated or budget_mad is null),
    add constraint projects_budget_amount check (not budget_stated or budget_mad is not null);

-- The card's lists (problems, proposed solution, free expected results), in order.
create table project_items (
    tenant_id  uuid not null,
    id         uuid not null,
    project_id uuid not null,
    kind       text not null check (kind in ('problem', 'solution', 'result')),
    position   integer not null,
    text_ar    text check (length(text_ar) between 1 and 2000),
    text_fr    text check (length(text_fr) between 1 and 2000),
    primary key (tenant_id, id),
    foreign key (tenant_id, project_id) references projects (tenant_id, id) on delete cascade,
    check (text_ar is not null or text_fr is not null)
);
create index project_items_by_project on project_items (tenant_id, project_id, kind, position);
select infitah_enable_tenant_rls('project_items');

-- Pillars answered "yes" and standard outcomes ticked, from the catalogues.
create table project_pillars (
    tenant_id  uuid not null,
    project_id uuid not null,
    pillar     text not null,
    primary key (tenant_id, project_id, pillar),
    foreign key (tenant_id, project_id) references projects (tenant_id, id) on delete cascade
);
select infitah_enable_tenant_rls('project_pillars');

create table project_outcomes (
    tenant_id  uuid not null,
    project_id uuid not null,
    outcome    text not null,
    primary key (tenant_id, project_id, outcome),
    foreign key (tenant_id, project_id) references projects (tenant_id, id) on delete cascade
);
select infitah_enable_tenant_rls('project_outcomes');

create table indicators (
    tenant_id  uuid not null,
    id         uuid not null,
    project_id uuid not null,
    position   integer not null,
    name_ar    text check (length(name_ar) between 1 and 1000),
    name_fr    text check (length(name_fr) between 1 and 1000),
    unit       text check (length(unit) between 1 and 40),
    baseline   numeric(14, 2),
    target     numeric(14, 2),
    primary key (tenant_id, id),
    foreign key (tenant_id, project_id) references projects (tenant_id, id) on delete cascade,
    check (name_ar is not null or name_fr is not null)
);
create index indicators_by_project on indicators (tenant_id, project_id, position);
select infitah_enable_tenant_rls('indicators');

create table indicator_measurements (
    tenant_id    uuid not null,
    id           uuid not null,
    indicator_id uuid not null,
    measured_on  date not null,
    value        numeric(14, 2) not null,
    note         text check (length(note) <= 1000),
    recorded_by  uuid,
    recorded_at  timestamptz not null default now(),
    primary key (tenant_id, id),
    foreign key (tenant_id, indicator_id) references indicators (tenant_id, id) on delete cascade
);
create index indicator_measurements_by_indicator on indicator_measurements (tenant_id, indicator_id, measured_on);
select infitah_enable_tenant_rls('indicator_measurements');

-- Activities: months are stored as the first day of the month.
create table activities (
    tenant_id   uuid not null,
    id          uuid not null,
    project_id  uuid not null,
    position    integer not null,
    title_ar    text check (length(title_ar) between 1 and 500),
    title_fr    text check (length(title_fr) between 1 and 500),
    start_month date not null check (extract(day from start_month) = 1),
    end_month   date not null check (extract(day from end_month) = 1),
    completion  smallint not null default 0 check (completion between 0 and 100),
    version     integer not null default 1,
    primary key (tenant_id, id),
    foreign key (tenant_id, project_id) references projects (tenant_id, id) on delete cascade,
    check (end_month >= start_month),
    check (title_ar is not null or title_fr is not null)
);
create index activities_by_project on activities (tenant_id, project_id, position);
select infitah_enable_tenant_rls('activities');

-- Every change of progress, public: accountability is the point.
create table progress_events (
    tenant_id    uuid not null,
    id           uuid not null,
    project_id   uuid not null,
    activity_id  uuid not null,
    at           timestamptz not null default now(),
    actor_id     uuid,
    actor_name   text,
    old_value    smallint not null check (old_value between 0 and 100),
    new_value    smallint not null check (new_value between 0 and 100),
    note         text check (length(note) <= 2000),
    evidence_url text check (length(evidence_url) <= 2000 and evidence_url ~ '^https?://'),
    primary key (tenant_id, id),
    foreign key (tenant_id, activity_id) references activities (tenant_id, id) on delete cascade,
    foreign key (tenant_id, project_id) references projects (tenant_id, id) on delete cascade
);
create index progress_events_by_project on progress_events (tenant_id, project_id, at);
select infitah_enable_tenant_rls('progress_events');

-- The council's approval (step 4) and the programme as adopted, frozen.
create table council_decisions (
    tenant_id     uuid not null,
    programme_id  uuid not null,
    decided_on    date not null,
    session_ref   text not null check (length(session_ref) between 1 and 200),
    votes_for     integer not null check (votes_for >= 0),
    votes_against integer not null check (votes_against >= 0),
    votes_abstain integer not null check (votes_abstain >= 0),
    text_ar       text check (length(text_ar) <= 5000),
    text_fr       text check (length(text_fr) <= 5000),
    snapshot      jsonb not null,
    recorded_by   uuid,
    recorded_at   timestamptz not null default now(),
    primary key (tenant_id, programme_id),
    foreign key (tenant_id, programme_id) references programmes (tenant_id, id)
);
select infitah_enable_tenant_rls('council_decisions');
create function council_decisions_immutable() returns trigger
language plpgsql as $$
begin
    raise exception 'a council decision and its snapshot cannot change once recorded'
        using errcode = 'integrity_constraint_violation';
end
$$;
create trigger council_decisions_frozen before update or delete on council_decisions
    for each row execute function council_decisions_immutable();

-- A per-collectivity version of its public content: every write bumps it in
-- its own transaction, and the notification tells every replica which cached
-- pages are stale.
create table content_versions (
    tenant_id uuid not null references tenants (id),
    version   bigint not null default 1,
    primary key (tenant_id)
);
select infitah_enable_tenant_rls('content_versions');
