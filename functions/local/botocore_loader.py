"""One botocore data loader for every PynamoDB connection of a local process.

PynamoDB gives each model's connection a botocore session of its own, and each
session parses botocore's service and endpoint files again when it makes its
client: about 0.2 s a table, four seconds for Tandem's twenty at every start of
`tandem serve`, `tandem admin create` or the demo loader (measured on 2 cores).
Those files are read-only data, so the sessions PynamoDB makes here share one
loader, which parses each file once per process (botocore caches what a loader
has read). Clients, credentials and connection pools stay per connection.
"""
from __future__ import annotations

import botocore.loaders
import botocore.session
import pynamodb.connection.base as pynamodb_connection

_loader: list[botocore.loaders.Loader] = []


def _session() -> botocore.session.Session:
    session = botocore.session.get_session()
    session.register_component("data_loader", _loader[0])
    return session


def share() -> None:
    """From now on, sessions PynamoDB makes in this process share one loader (idempotent)."""
    if _loader:
        return
    _loader.append(botocore.loaders.create_loader())
    # PynamoDB calls the get_session it imported from botocore.session.
    pynamodb_connection.get_session = _session
