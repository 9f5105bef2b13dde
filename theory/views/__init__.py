"""Blueprints of the A test: the candidate's sitting and the KSF admin pages."""
