"""Anthropic Python SDK: one `messages.create` call.

usage: anthropic_messages.py [--base-url URL | --from-env [--any-host]] [--stream]

`--from-env` passes neither base_url nor api_key: the SDK reads
ANTHROPIC_BASE_URL and ANTHROPIC_API_KEY itself (or, with neither key variable
set, the profile under ~/.config/anthropic/, which may name a base URL).
`--any-host` skips the loopback check for that case: only for
tests/conformance/node/run.mjs, whose proxy variables and network namespace keep
every request on loopback.
"""

import argparse
import sys

from _common import DUMMY_KEY, TIMEOUT_S, effective_base, emit, error_report, loopback_or_exit


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base-url")
    parser.add_argument("--from-env", action="store_true")
    parser.add_argument("--stream", action="store_true")
    parser.add_argument("--any-host", action="store_true")
    args = parser.parse_args()

    import anthropic

    report = {"client": "anthropic_messages", "package": "anthropic", "sdk_version": anthropic.__version__}
    if not (args.any_host and args.from_env):
        loopback_or_exit(report, effective_base(args.base_url, "ANTHROPIC_BASE_URL"))
    kwargs = {"max_retries": 0, "timeout": TIMEOUT_S}
    if not args.from_env:
        kwargs["api_key"] = DUMMY_KEY
        if args.base_url is not None:
            kwargs["base_url"] = args.base_url
    request = {
        "model": "claude-sonnet-4-5",
        "max_tokens": 16,
        "messages": [{"role": "user", "content": "ping"}],
    }
    try:
        client = anthropic.Anthropic(**kwargs)
        if args.stream:
            with client.messages.stream(**request) as stream:
                text = "".join(stream.text_stream)
                final = stream.get_final_message()
            if final.content[0].text != text:
                raise RuntimeError(f"final {final.content[0].text!r} != deltas {text!r}")
        else:
            message = client.messages.create(**request)
            text = message.content[0].text
        report.update(outcome="ok", text=text)
    except anthropic.APIStatusError as exc:
        error_report(report, exc, exc.status_code)
    except Exception as exc:
        error_report(report, exc, None)
    emit(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
