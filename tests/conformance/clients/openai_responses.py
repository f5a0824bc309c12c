"""OpenAI Python SDK: one Responses API call (`POST {base}/responses`).

usage: openai_responses.py [--base-url URL | --from-env] [--stream]
"""

import argparse
import sys

from _common import DUMMY_KEY, TIMEOUT_S, effective_base, emit, error_report, loopback_or_exit


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base-url")
    parser.add_argument("--from-env", action="store_true")
    parser.add_argument("--stream", action="store_true")
    args = parser.parse_args()

    import openai

    report = {"client": "openai_responses", "package": "openai", "sdk_version": openai.__version__}
    loopback_or_exit(report, effective_base(args.base_url, "OPENAI_BASE_URL"))
    kwargs = {"max_retries": 0, "timeout": TIMEOUT_S}
    if not args.from_env:
        kwargs["api_key"] = DUMMY_KEY
        if args.base_url is not None:
            kwargs["base_url"] = args.base_url
    try:
        client = openai.OpenAI(**kwargs)
        if args.stream:
            text = ""
            with client.responses.stream(model="gpt-4o-mini", input="ping") as stream:
                for event in stream:
                    if event.type == "response.output_text.delta":
                        text += event.delta
                final = stream.get_final_response()
            if final.output_text != text:
                raise RuntimeError(f"final {final.output_text!r} != deltas {text!r}")
        else:
            text = client.responses.create(model="gpt-4o-mini", input="ping").output_text
        report.update(outcome="ok", text=text)
    except openai.APIStatusError as exc:
        error_report(report, exc, exc.status_code)
    except Exception as exc:
        error_report(report, exc, None)
    emit(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
