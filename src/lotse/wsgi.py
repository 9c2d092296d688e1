import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lotse.settings")
application = get_wsgi_application()

# Load the occupation index now, not in the first search; with --preload the workers share it.
from lotse.occupations.search import warm_up  # noqa: E402

warm_up()

# The same for the PDF renderer: fontconfig reads the fonts once (about 2 s), before the fork.
from lotse.participants.rights import warm_up_pdf  # noqa: E402

warm_up_pdf()
