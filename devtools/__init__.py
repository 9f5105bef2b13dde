"""Development tooling shared by the tests, the benchmarks and `make run-prod`; not shipped.

`ports`: free ports and waiting for a server; `services`: PostgreSQL clusters and Redis on
loopback; `chromium`: Debian's Chromium with the fake camera and microphone, and the login form.
"""
