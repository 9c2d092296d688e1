import pytest

from lotse.occupations import search
from lotse.occupations.esco_files import read_esco
from lotse.occupations.services import import_esco
from lotse.permissions import SYSTEM
from tests.occupations.esco_fixtures import esco_download, polish_labels


@pytest.fixture
def catalogue(db, tmp_path, settings):
    """A small ESCO catalogue, imported, with its search index built in a temporary data dir."""
    settings.DATA_DIR = tmp_path / "data"
    import_esco(actor=SYSTEM, data=read_esco([esco_download(tmp_path), polish_labels(tmp_path)]))
    search.build_index()
