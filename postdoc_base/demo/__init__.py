"""Demo data for ``make run`` (never loaded in production: ``load_demo`` refuses unless settings.LOCAL).

``establishment`` makes the accounts, the registry and rounds in every chapter 3 state; ``tenure`` the
postdocs in every chapter 4 state. Everything goes through the services and the workflow kernel, so
timelines, the audit chain and the to-do lists are real.
"""
