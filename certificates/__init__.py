"""The certificate registry: numbered certificates of every programme (A, B, chat).

`operations.issue_certificate` numbers and stores one, `pdf.certificate_pdf` renders it,
`views` serves the holder's download and the public verification page.
"""
