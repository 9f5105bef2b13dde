"""Practical exams: the phone observation checklist and the chat practical (seeds 002 and 001).

`checklists` reads checklist definitions (versioned data), `rules` computes outcomes as pure
functions, `operations` changes state, `views/` are the admin, examiner and candidate pages.
"""
