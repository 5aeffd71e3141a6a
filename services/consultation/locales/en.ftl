# Consultation: comments, moderation, answers (en)
cons-title = Consultation
cons-open-until = Open for comments until { $date }
cons-opens-on = The consultation opens on { $date }
cons-closed = The consultation period has ended ({ $month })
cons-datetime = { $date } at { $time }
cons-count-label = Number of comments
# The bare number (the card's «Nombre de commentaires 0»); selected like
# the Arabic, which words it, so that every catalogue selects on the same variables.
cons-count-value = { $n ->
   *[other] { $n }
}
cons-comments = { $n ->
    [0] No comments
    [one] { $n } comment
   *[other] { $n } comments
}
cons-no-comments = No comments yet.
cons-comments-heading = Comments
cons-profile = Profile
cons-age = Age bracket
cons-required = (required)
cons-choose = — Choose —
cons-body = Your comment
cons-body-hint = Plain text, at most 2000 characters. Links are shown as text.
cons-form-title = Have your say
cons-submit = Post the comment
cons-reply = Reply
cons-reply-title = Reply to this comment
cons-reply-body = Your reply
cons-reply-submit = Post the reply
cons-replies = Replies
cons-sign-in = Sign in to take part in the consultation
cons-sign-in-why = Comments are open to registered citizens whose e-mail address is confirmed.
cons-unverified = Confirm your e-mail address to comment.
cons-form-closed = Comments are closed: the consultation period has ended.
cons-form-upcoming = Comments open with the consultation.
cons-workshop = Contribution gathered at a workshop: { $name }
cons-deleted-author = Deleted account
cons-hidden = Hidden by moderation — reason: { $name }
cons-hidden-body = Hidden text (moderators only)
cons-reason-spam = Spam
cons-reason-abuse = Abuse or hate
cons-reason-personal-data = Personal data
cons-reason-off-topic = Off topic
cons-reason-other = Other reason
cons-answer-by = Official answer on behalf of { $name }
cons-flag = Report
cons-flag-title = Report this contribution to the moderators
cons-flagged = Reported
cons-hide = Hide
cons-restore = Restore
cons-reason = Reason
cons-note = Note for the record (optional)
cons-answer = Official answer on behalf of the collectivity
cons-answer-submit = Publish the official answer
cons-moderate = Moderation
cons-open-page = Consultation page
cons-errors-summary = Your comment was not posted. Please correct the following:
cons-error-profile-required = Please choose a profile.
cons-error-profile-unknown = This profile is not in the list.
cons-error-age-required = Please choose an age bracket.
cons-error-age-unknown = This age bracket is not in the list.
cons-error-body-empty = Please write your comment.
cons-error-too-long = The text must not exceed { $n } characters.
cons-error-invalid-characters = The text contains characters that are not allowed.
cons-error-duplicate = You have just posted this very comment.
cons-error-parent = Replies can only answer a top-level comment of this consultation.
cons-error-closed = The consultation is closed: comments are no longer accepted.
cons-error-not-open = The consultation has not opened yet: comments are not accepted now.
cons-error-throttled = You have posted many comments in a short time. Please try again in a minute.
cons-error-reason = Please choose a reason.
cons-error-answer-empty = Please write the answer.
cons-home-title = Public consultation on the draft programme
cons-home-link = Read and take part
cons-home-link-closed = Read the comments
cons-back-project = Back to the project
cons-back-home = Back to the programme
cons-state-open = Open
cons-state-upcoming = Upcoming
cons-state-closed = Ended
cons-admin-title = Consultations
cons-admin-intro = Opening and closing are entered in the collectivity's local time ({ $name }); the server decides at every request whether the consultation is open.
cons-admin-new = New consultation
cons-admin-edit = Edit the consultation
cons-admin-scope = Subject of the consultation
cons-admin-scope-programme = The draft programme as a whole
cons-admin-title-ar = Title in Arabic
cons-admin-title-fr = Title in French
cons-admin-description-ar = Introduction in Arabic
cons-admin-description-fr = Introduction in French
cons-admin-opens = Opens (date and time)
cons-admin-closes = Closes (date and time)
cons-admin-tz-hint = Local time: { $name }
cons-admin-save = Save
cons-admin-create = Create the consultation
cons-admin-window = Period
cons-admin-state = State
cons-admin-comments = Comments
cons-admin-public-page = Public page
cons-admin-none = No consultation yet.
cons-admin-no-programme = No programme yet: create the programme first.
cons-admin-saved = Saved.
cons-admin-back = Back to the consultations
cons-admin-plan = Programme
cons-error-datetime = Enter a valid date and time (e.g. 2021-05-31 23:59).
cons-error-closes-first = The closing must come after the opening.
cons-error-title-required = A consultation on the programme needs a title, in one language at least.
cons-error-project = This project is not part of the collectivity's programme.
cons-mod-title = Moderation of contributions
cons-mod-flagged = Reported contributions
cons-mod-flags = { $n ->
    [one] { $n } report
   *[other] { $n } reports
}
cons-mod-none = No reported contribution.
cons-mod-hidden = Hidden contributions
cons-mod-hidden-none = No hidden contribution.
cons-mod-log = Moderation record
cons-mod-log-none = No decision yet.
cons-mod-dismiss = Keep
cons-mod-view = View
cons-mod-item = Contribution
cons-mod-author = Author
cons-mod-when = Date
cons-mod-by = Moderator
cons-mod-action = Decision
cons-mod-decide = Decision
cons-kind-comment = Comment
cons-kind-idea = Idea
cons-action-hide = Hidden
cons-action-restore = Restored
cons-action-dismiss = Kept
cons-admin-back-form = Back
cons-none = No consultation on this project for now.
cons-kind-project = Project
cons-no-comments-closed = No comment was posted during this consultation.

# Pages of a consultation's threads.
cons-pages = Comment pages

## What authors do with what they wrote (authors.rs)
cons-edited = (edited)
cons-withdrawn = Withdrawn by its author.
cons-withdrawn-body = Withdrawn text (moderation)
cons-versions = { $n ->
    [one] One earlier version (moderation)
   *[other] { $n } earlier versions (moderation)
}
cons-manage-own = Edit or withdraw
idea-manage-own = Edit or withdraw my idea
idea-withdrawn-title = Idea withdrawn by its author
own-comment-title = My comment
own-idea-title = My idea
own-back = Back to the text
own-edit-lead = The text will say "edited"; the earlier version is kept, seen by moderators only.
own-field-body = Text
own-save = Save the change
own-frozen-comment = This comment can no longer be edited: the consultation has closed or the collectivity has answered it. You can still withdraw it.
own-frozen-idea = This idea can no longer be edited: the collectivity has considered or answered it. You can still withdraw it.
own-frozen-hidden = The moderators hid this text: it cannot be edited. You can still withdraw it.
own-withdraw-title = Withdraw
own-withdraw-lead = Once withdrawn, the text gives way to "Withdrawn by its author" and leaves the lists and statistics. The moderators keep a record. Withdrawing cannot be undone.
own-withdraw = Withdraw the text

cons-list-title = Public consultations
cons-list-lead = Everything the collectivity puts out for consultation: the draft programme and its projects. Open consultations first.
cons-list-none = No consultation has been published yet.

# Why the comment form asks for a profile and an age bracket (#14 §2)
cons-profile-why = Your name is published with your comment. Your profile and age bracket show who took part: they are published only as counts, never for fewer than 5 people.

# The staff's home (#14 §7)
staff-task-flagged = { $n ->
    [one] { $n } flagged contribution awaits review
   *[other] { $n } flagged contributions await review
}
staff-task-ideas = { $n ->
    [one] { $n } idea awaits an answer
   *[other] { $n } ideas await an answer
}
staff-task-sent = sent on { $name }
staff-task-opening = { $n ->
    [one] { $n } consultation opens within seven days
   *[other] { $n } consultations open within seven days
}
staff-task-closing = { $n ->
    [one] { $n } consultation closes within seven days
   *[other] { $n } consultations close within seven days
}
staff-task-opens = opens on { $name }
staff-task-closes = closes on { $name }

# What a save says (#14 §6): ?saved=<what>
saved-idea-accepted = Idea accepted.
saved-idea-merged = Idea merged into the project.
saved-workshop = Workshop created.
saved-flagged = Thank you: your report was passed on to the moderators.
saved-hidden = Contribution hidden; the decision is kept in the moderation log.
saved-restored = Contribution restored; the decision is kept in the moderation log.
saved-dismissed = Flags dismissed: the contribution stays shown.
saved-answered = Official answer published under the contribution.
