national-name = Infitah
national-kind = Espace national
national-title = Programmes d'action d'ouverture des collectivités territoriales
national-lead = Suivez en toute transparence les programmes d'action d'ouverture des régions, provinces, préfectures et communes du Maroc, en un seul lieu.
national-regions = Régions
national-count-regions = { $n ->
    [one] { $n } région
   *[other] { $n } régions
}
national-count-provinces = { $n ->
    [one] { $n } province ou préfecture
   *[other] { $n } provinces et préfectures
}
national-count-communes = { $n ->
    [one] { $n } commune
   *[other] { $n } communes
}
national-population = Population (2024)
national-data-credit = Données de référence : { $name }
region-communes-of = Communes de { $name }
kind-region = Région
kind-province = Province
kind-prefecture = Préfecture
kind-commune = Commune
nav-home = Accueil
nav-national = Espace national
nav-language = Langue
nav-skip = Aller au contenu
footer-tagline = Infitah — la plateforme des programmes d'action d'ouverture des collectivités territoriales
footer-open-government = Gouvernement ouvert : transparence, accès à l'information, participation citoyenne
error-404-title = Page introuvable
error-404-detail = Nous n'avons pas trouvé cette page. Son adresse a peut-être changé, ou elle n'est plus publiée.
error-403-title = Accès refusé
error-403-detail = Vous n'avez pas accès à cette page.
error-429-title = Trop de demandes
error-429-detail = Merci de patienter un instant avant de réessayer.
error-500-title = Une erreur est survenue
error-500-detail = Votre demande n'a pas pu aboutir. L'erreur a été enregistrée ; merci de réessayer plus tard.
error-back-home = Retour à l'accueil
nav-sign-in = Se connecter
nav-sign-out = Se déconnecter
nav-account = Mon compte

footer-links = Liens
footer-ideas = Proposez votre idée
footer-workshops = Ateliers
footer-open-data = Données ouvertes
footer-api = API
