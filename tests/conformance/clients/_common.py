"""Shared bits of the conformance client scripts (not a client itself).

Every script makes one minimal call with a real SDK against a loopback
recorder, prints exactly one JSON line describing the outcome and exits 0,
even when the HTTP call failed: the Rust test asserts on what the recorder
saw, and reads this line only for the SDK version and the error status.
"""

import json
import os
import sys

# `sk-` followed by 48 characters of [0-9A-Za-z]: the gateway's key format.
# tests/support/pyenv.rs holds the same constant and checks the recorded value.
DUMMY_KEY = "sk-CrlintConformanceDummyKey00000000000000000000000"

# Seconds: each call goes to 127.0.0.1 and is answered at once.
TIMEOUT_S = 20.0

_LOOPBACK = ("http://127.0.0.1:", "http://localhost:", "http://[::1]:")


def effective_base(arg_value, env_name):
    """The base URL the SDK will use: the argument, else the environment."""
    if arg_value is not None:
        return arg_value
    return os.environ.get(env_name)


def loopback_or_exit(report, base):
    """Refuse to let an SDK fall back to its public default host."""
    if base is None or not base.startswith(_LOOPBACK):
        report.update(outcome="refused", message=f"base URL {base!r} is not loopback")
        emit(report)
        sys.exit(0)


def error_report(report, exc, status):
    report.update(
        outcome="error",
        status=status,
        error_type=type(exc).__name__,
        message=str(exc)[:300],
    )


def emit(report):
    print(json.dumps(report, sort_keys=True), flush=True)
