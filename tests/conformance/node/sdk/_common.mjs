// Shared bits of the SDK one-liners (not a client itself).
//
// Each sdk/*.mjs makes one minimal call with a real SDK against the loopback
// recorder and prints exactly one JSON line: {sdk, version, outcome, status,
// text, message}. The base URL comes from `--base URL` (passed to the SDK's
// option) or, without it, from the SDK's own environment variable. It exits 0
// even when the call failed: scripts/conformance.sh judges by the recorder log.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// `sk-` + 48 of [0-9A-Za-z]: the gateway's key format.
export const DUMMY_KEY = 'sk-CrlintConformanceDummyKey00000000000000000000000';

const here = path.dirname(fileURLToPath(import.meta.url));

export function version(pkg) {
  const file = path.join(here, '..', 'node_modules', pkg, 'package.json');
  return JSON.parse(fs.readFileSync(file, 'utf8')).version;
}

export function arg(name) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const LOOPBACK = /^http:\/\/(127\.0\.0\.1|localhost|\[::1\]):\d+(\/|$)/;

// Refuse to let an SDK fall back to its public default host.
export function loopbackOrExit(report, base) {
  if (!base || !LOOPBACK.test(base)) {
    emit({ ...report, outcome: 'refused', message: `base URL ${JSON.stringify(base)} is not loopback` });
    process.exit(0);
  }
}

export function emit(report) {
  console.log(JSON.stringify(report));
}

// Runs `call`, which returns the reply text, and prints the outcome line.
export async function run(report, call) {
  const timer = setTimeout(() => {
    emit({ ...report, outcome: 'timeout' });
    process.exit(0);
  }, 30_000);
  try {
    const text = await call();
    emit({ ...report, outcome: 'ok', text });
  } catch (e) {
    const status = e?.status ?? e?.statusCode ?? e?.lastError?.statusCode ?? e?.cause?.status;
    emit({ ...report, outcome: 'error', status, error: e?.constructor?.name, message: String(e?.message ?? e).slice(0, 300) });
  }
  clearTimeout(timer);
}
