home-title = Programme d'action d'ouverture
home-population = Population (2024)
home-hcp-code = Code géographique (HCP)
home-languages = Langues
home-no-programme = Le programme d'action d'ouverture de cette collectivité n'est pas encore publié.
process-title = Processus d'ouverture
stage-axes = Liste des axes
stage-workshops = Ateliers de co-élaboration / proposez votre idée
stage-consultation = Projet de programme soumis à la consultation (atelier consultatif / consultation numérique)
stage-approval = Approbation du programme d'action d'ouverture par le conseil
stage-implementation = Mise en œuvre conjointe
stage-monitoring = Suivi et évaluation conjoints
stage-preparation = Co-élaboration
draft = brouillon
programme-progress = Avancement du programme
project-progress = Taux d'avancement du projet
progress-rule = Mode de calcul : l'avancement d'un projet est la moyenne du taux de réalisation de ses activités, pondérée par leur durée en mois ; celui du programme est la moyenne de ses projets publiés.
projects-count = { $n ->
    [0] Aucun projet
    [one] { $n } projet
   *[other] { $n } projets
}
comments-count = { $n ->
    [0] Aucun commentaire
    [one] { $n } commentaire
   *[other] { $n } commentaires
}
print-link = Version imprimable
print-title = Programme d'action d'ouverture — version imprimable
filter-pillar = Pilier
filter-status = État
filter-all = Tous
filter-apply = Filtrer
no-projects-match = Aucun projet ne correspond à ce choix.
status-not_started = Pas commencé
status-in_progress = En cours
status-late = En retard
status-done = Réalisé
card-title-label = Intitulé du projet d'ouverture
card-problem = Problématique posée
card-solution = Solution proposée
card-pillars = Piliers de l'ouverture
card-budget = Budget communal
budget-amount = { $name } MAD
budget-not-stated = non précisé
card-results = Quel est le résultat attendu ?
card-indicators = Indicateurs
indicator-baseline = Valeur de référence
indicator-target = Cible
card-activities = Planning des activités
activity = Activités
activity-start = Date début
activity-end = Date fin
activity-completion = Pourcentage de réalisation
activity-late = en retard
card-history = Historique de l'avancement
history-empty = Aucun changement d'avancement n'a encore été enregistré.
history-unknown-actor = Équipe communale
history-evidence = Justificatif
card-consultation = Consultation
consultation-none = Aucune consultation n'est ouverte sur ce projet.
back-to-programme = Retour au programme
yes = Oui
no = Non
admin-plan-title = Gestion du programme
admin-project-title = Modifier le projet
admin-view-public = Voir la page publique
admin-state = État
admin-published = publié
admin-publish = Publier
admin-unpublish = Dépublier
admin-new-project = Nouveau projet
admin-create = Créer
admin-add = Ajouter
admin-add-activity = Ajouter une activité
field-title-ar = Intitulé en arabe
field-title-fr = Intitulé en français
field-category = Domaine de la problématique
one-per-line = (un élément par ligne ; la même ligne en arabe et en français)
free-results = Autres résultats attendus
budget-is-stated = Le budget est précisé
budget-amount-label = Montant en dirhams
indicator-unit = Unité
progress-note = Note
progress-evidence = Lien vers le justificatif
progress-save = Enregistrer l'avancement
too-many-lines = Trop de lignes : { $n } au plus.
title-required = Saisissez l'intitulé en arabe ou en français au moins.
unknown-category = Domaine inconnu.
unknown-pillar = Pilier inconnu.
unknown-outcome = Résultat inconnu.
budget-invalid = Saisissez un montant positif en dirhams, par exemple 1250000 ou 1250000,50.
number-invalid = Saisissez un nombre positif.
month-invalid = Saisissez un mois sous la forme 2024-10.
end-before-start = Le mois de fin précède le mois de début.
completion-invalid = Le pourcentage doit être un nombre entier entre 0 et 100.
url-invalid = Saisissez une adresse complète commençant par https://
stale-form = Quelqu'un d'autre a modifié ces données depuis l'ouverture du formulaire. Rechargez la page puis refaites la modification.
adoption-title = Depuis l'approbation du conseil
adoption-unchanged = Ce projet n'a pas changé depuis l'approbation du programme par le conseil ({ $name }).
adoption-changed = Ces parties ont changé depuis l'approbation du programme par le conseil ({ $name }) :
adoption-added-later = Ce projet a été ajouté après l'approbation du programme par le conseil ({ $name }).
field-title = Intitulé
admin-council-title = Étapes et approbation du conseil
admin-add-indicator = Ajouter un indicateur
measured-on = Date de la mesure
measured-value = Valeur mesurée
measurement-save = Enregistrer la mesure
stage-planned-start = Début prévu
stage-planned-end = Fin prévue
stage-actual-start = Début effectif
stage-actual-end = Fin effective
date-invalid = Saisissez une date valide, entre 2000 et 2100.
votes-invalid = Le nombre de voix doit être un entier entre 0 et 1000.
decision-exists = L'approbation du conseil est déjà enregistrée et ne peut plus changer.
decision-date = Date de l'approbation
decision-session = Session
decision-votes = Voix (pour / contre / abstentions)
decision-text = Texte de la délibération
decision-record = Enregistrer l'approbation
decision-help = Enregistrer l'approbation fige le programme tel qu'adopté ; chaque page de projet montrera ensuite ce qui a changé depuis.
decision-frozen = Le programme tel qu'adopté par le conseil est conservé et ne peut plus changer.
decision-admins-only = L'administrateur de la collectivité enregistre l'approbation du conseil.
votes-for = Pour
votes-against = Contre
votes-abstain = Abstentions

## Co-monitoring and evaluation (evaluation.rs)
eval-admin-title = Suivi et évaluation conjoints
eval-admin-intro = Le comité de suivi évalue chaque projet publié, par semestre, selon l'échelle d'achèvement du mécanisme de rapport indépendant du PGO. Chaque évaluation est conservée ; une nouvelle évaluation du même semestre remplace la précédente, qui reste dans l'historique public.
eval-no-projects = Aucun projet publié à évaluer.
eval-not-evaluated = pas encore évalué
eval-form-title = Évaluer le projet
eval-view-public = Voir la page publique
eval-saved = Évaluation enregistrée. Elle figure sur la page publique du projet.
eval-field-period = Semestre évalué
eval-field-level = Niveau d'achèvement
eval-level-hint = Échelle du mécanisme de rapport indépendant du PGO.
eval-field-justification = Justification
eval-field-evidence = Preuves (liens)
eval-evidence-hint = une adresse https:// par ligne, 10 au plus
eval-submit = Enregistrer l'évaluation
eval-history = Historique des évaluations
eval-none = Aucune évaluation enregistrée pour l'instant.
eval-level-no_evidence = Pas de preuve
eval-level-not_started = Pas commencé
eval-level-limited = Limité
eval-level-substantial = Substantiel
eval-level-complete = Achevé
eval-period-h1 = 1er semestre { $name }
eval-period-h2 = 2e semestre { $name }
eval-recorded-by-committee = comité de suivi
eval-superseded = remplacée
eval-card-title = Suivi et évaluation conjoints
eval-card-intro = Évaluation du comité de suivi, à côté de l'avancement déclaré par la collectivité.
eval-reported = Avancement déclaré par la collectivité
eval-latest = Dernière évaluation du comité
eval-earlier = Évaluations antérieures remplacées
eval-error-period = Choisissez un semestre de la période du programme.
eval-error-level = Choisissez un niveau de l'échelle.
eval-error-justification = Justifiez l'évaluation.
eval-error-too-long = Texte trop long : { $n } caractères au plus.
eval-error-characters = Le texte contient des caractères non autorisés.
eval-error-evidence = Chaque preuve doit être une adresse complète commençant par https://
eval-error-evidence-count = { $n } liens au plus.

admin-links = Espaces de gestion
admin-link-consultations = Consultations
admin-link-moderation = Modération
admin-link-ideas = Idées citoyennes
admin-link-workshops = Ateliers
admin-link-evaluations = Suivi et évaluation conjoints

# The staff's home (#14 §7)
staff-task-late = { $n ->
    [one] { $n } activité en retard
   *[other] { $n } activités en retard
}
staff-task-stale = { $n ->
    [one] { $n } activité en cours sans mise à jour depuis un mois
   *[other] { $n } activités en cours sans mise à jour depuis un mois
}
staff-task-due = prévue jusqu'en { $name }
staff-task-evaluate = { $n ->
    [one] { $n } projet publié sans évaluation pour { $name }
   *[other] { $n } projets publiés sans évaluation pour { $name }
}

# What a back-office save says (#14 §6): ?saved=<what>
saved-published = Projet publié : il est visible de tous.
saved-unpublished = Projet dépublié : seule l'équipe le voit désormais.
saved-activity = Activité ajoutée.
saved-progress = Avancement enregistré et ajouté à l'historique public.
saved-indicator = Indicateur ajouté.
saved-measurement = Mesure enregistrée.
saved-project = Projet créé (brouillon) : complétez sa fiche puis publiez-le.
