# Consultation: ideas, workshops, statistics (fr)

## Ideas ("Proposez votre idée", co-preparation step 2)
idea-step = Co-élaboration · étape 2
idea-list-title = Proposez votre idée
idea-list-lead = Pour préparer le programme d'action d'ouverture, la commune recueille les idées des citoyennes et des citoyens, axe par axe. Chaque idée est publiée ici ; la commune indique celles qu'elle retient et le projet qu'elles ont nourri.
idea-new-title = Proposer une idée
idea-new-lead = Décrivez une idée concrète pour rendre la commune plus ouverte. Les champs marqués d'un astérisque sont obligatoires.
idea-submit = Proposer une idée
idea-submit-sign-in = Se connecter pour proposer une idée
idea-verify-first = Confirmez d'abord votre adresse électronique pour proposer une idée.
idea-go-account = Mon compte
idea-no-programme = La commune n'a pas encore ouvert la préparation de son programme : les idées ne sont pas encore recueillies.
idea-count = { $n ->
    [0] Aucune idée
    [one] { $n } idée
   *[other] { $n } idées
}
idea-download-csv = Télécharger (CSV)
idea-download-staff-csv = Exporter pour le personnel (CSV, avec tranche d'âge)
idea-filter-axis = Axe
idea-filter-all = Tous les axes
idea-filter-apply = Filtrer
idea-none = Aucune idée pour le moment.
idea-in-project = Intégrée au projet :
idea-back-to-list = Retour aux idées
idea-field-axis = Axe
idea-field-title = Titre
idea-field-body = Votre idée
idea-field-profile = Profil
idea-field-age = Tranche d'âge
idea-field-project = Projet
idea-field-project-optional = Projet (facultatif)
idea-choose = — Choisir —
idea-body-hint = { $n } caractères au plus. Texte simple : les liens ne sont pas cliquables.
idea-privacy = Votre nom n'est pas publié avec votre idée : seuls votre profil et l'axe le sont. La tranche d'âge n'est publiée qu'en nombres, jamais pour moins de 5 personnes.
idea-axis-required = Axe : choisissez un axe dans la liste.
idea-title-required = Titre : donnez un titre court à votre idée.
idea-body-required = Votre idée : décrivez-la en quelques lignes.
idea-profile-required = Profil : ce champ est obligatoire, choisissez votre profil.
idea-age-required = Tranche d'âge : ce champ est obligatoire, choisissez votre tranche d'âge.
idea-project-required = Projet : choisissez un projet de la liste.
idea-status = État
idea-status-submitted = Proposée
idea-status-accepted = Retenue
idea-status-merged = Intégrée à un projet
idea-date = Date
idea-hidden-title = Idée masquée
idea-hidden-tag = Masquée ({ $name })
idea-manage = Gérer cette idée
idea-view-public = Voir la page publique
idea-admin-title = Idées des citoyens
idea-accept-title = Retenir l'idée
idea-accept-hint = L'idée est marquée comme retenue ; si vous choisissez un projet, sa page l'indiquera parmi ses origines.
idea-no-project = Sans projet
idea-accept = Retenir
idea-merge-title = Intégrer à un projet
idea-merge-hint = L'idée est intégrée au projet choisi : la page du projet la cite parmi les idées citoyennes dont il est issu.
idea-merge = Intégrer
idea-project-section = Issu des idées citoyennes
idea-project-section-lead = Ce projet reprend des idées proposées par des citoyennes et des citoyens :
idea-home-title = Participez
idea-home-lead = Proposez vos idées pour le programme, consultez les ateliers et leurs comptes rendus.

## Workshops
ws-step = Co-élaboration et consultation
ws-list-title = Ateliers
ws-list-lead = Les ateliers de co-élaboration et les ateliers consultatifs tenus par la commune : date, lieu, participation et compte rendu. Les contributions recueillies sur papier sont comptées avec celles en ligne.
ws-count = { $n ->
    [0] Aucun atelier
    [one] { $n } atelier
   *[other] { $n } ateliers
}
ws-none = Aucun atelier pour le moment.
ws-kind-co_preparation = Atelier de co-élaboration
ws-kind-consultative = Atelier consultatif
ws-attendance-count = { $n ->
    [0] Participation non renseignée
    [one] { $n } participant·e
   *[other] { $n } participant·es
}
ws-paper-count = { $n ->
    [0] Aucune contribution sur papier
    [one] { $n } contribution sur papier
   *[other] { $n } contributions sur papier
}
ws-place = Lieu
ws-date = Date
ws-attendance = Participation
ws-attendance-by-gender = Participation par genre
ws-gender-female = Femmes
ws-gender-male = Hommes
ws-read-minutes = Lire le compte rendu
ws-back-to-list = Retour aux ateliers
ws-see-consultation = Voir la consultation
ws-minutes = Compte rendu
ws-no-minutes = Le compte rendu n'est pas encore publié.
ws-manage = Gérer cet atelier
ws-admin-title = Ateliers (gestion)
ws-new = Nouvel atelier
ws-create = Créer l'atelier
ws-save = Enregistrer
ws-saved = Atelier enregistré.
ws-field-title = Titre
ws-field-title-ar = Titre en arabe
ws-field-title-fr = Titre en français
ws-field-kind = Type
ws-field-date = Date
ws-field-place = Lieu
ws-field-consultation = Consultation alimentée
ws-no-consultation = Aucune
ws-consultation-hint = Les contributions d'un atelier consultatif comptent avec celles de la consultation choisie.
ws-title-required = Titre : donnez un titre en arabe ou en français.
ws-kind-required = Type : choisissez le type d'atelier.
ws-date-invalid = Date : indiquez une date valide (AAAA-MM-JJ).
ws-place-required = Lieu : indiquez où l'atelier s'est tenu.
ws-consultation-unknown = Consultation : choisissez une consultation de la liste.
ws-no-programme = Créez d'abord le programme de la commune.
ws-attendance-grid = Participation par genre et tranche d'âge
ws-attendance-total = { $n ->
    [0] Aucune participation enregistrée.
    [one] { $n } participant·e enregistré·e au total.
   *[other] { $n } participant·es enregistré·es au total.
}
ws-attendance-invalid = Un nombre entier entre 0 et 100 000.
ws-attendance-saved = Participation enregistrée.
ws-save-attendance = Enregistrer la participation
ws-paper-title = Contributions sur papier
ws-paper-download = Télécharger (CSV)
ws-paper-no-consultation = Rattachez d'abord cet atelier à une consultation : les contributions sur papier comptent avec les siennes.
ws-paper-nothing-saved = Rien n'a été enregistré. Corrigez ce qui suit puis recommencez :
ws-paper-upload-title = Importer un fichier CSV
ws-paper-upload-hint = Trois colonnes : profil, tranche d'âge, contribution (une ligne d'en-tête est possible). Le profil et la tranche d'âge s'écrivent par leur code ou leur libellé en arabe ou en français. Séparateur virgule ou point-virgule, UTF-8, { $n } Ko au plus. Si une ligne est incorrecte, rien n'est importé.
ws-paper-file = Fichier CSV
ws-paper-upload = Importer
ws-paper-form-title = Saisir plusieurs contributions
ws-paper-form-hint = Une contribution par ligne ; les lignes vides sont ignorées.
ws-paper-save-rows = Enregistrer les contributions
ws-paper-saved = { $n ->
    [one] { $n } contribution enregistrée.
   *[other] { $n } contributions enregistrées.
}
ws-paper-row = Ligne { $n }
ws-paper-field-profile = profil
ws-paper-field-age_bracket = tranche d'âge
ws-paper-field-body = Contribution
ws-paper-profile-missing = le profil est obligatoire.
ws-paper-profile-unknown = profil inconnu (code ou libellé du catalogue attendu).
ws-paper-age-missing = la tranche d'âge est obligatoire.
ws-paper-age-unknown = tranche d'âge inconnue (code ou libellé du catalogue attendu).
ws-paper-body-missing = la contribution est vide.
ws-paper-body-too-long = la contribution dépasse 2 000 caractères.
ws-paper-body-invalid = la contribution contient des caractères non autorisés.
ws-paper-columns = trois colonnes attendues : profil, tranche d'âge, contribution.
ws-paper-file-missing = Choisissez un fichier CSV.
ws-paper-file-too-large = Le fichier est trop volumineux.
ws-paper-file-not-utf8 = Le fichier n'est pas encodé en UTF-8 (enregistrez-le en « CSV UTF-8 »).
ws-paper-file-unreadable = fichier CSV illisible (guillemets mal fermés ?).
ws-paper-too-many-rows = Le fichier dépasse 5 000 lignes : découpez-le.
ws-paper-empty = Le fichier ne contient aucune contribution.
ws-paper-form-empty = Aucune ligne remplie.
ws-paper-more-problems = … et { $n } autres problèmes.

## Participation statistics
stats-title = Statistiques de participation
stats-programme-consultation = Consultation sur le projet de programme
stats-back-consultation = Retour à la consultation
stats-back-project = Retour au projet
stats-total = { $n ->
    [0] Aucune contribution
    [one] { $n } contribution
   *[other] { $n } contributions
}
stats-total-small = Moins de 5 contributions
stats-online = En ligne
stats-paper = Sur papier (ateliers)
stats-contributions = Contributions
stats-by-profile = Par profil
stats-by-age = Par tranche d'âge
stats-by-week = Par semaine
stats-by-month = Par mois
stats-period = Période
stats-week-of = Semaine du { $name }
stats-small = <5
stats-masked = 5+
stats-no-period = Pas encore de contributions.
stats-table-caption = Données du graphique : { $name }
stats-rule = Pour protéger les participants, les effectifs inférieurs à 5 sont affichés « <5 », et un autre effectif est alors masqué (« 5+ ») pour qu'on ne puisse pas les retrouver à partir du total.
stats-rule-short = Les effectifs inférieurs à 5 sont affichés « <5 ».
stats-rule-detail = Règle : dans chaque tableau, tout effectif inférieur à 5 (zéro compris) est remplacé par « <5 » ; s'il y en a un, le plus petit effectif de 5 ou plus est remplacé par « 5+ ». Le total publié ne permet donc pas de recalculer un petit effectif. Contributions masquées par la modération exclues.
stats-staff-exact = Vous voyez les effectifs exacts (personnel de la commune) ; le public voit les petits effectifs masqués.
stats-download-csv = Télécharger les chiffres exacts (CSV)
stats-see-participation = Statistiques de participation
