import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lotse.settings")
application = get_wsgi_application()

# Load the occupation index now, not in the first search; with --preload the workers share it.
from lotse.occupations.search import warm_up  # noqa: E402

warm_up()
