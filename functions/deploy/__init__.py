"""Deployment to AWS: ``package`` (settings, the lean venv, Zappa packages),
``aws`` (stacks, functions, the site) and ``cli`` (`tandem deploy`, `undeploy`,
`roles`).

Build-time tooling only: zappa_settings.json keeps this package out of both
Lambda packages. Nothing is imported here, so `tandem match` stays quick.
"""
