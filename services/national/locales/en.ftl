# The national space (infitah-national). Every id starts with nat-.
nat-title = Openness of the territorial collectivities, compared
nat-lead = Where every region, province, prefecture and commune of Morocco stands with its openness action programme: progress, stages of the process, pillars, activities done and late. Only published data is counted.
nat-crumbs = You are here
nat-as-of = Figures as of { $name }
nat-rule-title = How to read these figures
nat-rule-progress = A project's progress is the mean completion of its activities, weighted by their length in months; a programme's is the mean of its published projects. A project without activities counts as 0 %.
nat-rule-median = Medians and quartiles are taken over the collectivities that have published their programme; those without one yet are counted separately ("no programme"), never dropped. An area counts every collectivity inside it, its own council included, once each.
nat-rule-late = An activity is late when its end month is over and it is not 100 % complete.
nat-fig-collectivities = Collectivities
nat-fig-with-programme = With a published programme
nat-fig-without-programme = No programme yet
nat-fig-median = Median progress
nat-fig-mean = Mean progress
nat-fig-quartiles = The middle half between
nat-fig-projects = Published projects
nat-fig-activities-done = Activities done
nat-fig-activities-late = Activities late
nat-between = { $name }
nat-n-collectivities = { $n ->
    [one] { $n } collectivity
   *[other] { $n } collectivities
}
nat-n-without = { $n ->
    [0] all have a programme
   *[other] { $n } without a programme
}
nat-n-projects = { $n ->
    [0] no project
    [one] { $n } project
   *[other] { $n } projects
}
nat-n-activities = { $n ->
    [0] no activity
    [one] { $n } activity
   *[other] { $n } activities
}
nat-n-late = { $n ->
    [0] none late
   *[other] { $n } late
}
nat-n-days = { $n ->
    [one] { $n } day
   *[other] { $n } days
}
nat-h-regions = The regions
nat-h-compare-regions = Progress by region
nat-h-compare-provinces = Progress by province and prefecture
nat-h-compare-communes = Progress of the communes
nat-h-process = Where they stand in the openness process
nat-h-pillars = Projects by pillar
nat-h-activities = Activities
nat-h-months = Progress month by month
nat-h-directory = Every collectivity of the region
nat-h-council = The council's own programme
nat-h-standing = Where { $name } stands
nat-h-projects = Published projects
nat-h-stages = Stages of the process
nat-compare-hint = Each row shows the spread of progress: the box runs from the first to the third quartile, the thick line marks the median, the whiskers the minimum and maximum; the dotted line is the national median.
nat-strip-hint = Each dot is a collectivity; the band covers the middle half, the line marks the median.
nat-col-name = Name
nat-col-code = HCP code
nat-col-area = Province · region
nat-col-kind = Kind
nat-col-collectivities = Collectivities
nat-col-with = With programme
nat-col-without = No programme
nat-col-median = Median
nat-col-q1 = 1st quartile
nat-col-q3 = 3rd quartile
nat-col-mean = Mean
nat-col-spread = Spread
nat-col-progress = Progress
nat-col-stage = Stage
nat-col-since = Since
nat-col-since-median = Since (median)
nat-col-projects = Projects
nat-col-activities = Activities
nat-col-done = Done
nat-col-late = Late
nat-col-last-update = Last update
nat-col-idle = Not updated for
nat-col-month = Month
nat-col-count = Count
nat-col-share = Share
nat-col-pillar = Pillar
nat-col-status = Status
nat-sort-by = Sort by { $name }
nat-sorted-asc = sorted ascending
nat-sorted-desc = sorted descending
nat-stage-axes = Axes
nat-stage-workshops = Co-preparation workshops
nat-stage-consultation = Consultation on the draft
nat-stage-approval = Council approval
nat-stage-implementation = Co-implementation
nat-stage-monitoring = Co-monitoring and evaluation
nat-stage-none = No stage started
nat-no-programme = No programme yet
nat-legend-median = Median
nat-legend-mean = Mean
nat-legend-iqr = Middle half (1st–3rd quartile)
nat-legend-here = This collectivity
nat-legend-reference = National median
nat-legend-progress = Programme progress
nat-chart-box = Spread of progress, { $name }
nat-chart-strip = Progress of each collectivity of { $name }
nat-chart-months = Progress month by month, { $name }
nat-chart-stages = Collectivities by stage of the process, { $name }
nat-chart-pillars = Published projects by pillar, { $name }
nat-data-table = The figures of this chart
nat-months-rule = Each month shows today's published programmes as their public history had them at the end of the month; a collectivity counts for the months of its programme's period.
nat-open-area = See the details
nat-own-space = Visit the space of { $name }
nat-card-link = National card
nat-no-programme-card = This collectivity has not published its openness action programme yet: it counts as "no programme yet" in every figure.
nat-rank = Ahead of { $ahead } of the { $total } collectivities with a programme in { $name }
nat-in-area = in { $name }
nat-evaluated = Progress evaluated by the monitoring committee
nat-not-evaluated = not evaluated yet
nat-period = Period
nat-never = never
nat-manage-title = National managers' space
nat-manage-lead = Working lists to support the collectivities. The public figures stay on the national pages.
nat-manage-reports = Reports
nat-stale-title = Progress not updated for 90 days
nat-stale-lead = Collectivities whose programme is published but whose progress has not changed for 90 days or more (or never since the programme was created), the oldest first.
nat-stale-count = { $n ->
    [0] No collectivity is in this case.
    [one] { $n } collectivity is in this case.
   *[other] { $n } collectivities are in this case.
}
nat-stale-without = Collectivities without a published programme are not in this list: { $name }.
nat-report-participation = Participation in consultations by profile and age bracket
nat-report-gap = Gap between reported and evaluated progress
nat-participation-lead = Contributions to every collectivity's consultations, online and on paper, by profile and by age bracket. Only visible contributions to consultations on the programme or on a published project count.
nat-n-consultations = { $n ->
    [0] no consultation opened
    [one] { $n } consultation opened
   *[other] { $n } consultations opened
}
nat-by-region = By region
nat-by-province = By province and prefecture
nat-by-collectivity = By collectivity
nat-col-consultations = Consultations
nat-col-evaluated-projects = Projects evaluated
nat-col-reported = Reported progress
nat-col-evaluated = Evaluated progress
nat-col-gap = Gap
nat-points = { $name } pts
nat-gap-lead = For each collectivity, over its published projects that the co-monitoring committee evaluated, the progress it reports beside the progress its committee evaluates. A positive gap: the collectivity reports more than its committee finds.
nat-gap-rule = Evaluation scale (OGP): not started 0%, limited 33%, substantial 67%, complete 100%; "no evidence" is no measure and leaves the project out. For each project, the latest evaluation counts. Means weighted by the number of projects evaluated.
nat-gap-evaluated-count = { $n } of the { $of } collectivities with a published programme have at least one project evaluated.
nat-gap-by-region = By region
nat-gap-by-collectivity = By collectivity
nat-gap-none = No co-monitoring committee has evaluated a project yet.
nat-gap-csv = Download each collectivity's gap (CSV)
nat-gap-range = Collectivities { $from } to { $to } of { $total }
nat-gap-pages = Pages of the collectivities' table
nat-chart-time = Time →
