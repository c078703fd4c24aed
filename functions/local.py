"""The embedded DynamoDB-compatible store for local mode.

moto's server runs in this process on a free loopback port, so the app talks
the real DynamoDB protocol over HTTP exactly as in the cloud. Durability comes
from moto's request recorder: every request is appended to
``DATA/dynamodb.jsonl`` as it is served, and replayed into the fresh server on
the next start. On start the log is compacted to its writes (reads change
nothing). An abrupt kill can lose at most a request that was being appended
(a torn last line is dropped); writes are not fsync'ed, so a power cut can
lose what the OS had not flushed.
"""
from __future__ import annotations

import json
import logging
import os
import socket
import urllib.request
from dataclasses import dataclass
from pathlib import Path

LOG_NAME = "dynamodb.jsonl"
_READS = {"GetItem", "BatchGetItem", "Query", "Scan", "DescribeTable", "ListTables",
          "DescribeTimeToLive", "DescribeContinuousBackups", "ListTagsOfResource",
          "TransactGetItems"}
# Chromium refuses some ports; a port from the OS is checked against them.
_UNSAFE_PORTS = {5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6697, 10080}


def free_port() -> int:
    while True:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port not in _UNSAFE_PORTS:
            return port


def compact(log: Path) -> int:
    """Drop read requests and a torn last line from the log; returns lines kept."""
    if not log.exists():
        return 0
    kept = []
    with log.open("r", encoding="utf-8") as fh:
        for line in fh:
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                continue  # a line torn by an abrupt kill
            target = (entry.get("headers") or {}).get("X-Amz-Target", "")
            if target.split(".")[-1] in _READS:
                continue
            kept.append(json.dumps(entry))
    tmp = log.with_suffix(".tmp")
    tmp.write_text("".join(k + "\n" for k in kept), encoding="utf-8")
    os.replace(tmp, log)
    return len(kept)


@dataclass
class EmbeddedStore:
    endpoint: str
    log: Path
    replayed: int
    _server: object

    def stop(self) -> None:
        self._server.stop()


def start(data_dir: str | os.PathLike) -> EmbeddedStore:
    """Start moto's DynamoDB server on loopback with data kept in ``data_dir``."""
    data = Path(data_dir)
    data.mkdir(parents=True, exist_ok=True)
    log = data / LOG_NAME
    kept = compact(log)
    # moto reads its recorder settings from the environment when imported.
    os.environ["MOTO_ENABLE_RECORDING"] = "1"
    os.environ["MOTO_RECORDER_FILEPATH"] = str(log.resolve())
    for key, value in (("AWS_ACCESS_KEY_ID", "local"), ("AWS_SECRET_ACCESS_KEY", "local")):
        os.environ.setdefault(key, value)
    from moto.moto_api import recorder
    from moto.server import ThreadedMotoServer

    # If moto was imported earlier in this process, point its recorder here.
    recorder._location = str(log.resolve())
    recorder.start_recording()
    # One werkzeug line per DynamoDB call would drown what matters.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    if kept:
        req = urllib.request.Request(f"{endpoint}/moto-api/recorder/replay-recording",
                                     data=b"", method="POST")
        with urllib.request.urlopen(req, timeout=120) as resp:
            resp.read()
    return EmbeddedStore(endpoint=endpoint, log=log, replayed=kept, _server=server)
