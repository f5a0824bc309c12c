"""OpenAI Python SDK: one chat completion (or `--models`: list models).

usage: openai_chat.py [--base-url URL | --from-env] [--stream] [--models]

`--from-env` passes neither base_url nor api_key: the SDK reads
OPENAI_BASE_URL and OPENAI_API_KEY itself.
"""

import argparse
import sys

from _common import DUMMY_KEY, TIMEOUT_S, effective_base, emit, error_report, loopback_or_exit


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base-url")
    parser.add_argument("--from-env", action="store_true")
    parser.add_argument("--stream", action="store_true")
    parser.add_argument("--models", action="store_true")
    args = parser.parse_args()

    import openai

    report = {"client": "openai_chat", "package": "openai", "sdk_version": openai.__version__}
    loopback_or_exit(report, effective_base(args.base_url, "OPENAI_BASE_URL"))
    kwargs = {"max_retries": 0, "timeout": TIMEOUT_S}
    if not args.from_env:
        kwargs["api_key"] = DUMMY_KEY
        if args.base_url is not None:
            kwargs["base_url"] = args.base_url
    try:
        client = openai.OpenAI(**kwargs)
        if args.models:
            text = ",".join(m.id for m in client.models.list())
        elif args.stream:
            stream = client.chat.completions.create(
                model="gpt-4o-mini",
                messages=[{"role": "user", "content": "ping"}],
                max_tokens=16,
                stream=True,
            )
            text = "".join(c.choices[0].delta.content or "" for c in stream if c.choices)
        else:
            completion = client.chat.completions.create(
                model="gpt-4o-mini",
                messages=[{"role": "user", "content": "ping"}],
                max_tokens=16,
            )
            text = completion.choices[0].message.content
        report.update(outcome="ok", text=text)
    except openai.APIStatusError as exc:
        error_report(report, exc, exc.status_code)
    except Exception as exc:  # connection errors, parse errors: reported, not raised
        error_report(report, exc, None)
    emit(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
