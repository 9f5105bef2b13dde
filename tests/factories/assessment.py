from tests.factories.base import BaseFactory


class AssessmentFactory(BaseFactory):
    """Rows of the assessment domain."""
