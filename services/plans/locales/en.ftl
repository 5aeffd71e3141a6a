home-title = Openness action programme
home-population = Population (2024)
home-hcp-code = Geographic code (HCP)
home-languages = Languages
home-no-programme = This collectivity's openness action programme has not been published yet.
process-title = The openness process
stage-axes = List of axes
stage-workshops = Co-preparation workshops / submit your idea
stage-consultation = Draft programme put to consultation (consultative workshop / digital consultation)
stage-approval = Approval of the programme by the council
stage-implementation = Co-implementation
stage-monitoring = Co-monitoring and evaluation
stage-preparation = Co-preparation
draft = draft
programme-progress = Programme progress
project-progress = Project progress
progress-rule = How it is computed: a project's progress is the mean of its activities' completion, weighted by their duration in months; the programme's is the mean of its published projects.
projects-count = { $n ->
    [0] No projects
    [one] { $n } project
   *[other] { $n } projects
}
comments-count = { $n ->
    [0] No comments
    [one] { $n } comment
   *[other] { $n } comments
}
print-link = Printable version
print-title = Openness action programme — printable version
filter-pillar = Pillar
filter-status = Status
filter-all = All
filter-apply = Filter
no-projects-match = No project matches this choice.
status-not_started = Not started
status-in_progress = In progress
status-late = Late
status-done = Done
card-title-label = Openness project
card-problem = Problem statement
card-solution = Proposed solution
card-pillars = Pillars of openness
card-budget = Communal budget
budget-amount = { $name } MAD
budget-not-stated = not stated
card-results = What is the expected result?
card-indicators = Indicators
indicator-baseline = Baseline
indicator-target = Target
card-activities = Activity plan
activity = Activity
activity-start = Start
activity-end = End
activity-completion = Completion
activity-late = late
card-history = Progress history
history-empty = No change of progress has been recorded yet.
history-unknown-actor = Commune team
history-evidence = Evidence
card-consultation = Consultation
consultation-none = No consultation is open on this project.
back-to-programme = Back to the programme
yes = Yes
no = No
admin-plan-title = Programme management
admin-project-title = Edit the project
admin-view-public = See the public page
admin-state = State
admin-published = published
admin-publish = Publish
admin-unpublish = Unpublish
admin-new-project = New project
admin-create = Create
admin-add = Add
admin-add-activity = Add an activity
field-title-ar = Title in Arabic
field-title-fr = Title in French
field-category = Problem area
one-per-line = (one item per line; the same line in Arabic and in French)
free-results = Other expected results
budget-is-stated = The budget is stated
budget-amount-label = Amount in dirhams
indicator-unit = Unit
progress-note = Note
progress-evidence = Link to the evidence
progress-save = Save progress
too-many-lines = Too many lines: at most { $n }.
title-required = Give the title in Arabic or French at least.
unknown-category = Unknown area.
unknown-pillar = Unknown pillar.
unknown-outcome = Unknown outcome.
budget-invalid = Enter a positive amount in dirhams, such as 1250000 or 1250000.50.
number-invalid = Enter a positive number.
month-invalid = Enter a month as 2024-10.
end-before-start = The end month comes before the start month.
completion-invalid = The percentage must be a whole number from 0 to 100.
url-invalid = Enter a full address starting with https://
stale-form = Someone else changed this since you opened the form. Reload the page and make your change again.
adoption-title = Since the council's approval
adoption-unchanged = This project has not changed since the council approved the programme ({ $name }).
adoption-changed = These parts changed since the council approved the programme ({ $name }):
adoption-added-later = This project was added after the council approved the programme ({ $name }).
field-title = Title
admin-council-title = Stages and council approval
admin-add-indicator = Add an indicator
measured-on = Date measured
measured-value = Value measured
measurement-save = Save the measurement
stage-planned-start = Planned start
stage-planned-end = Planned end
stage-actual-start = Actual start
stage-actual-end = Actual end
date-invalid = Enter a valid date between 2000 and 2100.
votes-invalid = The number of votes must be a whole number from 0 to 1000.
decision-exists = The council's approval is already recorded and cannot change.
decision-date = Date of approval
decision-session = Session
decision-votes = Votes (for / against / abstaining)
decision-text = Text of the decision
decision-record = Record the approval
decision-help = Recording the approval freezes the programme as adopted; every project page then shows what changed since.
decision-frozen = The programme as adopted by the council is kept and cannot change.
decision-admins-only = The collectivity's administrator records the council's approval.
votes-for = For
votes-against = Against
votes-abstain = Abstaining

## Co-monitoring and evaluation (evaluation.rs)
eval-admin-title = Co-monitoring and evaluation
eval-admin-intro = The co-monitoring committee evaluates each published project, per half-year, on the OGP Independent Reporting Mechanism's completion scale. Every evaluation is kept; a newer one for the same half-year supersedes the earlier one, which stays in the public history.
eval-no-projects = No published project to evaluate.
eval-not-evaluated = not evaluated yet
eval-form-title = Evaluate the project
eval-view-public = See the public page
eval-saved = Evaluation recorded. It is shown on the project's public page.
eval-field-period = Half-year evaluated
eval-field-level = Level of completion
eval-level-hint = The OGP Independent Reporting Mechanism's scale.
eval-field-justification = Justification
eval-field-evidence = Evidence (links)
eval-evidence-hint = one https:// address per line, at most 10
eval-submit = Record the evaluation
eval-history = Evaluations recorded
eval-none = No evaluation recorded yet.
eval-level-no_evidence = No evidence
eval-level-not_started = Not started
eval-level-limited = Limited
eval-level-substantial = Substantial
eval-level-complete = Complete
eval-period-h1 = First half of { $name }
eval-period-h2 = Second half of { $name }
eval-recorded-by-committee = co-monitoring committee
eval-superseded = superseded
eval-card-title = Co-monitoring and evaluation
eval-card-intro = The co-monitoring committee's evaluation, beside the progress the collectivity reports.
eval-reported = Progress reported by the collectivity
eval-latest = The committee's latest evaluation
eval-earlier = Earlier evaluations, superseded
eval-error-period = Choose a half-year within the programme's period.
eval-error-level = Choose a level of the scale.
eval-error-justification = Give the reasons for the evaluation.
eval-error-too-long = Too long: at most { $n } characters.
eval-error-characters = The text holds characters that are not allowed.
eval-error-evidence = Each piece of evidence must be a full address starting with https://
eval-error-evidence-count = At most { $n } links.

admin-links = Management
admin-link-consultations = Consultations
admin-link-moderation = Moderation
admin-link-ideas = Citizens' ideas
admin-link-workshops = Workshops
admin-link-evaluations = Co-monitoring and evaluation

# The staff's home (#14 §7)
staff-task-late = { $n ->
    [one] { $n } activity is late
   *[other] { $n } activities are late
}
staff-task-stale = { $n ->
    [one] { $n } activity under way has not been updated for a month
   *[other] { $n } activities under way have not been updated for a month
}
staff-task-due = due by { $name }
staff-task-evaluate = { $n ->
    [one] { $n } published project has no evaluation for { $name }
   *[other] { $n } published projects have no evaluation for { $name }
}

# What a back-office save says (#14 §6): ?saved=<what>
saved-published = Project published: everyone can see it.
saved-unpublished = Project unpublished: only the team sees it now.
saved-activity = Activity added.
saved-progress = Progress saved and added to the public history.
saved-indicator = Indicator added.
saved-measurement = Measurement saved.
saved-project = Project created (draft): complete its card, then publish it.
