from tests.factories.base import BaseFactory


class MediaFactory(BaseFactory):
    """Rows of the media domain."""
