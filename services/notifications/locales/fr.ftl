# Courriels envoyés par le worker. Chaque identifiant commence par « mail- » :
# les messages de tous les services partagent un seul bundle par langue.
# $site est le nom de la collectivité.

mail-platform-name = Infitah
mail-greeting = Bonjour { $name },
mail-greeting-anonymous = Bonjour,
mail-link-hint = Si le bouton ne fonctionne pas, copiez cette adresse dans votre navigateur :
mail-footer = Ce message a été envoyé automatiquement par { $site } via la plateforme Infitah. Merci de ne pas y répondre.

mail-verify-email-subject = Confirmez votre adresse électronique – { $site }
mail-verify-email-body = Merci de votre inscription auprès de { $site }. Pour activer votre compte, veuillez confirmer votre adresse électronique.
mail-verify-email-action = Confirmer mon adresse
mail-verify-email-note = Si vous ne vous êtes pas inscrit(e), vous pouvez ignorer ce message.

mail-already-registered-subject = Tentative d'inscription avec votre adresse – { $site }
mail-already-registered-body = Quelqu'un (peut-être vous) a tenté de créer un compte auprès de { $site } avec cette adresse, qui en possède déjà un.
mail-already-registered-body2 = Vous pouvez vous connecter, ou choisir un nouveau mot de passe si vous l'avez oublié.
mail-already-registered-sign-in = Se connecter
mail-already-registered-reset = Réinitialiser mon mot de passe
mail-already-registered-note = Si ce n'était pas vous, ignorez ce message : rien n'a changé dans votre compte.

mail-reset-password-subject = Réinitialisation de votre mot de passe – { $site }
mail-reset-password-body = Nous avons reçu une demande de réinitialisation du mot de passe de votre compte auprès de { $site }. Le lien est valable une seule fois, pendant 30 minutes.
mail-reset-password-action = Choisir un nouveau mot de passe
mail-reset-password-note = Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : votre mot de passe n'a pas changé.

mail-invitation-subject = Invitation à rejoindre l'équipe de { $site }
mail-invitation-body = Vous êtes invité(e) à rejoindre l'équipe de { $site } sur la plateforme Infitah, avec le rôle « { $role } ».
mail-invitation-action = Accepter l'invitation
mail-invitation-note = Si vous n'attendiez pas cette invitation, vous pouvez ignorer ce message.

mail-change-email-subject = Confirmez votre nouvelle adresse – { $site }
mail-change-email-body = Cette adresse a été indiquée comme nouvelle adresse électronique de votre compte auprès de { $site }. Confirmez-la pour terminer le changement.
mail-change-email-action = Confirmer la nouvelle adresse
mail-change-email-note = Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : rien ne changera.

mail-email-changed-subject = Votre adresse électronique a été modifiée – { $site }
mail-email-changed-body = L'adresse électronique de votre compte auprès de { $site } a été modifiée. Les messages seront désormais envoyés à la nouvelle adresse.
mail-email-changed-note = Si vous n'êtes pas à l'origine de ce changement, prévenez { $site } sans attendre : quelqu'un d'autre a peut-être accès à votre compte.

mail-password-changed-subject = Votre mot de passe a été modifié – { $site }
mail-password-changed-body = Le mot de passe de votre compte auprès de { $site } a été modifié.
mail-password-changed-note = Si vous n'êtes pas à l'origine de ce changement, réinitialisez votre mot de passe sans attendre depuis la page de connexion et prévenez { $site }.

mail-role-admin = administrateur
mail-role-editor = éditeur
mail-role-moderator = modérateur
mail-role-committee = membre du comité
mail-role-national_manager = gestionnaire national
mail-role-operator = opérateur de la plateforme
