national-name = Infitah
national-kind = National space
national-title = Openness action programmes of Morocco's local authorities
national-lead = Follow the openness action programmes of Morocco's regions, provinces, prefectures and communes, in public, in one place.
national-regions = Regions
national-count-regions = { $n ->
    [one] { $n } region
   *[other] { $n } regions
}
national-count-provinces = { $n ->
    [one] { $n } province or prefecture
   *[other] { $n } provinces and prefectures
}
national-count-communes = { $n ->
    [one] { $n } commune
   *[other] { $n } communes
}
national-population = Population (2024)
national-data-credit = Reference data: { $name }
region-communes-of = Communes of { $name }
kind-region = Region
kind-province = Province
kind-prefecture = Prefecture
kind-commune = Commune
nav-home = Home
nav-national = National space
nav-language = Language
nav-skip = Skip to content
footer-tagline = Infitah — the platform for local authorities' openness action programmes
footer-open-government = Open government: transparency, access to information, citizen participation
error-404-title = Page not found
error-404-detail = We could not find this page. Its address may have changed, or it is no longer published.
error-403-title = Not allowed
error-403-detail = You do not have access to this page.
error-429-title = Too many requests
error-429-detail = Please wait a moment and try again.
error-500-title = Something went wrong
error-500-detail = Your request could not be completed. The error was logged; please try again later.
error-back-home = Back to the home page
nav-sign-in = Sign in
nav-sign-out = Sign out
nav-account = My account

footer-links = Links
footer-ideas = Submit your idea
footer-workshops = Workshops
footer-open-data = Open data
footer-api = API
