"""LiteLLM (Python): one Router.completion for a one-entry model_list.

For: run.mjs (the LiteLLM cases). The LiteLLM proxy turns each entry of its
config's `model_list` into a `litellm.Router` deployment and calls
`Router.completion`; this does the same with the entry the case names
(`--model anthropic/claude-sonnet-4-5 --base URL`), once, no retries, and prints
one JSON line {sdk, version, outcome, text|error, message}. It exits 0 even
when the call failed: run.mjs judges by the recorder log.

Not for: anything but a loopback base URL (refused otherwise).
"""

import argparse
import importlib.metadata
import json
import os
import re
import sys

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")  # no fetch of the cost map

KEY = "sk-CrlintConformanceDummyKey00000000000000000000000"  # same as sdk/_common.mjs


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True)
    ap.add_argument("--base", required=True)
    a = ap.parse_args()
    report = {"sdk": "litellm", "version": importlib.metadata.version("litellm")}
    if not re.match(r"^http://(127\.0\.0\.1|localhost):\d+(/|$)", a.base):
        print(json.dumps({**report, "outcome": "refused", "message": f"base URL {a.base!r} is not loopback"}))
        return
    import litellm

    router = litellm.Router(
        model_list=[{"model_name": "case", "litellm_params": {"model": a.model, "api_base": a.base, "api_key": KEY}}],
        num_retries=0,
    )
    try:
        r = router.completion(model="case", messages=[{"role": "user", "content": "ping"}], max_tokens=16, timeout=20)
        print(json.dumps({**report, "outcome": "ok", "text": r.choices[0].message.content}))
    except Exception as e:  # the outcome line is the point: any failure is reported, not raised
        print(json.dumps({**report, "outcome": "error", "error": type(e).__name__, "message": str(e)[:300]}))


if __name__ == "__main__":
    sys.exit(main())
