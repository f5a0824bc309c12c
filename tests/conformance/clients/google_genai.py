"""google-genai Python SDK: one `models.generate_content` call.

usage: google_genai.py [--base-url URL | --from-env] [--api-version V] [--stream]

`--from-env` passes neither http_options.base_url nor api_key: the SDK reads
GOOGLE_GEMINI_BASE_URL (google/genai/_base_url.py) and GEMINI_API_KEY.
Retries are off (attempts=1) and the timeout is in milliseconds.
"""

import argparse
import sys

from _common import DUMMY_KEY, TIMEOUT_S, effective_base, emit, error_report, loopback_or_exit


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base-url")
    parser.add_argument("--from-env", action="store_true")
    parser.add_argument("--api-version")
    parser.add_argument("--stream", action="store_true")
    args = parser.parse_args()

    from google import genai
    from google.genai import errors, types

    report = {"client": "google_genai", "package": "google-genai", "sdk_version": genai.__version__}
    loopback_or_exit(report, effective_base(args.base_url, "GOOGLE_GEMINI_BASE_URL"))
    options = {
        "timeout": int(TIMEOUT_S * 1000),
        "retry_options": types.HttpRetryOptions(attempts=1),
    }
    if args.base_url is not None and not args.from_env:
        options["base_url"] = args.base_url
    if args.api_version is not None:
        options["api_version"] = args.api_version
    kwargs = {"http_options": types.HttpOptions(**options)}
    if not args.from_env:
        kwargs["api_key"] = DUMMY_KEY
    try:
        client = genai.Client(**kwargs)
        if args.stream:
            chunks = client.models.generate_content_stream(model="gemini-2.5-flash", contents="ping")
            text = "".join(chunk.text or "" for chunk in chunks)
        else:
            text = client.models.generate_content(model="gemini-2.5-flash", contents="ping").text
        report.update(outcome="ok", text=text)
    except errors.APIError as exc:
        error_report(report, exc, exc.code)
    except Exception as exc:
        error_report(report, exc, None)
    emit(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
