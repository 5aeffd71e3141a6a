# Consultation: ideas, workshops, statistics (en)

## Ideas
idea-step = Co-preparation · step 2
idea-list-title = Submit your idea
idea-list-lead = To prepare its openness action programme, the commune gathers citizens' ideas, axis by axis. Every idea is published here; the commune says which ones it takes up and which project they fed.
idea-new-title = Submit an idea
idea-new-lead = Describe one concrete idea to make the commune more open. Fields marked with an asterisk are required.
idea-submit = Submit an idea
idea-submit-sign-in = Sign in to submit an idea
idea-verify-first = Confirm your e-mail address first to submit an idea.
idea-go-account = My account
idea-no-programme = The commune has not opened the preparation of its programme yet: ideas are not being gathered.
idea-count = { $n ->
    [0] No ideas
    [one] { $n } idea
   *[other] { $n } ideas
}
idea-download-csv = Download (CSV)
idea-download-staff-csv = Staff export (CSV, with age bracket)
idea-filter-axis = Axis
idea-filter-all = All axes
idea-filter-apply = Filter
idea-none = No ideas yet.
idea-in-project = Part of the project:
idea-back-to-list = Back to the ideas
idea-field-axis = Axis
idea-field-title = Title
idea-field-body = Your idea
idea-field-profile = Profile
idea-field-age = Age bracket
idea-field-project = Project
idea-field-project-optional = Project (optional)
idea-choose = — Choose —
idea-body-hint = At most { $n } characters. Plain text: links are not clickable.
idea-privacy = Your name is not published with your idea: only your profile and the axis are. The age bracket is published only as counts, never for fewer than 5 people.
idea-axis-required = Axis: choose an axis from the list.
idea-title-required = Title: give your idea a short title.
idea-body-required = Your idea: describe it in a few lines.
idea-profile-required = Profile: this field is required, choose your profile.
idea-age-required = Age bracket: this field is required, choose your age bracket.
idea-project-required = Project: choose a project from the list.
idea-status = Status
idea-status-submitted = Submitted
idea-status-accepted = Accepted
idea-status-merged = Merged into a project
idea-date = Date
idea-hidden-title = Hidden idea
idea-hidden-tag = Hidden ({ $name })
idea-manage = Manage this idea
idea-view-public = See the public page
idea-admin-title = Citizens' ideas
idea-accept-title = Accept the idea
idea-accept-hint = The idea is marked as accepted; if you choose a project, its page lists the idea among its origins.
idea-no-project = No project
idea-accept = Accept
idea-merge-title = Merge into a project
idea-merge-hint = The idea is merged into the chosen project: the project page lists it among the citizen ideas it came from.
idea-merge = Merge
idea-project-section = From citizens' ideas
idea-project-section-lead = This project takes up ideas submitted by citizens:
idea-home-title = Take part
idea-home-lead = Submit your ideas for the programme, see the workshops and their minutes.

## Workshops
ws-step = Co-preparation and consultation
ws-list-title = Workshops
ws-list-lead = The commune's co-preparation and consultative workshops: date, place, attendance and minutes. Contributions gathered on paper count with the online ones.
ws-count = { $n ->
    [0] No workshops
    [one] { $n } workshop
   *[other] { $n } workshops
}
ws-none = No workshops yet.
ws-kind-co_preparation = Co-preparation workshop
ws-kind-consultative = Consultative workshop
ws-attendance-count = { $n ->
    [0] Attendance not recorded
    [one] { $n } participant
   *[other] { $n } participants
}
ws-paper-count = { $n ->
    [0] No paper contributions
    [one] { $n } paper contribution
   *[other] { $n } paper contributions
}
ws-place = Place
ws-date = Date
ws-attendance = Attendance
ws-attendance-by-gender = Attendance by gender
ws-gender-female = Women
ws-gender-male = Men
ws-read-minutes = Read the minutes
ws-back-to-list = Back to the workshops
ws-see-consultation = See the consultation
ws-minutes = Minutes
ws-no-minutes = The minutes are not published yet.
ws-manage = Manage this workshop
ws-admin-title = Workshops (management)
ws-new = New workshop
ws-create = Create the workshop
ws-save = Save
ws-saved = Workshop saved.
ws-field-title = Title
ws-field-title-ar = Title in Arabic
ws-field-title-fr = Title in French
ws-field-kind = Kind
ws-field-date = Date
ws-field-place = Place
ws-field-consultation = Consultation it feeds
ws-no-consultation = None
ws-consultation-hint = A consultative workshop's contributions count with those of the chosen consultation.
ws-title-required = Title: give a title in Arabic or French.
ws-kind-required = Kind: choose the kind of workshop.
ws-date-invalid = Date: give a valid date (YYYY-MM-DD).
ws-place-required = Place: say where the workshop was held.
ws-consultation-unknown = Consultation: choose a consultation from the list.
ws-no-programme = Create the commune's programme first.
ws-attendance-grid = Attendance by gender and age bracket
ws-attendance-total = { $n ->
    [0] No attendance recorded.
    [one] { $n } participant recorded in all.
   *[other] { $n } participants recorded in all.
}
ws-attendance-invalid = A whole number from 0 to 100,000.
ws-attendance-saved = Attendance saved.
ws-save-attendance = Save attendance
ws-paper-title = Paper contributions
ws-paper-download = Download (CSV)
ws-paper-no-consultation = Link this workshop to a consultation first: paper contributions count with its own.
ws-paper-nothing-saved = Nothing was saved. Correct the following and try again:
ws-paper-upload-title = Import a CSV file
ws-paper-upload-hint = Three columns: profile, age bracket, contribution (a header line is allowed). Profile and age bracket are written as their code or their Arabic or French label. Comma or semicolon separated, UTF-8, at most { $n } KB. If any line is wrong, nothing is imported.
ws-paper-file = CSV file
ws-paper-upload = Import
ws-paper-form-title = Type in several contributions
ws-paper-form-hint = One contribution per row; empty rows are ignored.
ws-paper-save-rows = Save the contributions
ws-paper-saved = { $n ->
    [one] { $n } contribution saved.
   *[other] { $n } contributions saved.
}
ws-paper-row = Row { $n }
ws-paper-field-profile = profile
ws-paper-field-age_bracket = age bracket
ws-paper-field-body = Contribution
ws-paper-profile-missing = the profile is required.
ws-paper-profile-unknown = unknown profile (a catalogue code or label is expected).
ws-paper-age-missing = the age bracket is required.
ws-paper-age-unknown = unknown age bracket (a catalogue code or label is expected).
ws-paper-body-missing = the contribution is empty.
ws-paper-body-too-long = the contribution is longer than 2,000 characters.
ws-paper-body-invalid = the contribution holds characters that are not allowed.
ws-paper-columns = three columns expected: profile, age bracket, contribution.
ws-paper-file-missing = Choose a CSV file.
ws-paper-file-too-large = The file is too large.
ws-paper-file-not-utf8 = The file is not UTF-8 (save it as "CSV UTF-8").
ws-paper-file-unreadable = unreadable CSV (an unclosed quote?).
ws-paper-too-many-rows = The file has more than 5,000 lines: split it.
ws-paper-empty = The file holds no contributions.
ws-paper-form-empty = No row was filled in.
ws-paper-more-problems = … and { $n } more problems.

## Participation statistics
stats-title = Participation statistics
stats-programme-consultation = Consultation on the draft programme
stats-back-consultation = Back to the consultation
stats-back-project = Back to the project
stats-total = { $n ->
    [0] No contributions
    [one] { $n } contribution
   *[other] { $n } contributions
}
stats-total-small = Fewer than 5 contributions
stats-online = Online
stats-paper = On paper (workshops)
stats-contributions = Contributions
stats-by-profile = By profile
stats-by-age = By age bracket
stats-by-week = By week
stats-by-month = By month
stats-period = Period
stats-week-of = Week of { $name }
stats-small = <5
stats-masked = 5+
stats-no-period = No contributions yet.
stats-table-caption = Chart data: { $name }
stats-rule = To protect participants, counts below 5 are shown as "<5", and one more count is then masked ("5+") so that they cannot be worked out from the total.
stats-rule-short = Counts below 5 are shown as "<5".
stats-rule-detail = Rule: in each table, every count below 5 (zero included) is replaced by "<5"; when there is one, the smallest count of 5 or more is replaced by "5+". The published total therefore cannot give a small count back. Contributions hidden by moderation are left out.
stats-staff-exact = You see exact counts (the commune's staff); the public sees small counts masked.
stats-download-csv = Download the exact figures (CSV)
stats-see-participation = Participation statistics
