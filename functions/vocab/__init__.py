"""The words every layer shares and nothing else: the cohort life cycle,
skills, and the rule for one-line and long text. A leaf: it imports only
``functions.errors``, so storage, domain and API can all take from it
(the layers are in pyproject.toml, ``[tool.importlinter]``)."""
