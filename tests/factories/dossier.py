from tests.factories.base import BaseFactory


class DossierFactory(BaseFactory):
    """Rows of the dossier domain."""
