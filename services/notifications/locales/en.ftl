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
