# E-mails sent by the worker. Every id starts with "mail-": all services'
# messages share one bundle per language. $site is the collectivity's name.

mail-platform-name = Infitah
mail-greeting = Hello { $name },
mail-greeting-anonymous = Hello,
mail-link-hint = If the button does not work, copy this address into your browser:
mail-footer = This message was sent automatically by { $site } through the Infitah platform. Please do not reply to it.

mail-verify-email-subject = Confirm your e-mail address – { $site }
mail-verify-email-body = Thank you for signing up with { $site }. To activate your account, please confirm your e-mail address.
mail-verify-email-action = Confirm my address
mail-verify-email-note = If you did not sign up, you can ignore this message.

mail-already-registered-subject = Sign-up attempt with your address – { $site }
mail-already-registered-body = Someone (perhaps you) tried to create an account with { $site } using this address, which already has one.
mail-already-registered-body2 = You can sign in, or choose a new password if you have forgotten it.
mail-already-registered-sign-in = Sign in
mail-already-registered-reset = Reset my password
mail-already-registered-note = If it was not you, ignore this message: nothing has changed in your account.

mail-reset-password-subject = Reset your password – { $site }
mail-reset-password-body = We received a request to reset the password of your account with { $site }. The link works once, for 30 minutes.
mail-reset-password-action = Choose a new password
mail-reset-password-note = If you did not ask for this, ignore this message: your password has not changed.

mail-invitation-subject = Invitation to join the team of { $site }
mail-invitation-body = You are invited to join the team of { $site } on the Infitah platform, with the role “{ $role }”.
mail-invitation-action = Accept the invitation
mail-invitation-note = If you were not expecting this invitation, you can ignore this message.

mail-change-email-subject = Confirm your new address – { $site }
mail-change-email-body = This address was given as the new e-mail address of your account with { $site }. Confirm it to complete the change.
mail-change-email-action = Confirm the new address
mail-change-email-note = If you did not ask for this, ignore this message: nothing will change.

mail-email-changed-subject = Your e-mail address was changed – { $site }
mail-email-changed-body = The e-mail address of your account with { $site } has been changed. From now on, messages go to the new address.
mail-email-changed-note = If you did not make this change, tell { $site } at once: someone else may have access to your account.

mail-password-changed-subject = Your password was changed – { $site }
mail-password-changed-body = The password of your account with { $site } has been changed.
mail-password-changed-note = If you did not do this, reset your password at once from the sign-in page and tell { $site }.

mail-role-admin = administrator
mail-role-editor = editor
mail-role-moderator = moderator
mail-role-committee = committee member
mail-role-national_manager = national manager
mail-role-operator = platform operator

## Notifications of what citizens follow. $title is the title of the
## consultation, project or programme; $closes a local date and time; $old
## and $new percentages.

mail-unsubscribe = Unsubscribe from these e-mails
mail-preferences = Manage my notifications

mail-event-consultation-opened = The consultation “{ $title }” is open until { $closes }.
mail-event-consultation-closing = The consultation “{ $title }” closes on { $closes }: less than 48 hours left to take part.
mail-event-official-answer = { $site } officially answered your contribution on “{ $title }”.
mail-event-official-answer-untitled = { $site } officially answered your contribution.
mail-event-progress-changed = Project “{ $title }”: the activity “{ $activity }” went from { $old } % to { $new } % complete.
mail-event-programme-adopted = The council adopted the programme “{ $title }” on { $decided }.

mail-answer-contribution = Your contribution:
mail-answer-text = The answer:

mail-notify-consultation-opened-subject = Consultation open: { $title } – { $site }
mail-notify-consultation-opened-action = Take part in the consultation
mail-notify-consultation-closing-subject = 48 hours left: { $title } – { $site }
mail-notify-consultation-closing-action = Take part before it closes
mail-notify-official-answer-subject = Official answer to your contribution – { $site }
mail-notify-official-answer-action = Read the answer
mail-notify-progress-changed-subject = Progress of the project { $title } – { $site }
mail-notify-progress-changed-action = See the project
mail-notify-programme-adopted-subject = Programme adopted by the council – { $site }
mail-notify-programme-adopted-action = See the programme
mail-notify-why-follow = You receive this message because you follow this project or the programme of { $site }.
mail-notify-why-account = You receive this message because it concerns your account with { $site }.

mail-digest-daily-subject = Your daily digest: { $count ->
    [one] one update
   *[other] { $count } updates
} – { $site }
mail-digest-weekly-subject = Your weekly digest: { $count ->
    [one] one update
   *[other] { $count } updates
} – { $site }
mail-digest-daily-intro = Here is what happened since your last digest ({ $count ->
    [one] one update
   *[other] { $count } updates
}).
mail-digest-weekly-intro = Here is what happened this week ({ $count ->
    [one] one update
   *[other] { $count } updates
}).
mail-digest-scope = This digest covers { $site } only: your account belongs to this collectivity.
mail-digest-more = { $count ->
    [one] One more update is waiting for you on the site.
   *[other] { $count } more updates are waiting for you on the site.
}
mail-digest-action = See all my notifications
mail-digest-daily-why = You receive this daily digest because you chose it in your preferences.
mail-digest-weekly-why = You receive this weekly digest because you chose it in your preferences.

notif-unsubscribe-title = Unsubscribe
notif-unsubscribe-all = You will no longer receive notification e-mails from this collectivity. Your notifications stay visible on the site.
notif-unsubscribe-follow = You will no longer follow “{ $name }” nor receive e-mails about it.
notif-unsubscribe-confirm = Confirm
notif-unsubscribed-title = Unsubscribed
notif-unsubscribed-body = Done. You can change your mind at any time in your preferences.

notif-inbox-title = My notifications
notif-inbox-link = My notifications
notif-follow-verify-first = To follow this, first confirm your e-mail address with the link we sent you.
notif-follow-verify-button = Send the confirmation link again
notif-preferences-link = Preferences
notif-inbox-empty = No notifications yet. Follow a project or the programme to hear about it.
notif-unread-count = { $n ->
    [0] Everything is read.
    [one] One unread notification.
   *[other] { $n } unread notifications.
}
notif-mark-all-read = Mark all as read
notif-mark-read = Mark as read
notif-unread = New

notif-preferences-title = Notification preferences
notif-preferences-scope = These preferences apply to your account with { $name }.
notif-delivery-legend = Receive e-mails
notif-delivery-immediate = At once, one e-mail per update
notif-delivery-daily = One digest a day
notif-delivery-weekly = One digest a week
notif-delivery-off = Never (notifications stay visible on the site)
notif-save = Save
notif-preferences-saved = Your preferences are saved.
notif-error-delivery = Choose how to receive e-mails (field “Receive e-mails”).
notif-follows-title = What I follow
notif-follows-empty = You do not follow anything yet.
notif-follows-programme = The whole programme: { $name }
notif-unfollow = Unfollow

notif-invalid-title = Invalid request
notif-error-kind = The field “kind” must be “project” or “programme”.
notif-error-id = The field “id” is not a valid identifier.

notif-follow-project-label = Follow this project
notif-follow-programme-label = Follow the programme
notif-follow-project = Follow this project
notif-unfollow-project = Unfollow this project
notif-follow-programme = Follow the whole programme
notif-unfollow-programme = Unfollow the programme
notif-follow-project-hint = Hear about this project's consultations, progress and decisions.
notif-following-project-hint = You follow this project.
notif-follow-programme-hint = Hear about consultations, the progress of every project and the adoption of the programme.
notif-following-programme-hint = You follow the whole programme.
