national-name = Infitah
national-kind = Espace national
national-population = Population (2024)
national-data-credit = Données de référence : Haut-Commissariat au Plan (HCP), Recensement général de la population et de l'habitat 2024 et 2014, CC BY 4.0
kind-region = Région
kind-province = Province
kind-prefecture = Préfecture
kind-commune = Commune
nav-home = Accueil
nav-chain = Sa place dans le territoire
nav-language = Langue
nav-skip = Aller au contenu
footer-tagline = Infitah — la plateforme des programmes d'action d'ouverture des collectivités territoriales
footer-open-government = Gouvernement ouvert : transparence, accès à l'information, participation citoyenne
error-404-title = Page introuvable
error-404-detail = Nous n'avons pas trouvé cette page. Son adresse a peut-être changé, ou elle n'est plus publiée.
error-403-title = Accès refusé
error-403-detail = Vous n'avez pas accès à cette page.
error-400-title = Adresse illisible
error-400-detail = L’adresse ou ce qui a été envoyé est mal formé. Revenez en arrière et suivez un lien du site.
error-413-title = Envoi trop volumineux
error-413-detail = Ce qui a été envoyé dépasse ce que ce formulaire accepte. Raccourcissez-le ou envoyez un fichier plus petit.
error-429-title = Trop de demandes
error-429-detail = Merci de patienter un instant avant de réessayer.
error-500-title = Une erreur est survenue
error-500-detail = Votre demande n'a pas pu aboutir. L'erreur a été enregistrée ; merci de réessayer plus tard.
error-503-title = Service momentanément indisponible
error-503-detail = La base de données n’a pas répondu à temps. Merci de réessayer dans quelques instants.
error-back-home = Retour à l'accueil
nav-sign-in = Se connecter
nav-sign-out = Se déconnecter
nav-account = Mon compte

footer-links = Liens
footer-ideas = Proposez votre idée
footer-workshops = Ateliers
footer-open-data = Données ouvertes
footer-api = API

## Texte refusé à l’entrée (tout formulaire, corps JSON ou paramètre d’adresse)
text-refused-title = Envoi refusé
text-not-utf8 = Le champ « { $field } » n’est pas un texte valide (ses octets ne sont pas de l’UTF-8). Rien n’a été enregistré.
text-control = Le champ « { $field } » contient un caractère de contrôle invisible ({ $code }). Retirez-le et renvoyez ; rien n’a été enregistré.
text-bidi = Le champ « { $field } » contient un caractère de contrôle du sens d’écriture ({ $code }) qui peut le déguiser. Retirez-le et renvoyez ; rien n’a été enregistré.
api-body-schema = Le corps ne correspond pas au schéma documenté (un champ manque ou n’a pas le bon type).

# Forms (platform::form): the rules every free-text field shares.
field-required = Ce champ est obligatoire.
field-too-long = Texte trop long : { $n } caractères au plus.
field-invalid-characters = Le texte contient des caractères non admis.

# The site's navigation (base layout).
nav-main = Rubriques
nav-menu = Menu
nav-backoffice = Administration
nav-admin-home = À faire
nav-nation = Maroc
nav-programme = Programme
nav-consultations = Consultations
nav-ideas = Idées
nav-workshops = Ateliers
nav-open-data = Données ouvertes
nav-manage = Suivi national
nav-manage-gap = Écart d'évaluation
nav-manage-participation = Participation
nav-admin-catalogues = Référentiels nationaux
nav-admin-plan = Programme
nav-admin-consultations = Consultations
nav-admin-ideas = Idées citoyennes
nav-admin-workshops = Ateliers
nav-admin-moderation = Modération
nav-admin-evaluations = Suivi et évaluation conjoints
nav-admin-staff = Équipe

# Legal pages (#14 §2), linked from every footer
footer-legal = Informations légales
legal-pages = Informations légales
legal-terms = Conditions d'utilisation
legal-privacy = Données personnelles
legal-notice = Mentions légales
legal-accessibility = Accessibilité
legal-contact = Contact
nav-admin-legal = Pages légales
form-errors-title = Le formulaire n'a pas été enregistré. Corrigez ce qui suit :
meta-description = { $name } : le programme d'action d'ouverture, ses projets et ses consultations, suivis en public.

# Links between the pages of a long list (platform::pager)
pager-page-of = Page { $page } sur { $pages }
pager-first = Première
pager-prev = Précédente
pager-next = Suivante
pager-last = Dernière
