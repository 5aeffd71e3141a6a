national-name = Infitah
national-kind = National space
national-population = Population (2024)
national-data-credit = Reference data: High Commission for Planning (HCP), 2024 and 2014 General Census of Population and Housing, CC BY 4.0
kind-region = Region
kind-province = Province
kind-prefecture = Prefecture
kind-commune = Commune
nav-home = Home
nav-chain = Its place in the country
nav-language = Language
nav-skip = Skip to content
footer-tagline = Infitah — the platform for local authorities' openness action programmes
footer-open-government = Open government: transparency, access to information, citizen participation
error-404-title = Page not found
error-404-detail = We could not find this page. Its address may have changed, or it is no longer published.
error-403-title = Not allowed
error-403-detail = You do not have access to this page.
error-400-title = This address cannot be read
error-400-detail = The address or what was sent is malformed. Go back and follow a link of the site.
error-413-title = Too large
error-413-detail = What was sent is larger than this form accepts. Shorten it, or send a smaller file.
error-429-title = Too many requests
error-429-detail = Please wait a moment and try again.
error-500-title = Something went wrong
error-500-detail = Your request could not be completed. The error was logged; please try again later.
error-503-title = Service temporarily unavailable
error-503-detail = The database did not answer in time. Please try again in a few moments.
error-back-home = Back to the home page
nav-sign-in = Sign in
nav-sign-out = Sign out
nav-account = My account

footer-links = Links
footer-ideas = Submit your idea
footer-workshops = Workshops
footer-open-data = Open data
footer-api = API

## Text refused where it enters (any form, JSON body or query string)
text-refused-title = This could not be accepted
text-not-utf8 = The field «{ $field }» is not valid text (its bytes are not UTF-8). Nothing was saved.
text-control = The field «{ $field }» contains an invisible control character ({ $code }). Remove it and send again; nothing was saved.
text-bidi = The field «{ $field }» contains a text-direction control ({ $code }) that could disguise it. Remove it and send again; nothing was saved.
api-body-schema = The body does not match the documented schema (a field is missing or of the wrong type).

# Forms (platform::form): the rules every free-text field shares.
field-required = This field is required.
field-too-long = Text too long: at most { $n } characters.
field-invalid-characters = The text holds characters that are not allowed.

# The site's navigation (base layout).
nav-main = Sections
nav-menu = Menu
nav-backoffice = Back-office
nav-admin-home = To do
nav-nation = Morocco
nav-programme = Programme
nav-consultations = Consultations
nav-ideas = Ideas
nav-workshops = Workshops
nav-open-data = Open data
nav-manage = National monitoring
nav-manage-gap = Evaluation gap
nav-manage-participation = Participation
nav-admin-catalogues = National catalogues
nav-admin-plan = Programme
nav-admin-consultations = Consultations
nav-admin-ideas = Citizens' ideas
nav-admin-workshops = Workshops
nav-admin-moderation = Moderation
nav-admin-evaluations = Co-monitoring and evaluation
nav-admin-staff = Team

# Legal pages (#14 §2), linked from every footer
footer-legal = Legal information
legal-pages = Legal information
legal-terms = Terms of use
legal-privacy = Personal data
legal-notice = Legal notice
legal-accessibility = Accessibility
legal-contact = Contact
nav-admin-legal = Legal pages
form-errors-title = The form was not saved. Please correct the following:
meta-description = { $name }: the open-government action programme, its projects and consultations, followed in public.

# Links between the pages of a long list (platform::pager)
pager-page-of = Page { $page } of { $pages }
pager-first = First
pager-prev = Previous
pager-next = Next
pager-last = Last
