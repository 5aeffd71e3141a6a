# Consultation: comments, moderation, answers (fr)
cons-title = Consultation
cons-open-until = Consultation ouverte jusqu'au { $date }
cons-opens-on = La consultation s'ouvrira le { $date }
cons-closed = La période de la consultation est achevée ({ $month })
cons-datetime = { $date } à { $time }
cons-count-label = Nombre de commentaires
# The bare number (the card's «Nombre de commentaires 0»); selected like
# the Arabic, which words it, so that every catalogue selects on the same variables.
cons-count-value = { $n ->
   *[other] { $n }
}
cons-comments = { $n ->
    [0] Aucun commentaire
    [one] { $n } commentaire
   *[other] { $n } commentaires
}
cons-no-comments = Aucun commentaire pour l'instant.
cons-comments-heading = Commentaires
cons-profile = Profil
cons-age = Tranche d'âge
cons-required = (obligatoire)
cons-choose = — Choisir —
cons-body = Votre commentaire
cons-body-hint = Texte simple, 2000 caractères au plus. Les liens s'affichent comme du texte.
cons-form-title = Donner votre avis
cons-submit = Publier le commentaire
cons-reply = Répondre
cons-reply-title = Répondre à ce commentaire
cons-reply-body = Votre réponse
cons-reply-submit = Publier la réponse
cons-replies = Réponses
cons-sign-in = Connectez-vous pour participer à la consultation
cons-sign-in-why = Les commentaires sont ouverts aux citoyens inscrits dont l'adresse e-mail est confirmée.
cons-unverified = Confirmez votre adresse e-mail pour pouvoir commenter.
cons-form-closed = Les commentaires sont fermés : la période de la consultation est achevée.
cons-form-upcoming = Les commentaires s'ouvriront avec la consultation.
cons-workshop = Contribution recueillie en atelier : { $name }
cons-deleted-author = Compte supprimé
cons-hidden = Masqué par la modération — motif : { $name }
cons-hidden-body = Texte masqué (visible par la modération seulement)
cons-reason-spam = Spam
cons-reason-abuse = Propos injurieux ou haineux
cons-reason-personal-data = Données personnelles
cons-reason-off-topic = Hors sujet
cons-reason-other = Autre motif
cons-answer-by = Réponse officielle au nom de { $name }
cons-flag = Signaler
cons-flag-title = Signaler cette contribution à la modération
cons-flagged = Signalé
cons-hide = Masquer
cons-restore = Rétablir
cons-reason = Motif
cons-note = Note pour le registre (facultative)
cons-answer = Réponse officielle au nom de la collectivité
cons-answer-submit = Publier la réponse officielle
cons-moderate = Modération
cons-open-page = Page de la consultation
cons-errors-summary = Votre commentaire n'a pas été publié. Veuillez corriger ce qui suit :
cons-error-profile-required = Veuillez choisir un profil.
cons-error-profile-unknown = Ce profil ne figure pas dans la liste.
cons-error-age-required = Veuillez choisir une tranche d'âge.
cons-error-age-unknown = Cette tranche d'âge ne figure pas dans la liste.
cons-error-body-empty = Veuillez écrire votre commentaire.
cons-error-too-long = Le texte ne doit pas dépasser { $n } caractères.
cons-error-invalid-characters = Le texte contient des caractères non admis.
cons-error-duplicate = Vous venez déjà de publier ce même commentaire.
cons-error-parent = On ne peut répondre qu'à un commentaire principal de cette consultation.
cons-error-closed = La consultation est close : il n'est plus possible de commenter.
cons-error-not-open = La consultation n'est pas encore ouverte : impossible de commenter pour l'instant.
cons-error-throttled = Vous avez publié beaucoup de commentaires en peu de temps. Réessayez dans une minute.
cons-error-reason = Veuillez choisir un motif.
cons-error-answer-empty = Veuillez écrire la réponse.
cons-home-title = Consultation publique sur le projet de programme
cons-home-link = Lire et participer
cons-home-link-closed = Lire les commentaires
cons-back-project = Retour au projet
cons-back-home = Retour au programme
cons-state-open = Ouverte
cons-state-upcoming = À venir
cons-state-closed = Terminée
cons-admin-title = Consultations
cons-admin-intro = L'ouverture et la clôture se saisissent à l'heure locale de la collectivité ({ $name }) ; le serveur décide à chaque requête si la consultation est ouverte.
cons-admin-new = Nouvelle consultation
cons-admin-edit = Modifier la consultation
cons-admin-scope = Objet de la consultation
cons-admin-scope-programme = Le projet de programme dans son ensemble
cons-admin-title-ar = Titre en arabe
cons-admin-title-fr = Titre en français
cons-admin-description-ar = Présentation en arabe
cons-admin-description-fr = Présentation en français
cons-admin-opens = Ouverture (date et heure)
cons-admin-closes = Clôture (date et heure)
cons-admin-tz-hint = Heure locale : { $name }
cons-admin-save = Enregistrer
cons-admin-create = Créer la consultation
cons-admin-window = Période
cons-admin-state = État
cons-admin-comments = Commentaires
cons-admin-public-page = Page publique
cons-admin-none = Aucune consultation pour l'instant.
cons-admin-no-programme = Pas encore de programme : créez d'abord le programme.
cons-admin-saved = Enregistré.
cons-admin-back = Retour à la liste des consultations
cons-admin-plan = Programme
cons-error-datetime = Saisissez une date et une heure valides (ex. 2021-05-31 23:59).
cons-error-closes-first = La clôture doit venir après l'ouverture.
cons-error-title-required = Une consultation du programme doit avoir un titre, dans une langue au moins.
cons-error-project = Ce projet ne fait pas partie du programme de la collectivité.
cons-mod-title = Modération des contributions
cons-mod-flagged = Contributions signalées
cons-mod-flags = { $n ->
    [one] { $n } signalement
   *[other] { $n } signalements
}
cons-mod-none = Aucune contribution signalée.
cons-mod-hidden = Contributions masquées
cons-mod-hidden-none = Aucune contribution masquée.
cons-mod-log = Registre de modération
cons-mod-log-none = Aucune décision pour l'instant.
cons-mod-dismiss = Conserver
cons-mod-view = Voir
cons-mod-item = Contribution
cons-mod-author = Auteur
cons-mod-when = Date
cons-mod-by = Modérateur
cons-mod-action = Décision
cons-mod-decide = Décision
cons-kind-comment = Commentaire
cons-kind-idea = Idée
cons-action-hide = Masquage
cons-action-restore = Rétablissement
cons-action-dismiss = Conservée
cons-admin-back-form = Retour
cons-none = Pas de consultation sur ce projet pour l'instant.
cons-kind-project = Projet
cons-no-comments-closed = Aucun commentaire n'a été publié pendant cette consultation.

# Pages of a consultation's threads.
cons-pages = Pages des commentaires

## What authors do with what they wrote (authors.rs)
cons-edited = (modifié)
cons-withdrawn = Retiré par son auteur.
cons-withdrawn-body = Texte retiré (modération)
cons-versions = { $n ->
    [one] Une version précédente (modération)
   *[other] { $n } versions précédentes (modération)
}
cons-manage-own = Modifier ou retirer
idea-manage-own = Modifier ou retirer mon idée
idea-withdrawn-title = Idée retirée par son auteur
own-comment-title = Mon commentaire
own-idea-title = Mon idée
own-back = Revenir au texte
own-edit-lead = Le texte portera la mention « modifié » ; la version précédente est conservée, visible des seuls modérateurs.
own-field-body = Texte
own-save = Enregistrer la modification
own-frozen-comment = Ce commentaire ne peut plus être modifié : la consultation est close ou la collectivité y a répondu. Vous pouvez toujours le retirer.
own-frozen-idea = Cette idée ne peut plus être modifiée : la collectivité l'a examinée ou y a répondu. Vous pouvez toujours la retirer.
own-frozen-hidden = Les modérateurs ont masqué ce texte : il ne peut pas être modifié. Vous pouvez toujours le retirer.
own-withdraw-title = Retirer
own-withdraw-lead = Une fois retiré, le texte laisse la place à « Retiré par son auteur » et sort des listes et des statistiques. Les modérateurs en gardent la trace. Un retrait est définitif.
own-withdraw = Retirer le texte

cons-list-title = Consultations publiques
cons-list-lead = Tout ce que la collectivité soumet à la consultation : le projet de programme et ses projets. Les consultations ouvertes d'abord.
cons-list-none = Aucune consultation publiée pour l'instant.

# Why the comment form asks for a profile and an age bracket (#14 §2)
cons-profile-why = Votre nom est publié avec votre commentaire. Votre profil et votre tranche d'âge servent à montrer qui a participé : ils ne sont publiés qu'en nombres, jamais pour moins de 5 personnes.

# The staff's home (#14 §7)
staff-task-flagged = { $n ->
    [one] { $n } contribution signalée attend d'être examinée
   *[other] { $n } contributions signalées attendent d'être examinées
}
staff-task-ideas = { $n ->
    [one] { $n } idée attend une réponse
   *[other] { $n } idées attendent une réponse
}
staff-task-sent = envoyée le { $name }
staff-task-opening = { $n ->
    [one] { $n } consultation ouvre dans les sept jours
   *[other] { $n } consultations ouvrent dans les sept jours
}
staff-task-closing = { $n ->
    [one] { $n } consultation se termine dans les sept jours
   *[other] { $n } consultations se terminent dans les sept jours
}
staff-task-opens = ouvre le { $name }
staff-task-closes = se termine le { $name }

# What a save says (#14 §6): ?saved=<what>
saved-idea-accepted = Idée retenue.
saved-idea-merged = Idée fusionnée dans le projet.
saved-workshop = Atelier créé.
saved-flagged = Merci : votre signalement a été transmis aux modérateurs.
saved-hidden = Contribution masquée ; la décision est consignée au registre de modération.
saved-restored = Contribution rétablie ; la décision est consignée au registre de modération.
saved-dismissed = Signalements écartés : la contribution reste affichée.
saved-answered = Réponse officielle publiée sous la contribution.
