# The national space (infitah-national). Every id starts with nat-.
nat-title = L'ouverture des collectivités territoriales, comparée
nat-lead = Où en est chaque région, province, préfecture et commune du Maroc dans son programme d'action d'ouverture : avancement, étapes du processus, piliers, activités réalisées et en retard. Seules les données publiées sont prises en compte.
nat-crumbs = Vous êtes ici
nat-as-of = Chiffres au { $name }
nat-rule-title = Comment lire ces chiffres
nat-rule-progress = L'avancement d'un projet est la moyenne du taux de réalisation de ses activités, pondérée par leur durée en mois ; celui d'un programme est la moyenne de ses projets publiés. Un projet sans activité compte pour 0 %.
nat-rule-median = La médiane et les quartiles sont calculés sur les collectivités qui ont publié leur programme ; celles qui n'en ont pas encore sont comptées à part (« sans programme »), jamais écartées. Un territoire compte chaque collectivité qu'il contient, son propre conseil compris, une fois chacune.
nat-rule-late = Une activité est en retard quand son mois de fin est passé et qu'elle n'est pas réalisée à 100 %.
nat-fig-collectivities = Collectivités
nat-fig-with-programme = Avec un programme publié
nat-fig-without-programme = Sans programme pour l'instant
nat-fig-median = Avancement médian
nat-fig-mean = Avancement moyen
nat-fig-quartiles = La moitié centrale entre
nat-fig-projects = Projets publiés
nat-fig-activities-done = Activités réalisées
nat-fig-activities-late = Activités en retard
nat-between = { $name }
nat-n-collectivities = { $n ->
    [one] { $n } collectivité
   *[other] { $n } collectivités
}
nat-n-without = { $n ->
    [0] toutes ont un programme
    [one] { $n } sans programme
   *[other] { $n } sans programme
}
nat-n-projects = { $n ->
    [0] aucun projet
    [one] { $n } projet
   *[other] { $n } projets
}
nat-n-activities = { $n ->
    [0] aucune activité
    [one] { $n } activité
   *[other] { $n } activités
}
nat-n-late = { $n ->
    [0] aucune en retard
    [one] { $n } en retard
   *[other] { $n } en retard
}
nat-n-days = { $n ->
    [one] { $n } jour
   *[other] { $n } jours
}
nat-h-regions = Les régions
nat-h-compare-regions = Avancement par région
nat-h-compare-provinces = Avancement par province et préfecture
nat-h-compare-communes = Avancement des communes
nat-h-process = Où en sont-elles dans le processus d'ouverture
nat-h-pillars = Projets par pilier
nat-h-activities = Activités
nat-h-months = L'avancement mois par mois
nat-h-directory = Toutes les collectivités de la région
nat-h-council = Le programme du conseil lui-même
nat-h-standing = Où se situe { $name }
nat-h-projects = Projets publiés
nat-h-stages = Étapes du processus
nat-compare-hint = Chaque ligne montre la dispersion de l'avancement : la boîte va du premier au troisième quartile, le trait épais marque la médiane, les moustaches le minimum et le maximum ; le trait pointillé est la médiane nationale.
nat-strip-hint = Chaque point est une collectivité ; la bande couvre la moitié centrale, le trait marque la médiane.
nat-col-name = Nom
nat-col-code = Code HCP
nat-col-area = Province · région
nat-col-kind = Type
nat-col-collectivities = Collectivités
nat-col-with = Avec programme
nat-col-without = Sans programme
nat-col-median = Médiane
nat-col-q1 = 1er quartile
nat-col-q3 = 3e quartile
nat-col-mean = Moyenne
nat-col-spread = Dispersion
nat-col-progress = Avancement
nat-col-stage = Étape
nat-col-since = Depuis
nat-col-since-median = Depuis (médiane)
nat-col-projects = Projets
nat-col-activities = Activités
nat-col-done = Réalisées
nat-col-late = En retard
nat-col-last-update = Dernière mise à jour
nat-col-idle = Sans mise à jour depuis
nat-col-month = Mois
nat-col-count = Nombre
nat-col-share = Part
nat-col-pillar = Pilier
nat-col-status = État
nat-sort-by = Trier par { $name }
nat-sorted-asc = tri croissant
nat-sorted-desc = tri décroissant
nat-stage-axes = Axes
nat-stage-workshops = Ateliers de co-élaboration
nat-stage-consultation = Consultation sur le projet
nat-stage-approval = Approbation par le conseil
nat-stage-implementation = Mise en œuvre conjointe
nat-stage-monitoring = Suivi et évaluation
nat-stage-none = Aucune étape commencée
nat-no-programme = Pas encore de programme
nat-legend-median = Médiane
nat-legend-mean = Moyenne
nat-legend-iqr = Moitié centrale (1er–3e quartile)
nat-legend-here = Cette collectivité
nat-legend-reference = Médiane nationale
nat-legend-progress = Avancement du programme
nat-chart-box = Dispersion de l'avancement, { $name }
nat-chart-strip = Avancement de chaque collectivité de { $name }
nat-chart-months = Avancement mois par mois, { $name }
nat-chart-stages = Collectivités par étape du processus, { $name }
nat-chart-pillars = Projets publiés par pilier, { $name }
nat-data-table = Les chiffres de ce graphique
nat-months-rule = Chaque mois montre les programmes publiés aujourd'hui tels que leur historique public les donnait à la fin du mois ; une collectivité compte pour les mois de la période de son programme.
nat-open-area = Voir le détail
nat-own-space = Visiter l'espace de { $name }
nat-card-link = Fiche nationale
nat-no-programme-card = Cette collectivité n'a pas encore publié son programme d'action d'ouverture : elle compte comme « sans programme » dans tous les chiffres.
nat-rank = Devant { $ahead } des { $total } collectivités avec programme de { $name }
nat-in-area = dans { $name }
nat-evaluated = Avancement évalué par le comité de suivi
nat-not-evaluated = pas encore évalué
nat-period = Période
nat-never = jamais
nat-manage-title = Espace des gestionnaires nationaux
nat-manage-lead = Des listes de travail pour accompagner les collectivités. Les chiffres publics restent sur les pages nationales.
nat-manage-reports = Rapports
nat-stale-title = Avancement non mis à jour depuis 90 jours
nat-stale-lead = Collectivités dont le programme est publié mais dont l'avancement n'a pas changé depuis 90 jours ou plus (ou jamais depuis la création du programme), la plus ancienne en premier.
nat-stale-count = { $n ->
    [0] Aucune collectivité n'est dans ce cas.
    [one] { $n } collectivité est dans ce cas.
   *[other] { $n } collectivités sont dans ce cas.
}
nat-stale-without = Les collectivités sans programme publié ne figurent pas dans cette liste : { $name }.
nat-report-participation = Participation aux consultations par profil et tranche d'âge
nat-report-gap = Écart entre l'avancement déclaré et l'avancement évalué
nat-participation-lead = Les contributions aux consultations de toutes les collectivités, en ligne et sur papier, par profil et par tranche d'âge. Seules comptent les contributions visibles aux consultations du programme ou d'un projet publié.
nat-n-consultations = { $n ->
    [0] aucune consultation ouverte
    [one] { $n } consultation ouverte
   *[other] { $n } consultations ouvertes
}
nat-by-region = Par région
nat-by-province = Par province et préfecture
nat-by-collectivity = Par collectivité
nat-col-consultations = Consultations
nat-col-evaluated-projects = Projets évalués
nat-col-reported = Avancement déclaré
nat-col-evaluated = Avancement évalué
nat-col-gap = Écart
nat-points = { $name } pts
nat-gap-lead = Pour chaque collectivité, sur ses projets publiés que le comité de suivi a évalués, l'avancement qu'elle déclare comparé à celui que son comité évalue. Un écart positif : la collectivité déclare plus que son comité ne constate.
nat-gap-rule = Échelle d'évaluation (OGP) : non commencé 0 %, limité 33 %, substantiel 67 %, achevé 100 % ; « aucune preuve » n'est pas une mesure et le projet est alors écarté. Pour chaque projet, la dernière évaluation compte. Moyennes pondérées par le nombre de projets évalués.
nat-gap-evaluated-count = { $n } collectivités sur { $of } ayant un programme publié ont au moins un projet évalué.
nat-gap-by-region = Par région
nat-gap-by-collectivity = Par collectivité
nat-gap-none = Aucun comité de suivi n'a encore évalué de projet.
nat-gap-csv = Télécharger l'écart de chaque collectivité (CSV)
nat-gap-range = Collectivités { $from } à { $to } sur { $total }
nat-gap-pages = Pages du tableau des collectivités
nat-chart-time = Temps →
