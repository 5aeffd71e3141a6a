# Courriels envoyés par le worker. Chaque identifiant commence par « mail- » :
# les messages de tous les services partagent un seul bundle par langue.
# $site est le nom de la collectivité.

mail-platform-name = Infitah
mail-greeting = Bonjour { $name },
mail-greeting-anonymous = Bonjour,
mail-link-hint = Si le bouton ne fonctionne pas, copiez cette adresse dans votre navigateur :
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
mail-already-registered-note = Si ce n'était pas vous, ignorez ce message : rien n'a changé dans votre compte.

mail-reset-password-subject = Réinitialisation de votre mot de passe – { $site }
mail-reset-password-body = Nous avons reçu une demande de réinitialisation du mot de passe de votre compte auprès de { $site }. Le lien est valable une seule fois, pendant 30 minutes.
mail-reset-password-action = Choisir un nouveau mot de passe
mail-reset-password-note = Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : votre mot de passe n'a pas changé.

mail-invitation-subject = Invitation à rejoindre l'équipe de { $site }
mail-invitation-body = Vous êtes invité(e) à rejoindre l'équipe de { $site } sur la plateforme Infitah, avec le rôle « { $role } ».
mail-invitation-action = Accepter l'invitation
mail-invitation-note = Si vous n'attendiez pas cette invitation, vous pouvez ignorer ce message.

mail-change-email-subject = Confirmez votre nouvelle adresse – { $site }
mail-change-email-body = Cette adresse a été indiquée comme nouvelle adresse électronique de votre compte auprès de { $site }. Confirmez-la pour terminer le changement.
mail-change-email-action = Confirmer la nouvelle adresse
mail-change-email-note = Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : rien ne changera.

mail-email-changed-subject = Votre adresse électronique a été modifiée – { $site }
mail-email-changed-body = L'adresse électronique de votre compte auprès de { $site } a été modifiée. Les messages seront désormais envoyés à la nouvelle adresse.
mail-email-changed-note = Si vous n'êtes pas à l'origine de ce changement, prévenez { $site } sans attendre : quelqu'un d'autre a peut-être accès à votre compte.

mail-password-changed-subject = Votre mot de passe a été modifié – { $site }
mail-password-changed-body = Le mot de passe de votre compte auprès de { $site } a été modifié.
mail-password-changed-note = Si vous n'êtes pas à l'origine de ce changement, réinitialisez votre mot de passe sans attendre depuis la page de connexion et prévenez { $site }.

mail-role-admin = administrateur
mail-role-editor = éditeur
mail-role-moderator = modérateur
mail-role-committee = membre du comité
mail-role-national_manager = gestionnaire national
mail-role-operator = opérateur de la plateforme

## Notifications de ce que les citoyens suivent. $title est le titre de la
## consultation, du projet ou du programme ; $closes une date et une heure
## locales ; $old et $new des pourcentages.

mail-unsubscribe = Se désabonner de ces courriels
mail-preferences = Gérer mes notifications

mail-event-consultation-opened = La consultation « { $title } » est ouverte jusqu'au { $closes }.
mail-event-consultation-closing = La consultation « { $title } » se termine le { $closes } : il reste moins de 48 heures pour y participer.
mail-event-official-answer = { $site } a répondu officiellement à votre contribution sur « { $title } ».
mail-event-official-answer-untitled = { $site } a répondu officiellement à votre contribution.
mail-event-progress-changed = Projet « { $title } » : l'activité « { $activity } » est passée de { $old } % à { $new } % de réalisation.
mail-event-programme-adopted = Le conseil a adopté le programme « { $title } » le { $decided }.

mail-answer-contribution = Votre contribution :
mail-answer-text = La réponse :

mail-notify-consultation-opened-subject = Consultation ouverte : { $title } – { $site }
mail-notify-consultation-opened-action = Participer à la consultation
mail-notify-consultation-closing-subject = Plus que 48 heures : { $title } – { $site }
mail-notify-consultation-closing-action = Participer avant la clôture
mail-notify-official-answer-subject = Réponse officielle à votre contribution – { $site }
mail-notify-official-answer-action = Lire la réponse
mail-notify-progress-changed-subject = Avancement du projet { $title } – { $site }
mail-notify-progress-changed-action = Voir le projet
mail-notify-programme-adopted-subject = Programme adopté par le conseil – { $site }
mail-notify-programme-adopted-action = Voir le programme
mail-notify-why-follow = Vous recevez ce message parce que vous suivez ce projet ou le programme de { $site }.
mail-notify-why-account = Vous recevez ce message parce qu'il concerne votre compte auprès de { $site }.

mail-digest-daily-subject = Votre résumé du jour : { $count ->
    [one] une nouvelle
   *[other] { $count } nouvelles
} – { $site }
mail-digest-weekly-subject = Votre résumé de la semaine : { $count ->
    [one] une nouvelle
   *[other] { $count } nouvelles
} – { $site }
mail-digest-daily-intro = Voici ce qui s'est passé depuis votre dernier résumé ({ $count ->
    [one] une nouvelle
   *[other] { $count } nouvelles
}).
mail-digest-weekly-intro = Voici ce qui s'est passé cette semaine ({ $count ->
    [one] une nouvelle
   *[other] { $count } nouvelles
}).
mail-digest-scope = Ce résumé ne concerne que { $site } : votre compte est propre à cette collectivité.
mail-digest-more = { $count ->
    [one] Une autre nouvelle vous attend sur le site.
   *[other] { $count } autres nouvelles vous attendent sur le site.
}
mail-digest-action = Voir toutes mes notifications
mail-digest-daily-why = Vous recevez ce résumé quotidien parce que vous l'avez choisi dans vos préférences.
mail-digest-weekly-why = Vous recevez ce résumé hebdomadaire parce que vous l'avez choisi dans vos préférences.

notif-unsubscribe-title = Se désabonner
notif-unsubscribe-all = Vous ne recevrez plus aucun courriel de notification de cette collectivité. Vos notifications restent visibles sur le site.
notif-unsubscribe-follow = Vous ne suivrez plus « { $name } » et ne recevrez plus de courriel à son sujet.
notif-unsubscribe-confirm = Confirmer le désabonnement
notif-unsubscribed-title = Désabonnement effectué
notif-unsubscribed-body = C'est fait. Vous pouvez changer d'avis à tout moment dans vos préférences.

notif-inbox-title = Mes notifications
notif-inbox-link = Mes notifications
notif-follow-verify-first = Pour suivre ceci, confirmez d’abord votre adresse électronique avec le lien que nous vous avons envoyé.
notif-follow-verify-button = Renvoyer le lien de confirmation
notif-preferences-link = Préférences
notif-inbox-empty = Aucune notification pour l'instant. Suivez un projet ou le programme pour être informé(e).
notif-unread-count = { $n ->
    [0] Tout est lu.
    [one] Une notification non lue.
   *[other] { $n } notifications non lues.
}
notif-mark-all-read = Tout marquer comme lu
notif-mark-read = Marquer comme lu
notif-unread = Nouveau

notif-preferences-title = Préférences de notification
notif-preferences-scope = Ces préférences valent pour votre compte auprès de { $name }.
notif-delivery-legend = Recevoir les courriels
notif-delivery-immediate = Tout de suite, un courriel par nouvelle
notif-delivery-daily = Un résumé par jour
notif-delivery-weekly = Un résumé par semaine
notif-delivery-off = Jamais (les notifications restent visibles sur le site)
notif-save = Enregistrer
notif-preferences-saved = Vos préférences sont enregistrées.
notif-error-delivery = Choisissez comment recevoir les courriels (champ « Recevoir les courriels »).
notif-follows-title = Ce que je suis
notif-follows-empty = Vous ne suivez rien pour l'instant.
notif-follows-programme = Tout le programme : { $name }
notif-unfollow = Ne plus suivre

notif-invalid-title = Demande invalide
notif-error-kind = Le champ « kind » doit valoir « project » ou « programme ».
notif-error-id = Le champ « id » n'est pas un identifiant valide.

notif-follow-project-label = Suivre ce projet
notif-follow-programme-label = Suivre le programme
notif-follow-project = Suivre ce projet
notif-unfollow-project = Ne plus suivre ce projet
notif-follow-programme = Suivre tout le programme
notif-unfollow-programme = Ne plus suivre le programme
notif-follow-project-hint = Recevez les consultations, l'avancement et les décisions de ce projet.
notif-following-project-hint = Vous suivez ce projet.
notif-follow-programme-hint = Recevez les consultations, l'avancement de tous les projets et l'adoption du programme.
notif-following-programme-hint = Vous suivez tout le programme.
