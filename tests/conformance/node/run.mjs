// Runs every real-client conformance case and writes CONFORMANCE.md.
//
// For: scripts/conformance.sh, which installs the pinned clients, builds crlint
// and calls this inside a network namespace that has only a loopback
// interface. A case is (client, setting, a wrong value crlint reports, the
// value crlint writes instead). Both values come from crlint itself: the wrong
// value is read from a copy of a `fixtures/<client>/bad/<case>/` directory (or,
// where no fixture fits, from a config file of the client's own shape written
// for the case); `crlint check --output-format concise` on that copy gives the
// code(s) the wrong value gets, and `crlint check --fix --unsafe-fixes
// --no-backup` on it writes the value the client then runs with, read back from
// the fixed file. When --fix leaves the wrong value as it was, the case FAILS
// (crlint misses it) and the client does not run.
//
// For each value the client runs once, headless, with a temporary HOME, against
// a fresh recorder.mjs on 127.0.0.1 standing for the API hosts (`api.`, `cn.`)
// and a second one in --console mode standing for the web console
// (`crazyrouter.com`, `www.`), which answers every request with a 200 HTML
// page. The first chat request the client made is compared with the route the
// gateway's endpoint table names for that client.
//
// Not for: deciding facts by itself. Where a run disagrees with
// rules/clients/*.toml or rules/env.toml it is listed under "Facts for rules/"
// and nothing in rules/ is touched.
//
// Env: CRLINT_BIN (the binary; without it every case FAILS), CRLINT_BUILD (how
// it was built), LITELLM_PY / OPEN_WEBUI_PY / AIDER_PY (the Python of the LiteLLM /
// Open WebUI / Aider venv; empty: those cases are not runnable), LITELLM_NOTE /
// OPEN_WEBUI_NOTE / AIDER_NOTE (how they were installed), CRUSH_BIN (a crush
// binary; default: the one @charmland/crush's postinstall would download), CONTAINMENT
// (how traffic was kept on loopback), REPO (repo root), OUT (markdown path),
// WORK (scratch dir), ONLY (regex of case ids), RUN_TIMEOUT_S.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = process.env.REPO ?? path.resolve(HERE, '../../..');
const OUT = process.env.OUT ?? path.join(REPO, 'CONFORMANCE.md');
const WORK = process.env.WORK ?? fs.mkdtempSync(path.join(os.tmpdir(), 'crlint-node-conf-'));
const CRLINT_BIN = process.env.CRLINT_BIN || '';
const CRLINT_BUILD = process.env.CRLINT_BUILD || 'not built';
const LITELLM_PY = process.env.LITELLM_PY || '';
const LITELLM_NOTE = process.env.LITELLM_NOTE || 'not installed';
const OPEN_WEBUI_PY = process.env.OPEN_WEBUI_PY || '';
const OPEN_WEBUI_NOTE = process.env.OPEN_WEBUI_NOTE || 'not installed';
const AIDER_PY = process.env.AIDER_PY || '';
const AIDER_NOTE = process.env.AIDER_NOTE || 'not installed';
const SDKS_PY = process.env.SDKS_PY || '';
const SDKS_NOTE = process.env.SDKS_NOTE || 'not installed';
// The Python clients: each PyPI distribution runs in its own venv, except the three
// SDKs, which share the venv of tests/conformance/requirements.txt (the pins of
// tests/conformance_python.rs). `pins`: the file, relative to the repo.
const PY = {
  litellm: { python: LITELLM_PY, note: LITELLM_NOTE, name: 'LiteLLM', pins: 'tests/conformance/node/python/requirements.txt' },
  'open-webui': { python: OPEN_WEBUI_PY, note: OPEN_WEBUI_NOTE, name: 'Open WebUI', pins: 'tests/conformance/node/python/open-webui-requirements.txt' },
  'aider-chat': { python: AIDER_PY, note: AIDER_NOTE, name: 'Aider', pins: 'tests/conformance/node/python/aider-requirements.txt' },
  sdks: { python: SDKS_PY, note: SDKS_NOTE, name: 'openai, anthropic, google-genai', pins: 'tests/conformance/requirements.txt', dists: ['openai', 'anthropic', 'google-genai'] },
};
// The venv of a PyPI distribution.
const pyOf = (dist) => PY[dist] ?? Object.values(PY).find((v) => v.dists?.includes(dist));
// The Python SDK scripts of tests/conformance_python.rs (one call each, one JSON line).
const PY_CLIENTS = path.resolve(process.env.PY_CLIENTS ?? path.join(REPO, 'tests/conformance/clients'));
// Packages the run's npm install could not install ({package: why}), from the --latest
// install (scripts/conformance.sh): their cases say why instead of "not installed".
const INSTALL_FAILURES = process.env.INSTALL_FAILURES && fs.existsSync(process.env.INSTALL_FAILURES) ? JSON.parse(fs.readFileSync(process.env.INSTALL_FAILURES, 'utf8')) : {};
// Machine-readable results (for the drift report): written when set.
const RESULTS = process.env.RESULTS || '';
// `pinned` (the default: the versions of package.json and the requirement files) or
// `latest` (scripts/conformance.sh --latest: the newest release of each client,
// installed in a scratch directory; this file runs from a copy there).
const MODE = process.env.CONFORMANCE_MODE === 'latest' ? 'latest' : 'pinned';
const CONTAINMENT = process.env.CONTAINMENT || 'unknown';
const NM = path.join(HERE, 'node_modules');
const BIN = path.join(NM, '.bin');
const RUN_TIMEOUT_S = Number(process.env.RUN_TIMEOUT_S ?? 60); // hard kill 5 s later
const ONLY = process.env.ONLY ? new RegExp(process.env.ONLY) : null;

// `sk-` + 48 of [0-9A-Za-z]: the gateway's key format. Same value as sdk/_common.mjs.
const KEY = 'sk-CrlintConformanceDummyKey00000000000000000000000';
const TEXT = 'CONFORMANCE_OK';
const PROMPT = 'Reply with one word.';

// The rules with a client-shape fix: each should be covered by a real client run.
const COVERAGE = ['CR101', 'CR102', 'CR103', 'CR104', 'CR105', 'CR106', 'CR201', 'CR402', 'CR404'];

// ---------------------------------------------------------------- helpers

function pkgVersion(pkg) {
  if (pkg.startsWith('py:')) return pyVersion(pkg.slice(3));
  try {
    return JSON.parse(fs.readFileSync(path.join(NM, pkg, 'package.json'), 'utf8')).version;
  } catch {
    return null;
  }
}

const pyVersions = new Map();
function pyVersion(dist) {
  const python = pyOf(dist)?.python;
  if (!python) return null;
  if (!pyVersions.has(dist)) {
    const r = spawnSync(python, ['-c', `import importlib.metadata as m; print(m.version(${JSON.stringify(dist)}))`], { encoding: 'utf8', timeout: 30_000 });
    pyVersions.set(dist, r.status === 0 ? r.stdout.trim() : null);
  }
  return pyVersions.get(dist);
}

function write(file, text) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

const toml = (s) => JSON.stringify(s); // a TOML basic string is a JSON string here

// Every gateway URL in a value or a file → the loopback recorders; everything
// after the host is kept. API entries go to the API recorder, the console host
// to the console recorder.
function toLoopback(text, api, consoleBase) {
  return text
    .replace(/https?:\/\/(api\.|cn\.)crazyrouter\.com(?=[/:?#"'\s;]|$)/gm, api)
    .replace(/https?:\/\/(www\.)?crazyrouter\.com(?=[/:?#"'\s;]|$)/gm, consoleBase);
}

// The value of `key` on a config line: JSON "key": "v", TOML key = "v",
// dotenv KEY=v, YAML key: v, JS key: 'v'.
function valueOnLine(line, key) {
  const i = line.search(new RegExp(`(^|["'\\s{,(])${escapeRe(key)}["']?\\s*[:=]`));
  if (i < 0) return null;
  let rest = line.slice(line.indexOf(key, i) + key.length).replace(/^["']?\s*[:=]\s*/, '');
  const q = rest[0];
  if (q === '"' || q === "'") {
    const end = rest.indexOf(q, 1);
    return end > 0 ? rest.slice(1, end) : null;
  }
  return rest.split(/[\s#,}]/)[0] || null;
}

const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// The `nth` (1-based) non-comment line that sets `key`.
function findLine(text, key, nth = 1) {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const re = new RegExp(`(^|["'\\s{,(])${escapeRe(key)}["']?\\s*[:=]`);
  let seen = 0;
  for (let i = 0; i < lines.length; i++) {
    if (!re.test(lines[i]) || /^\s*(#|\/\/)/.test(lines[i])) continue;
    seen += 1;
    if (seen === nth) return { lineNo: i + 1, line: lines[i], value: valueOnLine(lines[i], key) };
  }
  return null;
}

function readAt(dir, file, key, nth) {
  const abs = path.join(dir, file);
  if (!fs.existsSync(abs)) return null;
  return findLine(fs.readFileSync(abs, 'utf8'), key, nth);
}

// ---------------------------------------------------------------- crlint

function crlint(args, cwd) {
  return spawnSync(CRLINT_BIN, args, { cwd, env: { ...process.env, NO_COLOR: '1' }, encoding: 'utf8', timeout: 60_000 });
}

// The wrong value, the code(s) crlint gives it and the value `--fix` writes,
// all read from a temporary copy of the case's source (a bad/ fixture or a
// file of the client's shape written for the case).
function crlintFix(kase) {
  const src = kase.src;
  const tmp = fs.mkdtempSync(path.join(WORK, `crlint-${kase.id}-`));
  if (src.fixture) fs.cpSync(path.join(REPO, src.fixture), tmp, { recursive: true });
  else write(path.join(tmp, src.file), src.text);
  const origin = src.fixture ? `\`${src.fixture}/${src.file}\`` : `\`${src.file}\` written for this case`;
  const at = readAt(tmp, src.file, src.key, src.nth);
  const read = () => (src.read ? readAt(tmp, src.read.file, src.read.key, src.read.nth)?.value ?? src.read.absent : readAt(tmp, src.file, src.key, src.nth)?.value ?? null);
  const wrong = read();
  const out = { wrong, value: null, codes: [], findings: [], origin, line: at?.lineNo ?? null, dir: tmp };
  if (!CRLINT_BIN) return { ...out, error: 'crlint was not built' };
  if (!at) return { ...out, error: `no \`${src.key}\` line in ${origin}` };
  const check = crlint(['check', '--output-format', 'concise', '--exit-zero', '.'], tmp);
  const want = `./${src.file}`;
  for (const l of check.stdout.split('\n')) {
    const m = l.match(/^(.+?):(\d+):(\d+): (CR\d{3}) (.*)$/);
    if (!m || m[1] !== want || Number(m[2]) !== at.lineNo) continue;
    if (!out.codes.includes(m[4])) out.codes.push(m[4]);
    out.findings.push(`${m[4]} ${m[5]}`);
  }
  const fix = crlint(['check', '--fix', '--unsafe-fixes', '--no-backup', '--exit-zero', '.'], tmp);
  if (fix.status !== 0) return { ...out, error: `crlint check --fix exited ${fix.status}: ${fix.stderr.trim().split('\n').at(-1)}` };
  const value = read();
  if (value === null || value === wrong) return { ...out, error: `\`crlint check --fix --unsafe-fixes\` left \`${wrong}\` unchanged (crlint misses it)` };
  return { ...out, value };
}

// ---------------------------------------------------------------- crlint setup

function filesUnder(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

// `crlint setup CLIENT --offline --model M` with the run's HOME (user scope): the
// config the client then runs with is exactly what setup wrote, with its gateway
// host pointed at the recorders. Returns the command, its exit code and output, and
// the files it wrote (relative to HOME, which was empty before).
function crlintSetup(kase, home, proj, api, consoleBase) {
  const args = ['setup', kase.setup, '--offline', '--model', kase.model];
  const command = `crlint ${args.join(' ')}`;
  if (!CRLINT_BIN) return { command, code: null, out: 'crlint was not built', files: [] };
  const r = spawnSync(CRLINT_BIN, args, { cwd: proj, env: { PATH: process.env.PATH, HOME: home, NO_COLOR: '1', CRAZYROUTER_API_KEY: KEY }, encoding: 'utf8', timeout: 60_000 });
  const files = [];
  for (const f of filesUnder(home)) {
    files.push(path.relative(home, f));
    fs.writeFileSync(f, toLoopback(fs.readFileSync(f, 'utf8'), api, consoleBase));
  }
  return { command, code: r.status, out: `${r.stdout ?? ''}${r.stderr ?? ''}`, files };
}

// ---------------------------------------------------------------- the clients

const claudeEnv = { DISABLE_TELEMETRY: '1', CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1', DISABLE_AUTOUPDATER: '1', DISABLE_ERROR_REPORTING: '1' };

function claude(settingsEnv, extra = {}, file = 'settings.json') {
  return (ctx) => {
    write(path.join(ctx.proj, '.claude', file), JSON.stringify({ ...extra, env: settingsEnv(ctx) }, null, 2) + '\n');
    return { cmd: path.join(BIN, 'claude'), args: ['-p', PROMPT], env: claudeEnv };
  };
}

function codex(configToml, extraArgs = [], env = { CRAZYROUTER_API_KEY: KEY }) {
  return (ctx) => {
    write(path.join(ctx.home, '.codex/config.toml'), configToml(ctx));
    return { cmd: path.join(BIN, 'codex'), args: ['exec', '--skip-git-repo-check', ...extraArgs, PROMPT], env };
  };
}

const codexCommon = 'check_for_update_on_startup = false\n\n[analytics]\nenabled = false\n';

function codexProvider(ctx, { baseUrl, wire = 'responses' }) {
  return `model = "gpt-5-codex"\nmodel_provider = "crazyrouter"\n${codexCommon}\n[model_providers.crazyrouter]\nname = "Crazyrouter"\nbase_url = ${toml(baseUrl)}\nenv_key = "CRAZYROUTER_API_KEY"\nwire_api = ${toml(wire)}\n`;
}

// The profile layout Codex 0.169.0 asks for (`--profile fast` + fast.config.toml),
// or the legacy one (`[profiles.fast]` in config.toml, selected by `--profile` or
// by a top-level `profile = "fast"`).
function codexProfile({ selector }) {
  return (ctx) => {
    const base = `model = "gpt-5-codex"\nmodel_provider = "cr"\n${codexCommon}\n[model_providers.cr]\nname = "Crazyrouter"\nbase_url = ${toml(ctx.base + '/v1')}\nenv_key = "CRAZYROUTER_API_KEY"\n`;
    const args = ['exec', '--skip-git-repo-check'];
    if (ctx.wrong) {
      write(path.join(ctx.home, '.codex/config.toml'), `${selector ? 'profile = "fast"\n' : ''}${base}\n[profiles.fast]\nmodel = "gpt-5-mini"\nmodel_provider = "cr"\n`);
      if (!selector) args.push('--profile', 'fast');
    } else {
      write(path.join(ctx.home, '.codex/config.toml'), base);
      write(path.join(ctx.home, '.codex/fast.config.toml'), 'model = "gpt-5-mini"\n');
      args.push('--profile', 'fast');
    }
    return { cmd: path.join(BIN, 'codex'), args: [...args, PROMPT], env: { CRAZYROUTER_API_KEY: KEY } };
  };
}

// Gemini CLI: the base URL in the project's `.gemini/.env`; API-key auth selected
// in the project's `.gemini/settings.json` (`selectedType`: the value, or absent).
function gemini({ selectedType = (ctx) => 'gemini-api-key', baseUrl = (ctx) => ctx.value } = {}) {
  return (ctx) => {
    const user = { privacy: { usageStatisticsEnabled: false }, telemetry: { enabled: false }, general: { disableAutoUpdate: true, disableUpdateNag: true } };
    write(path.join(ctx.home, '.gemini/settings.json'), JSON.stringify(user, null, 2) + '\n');
    const type = selectedType(ctx);
    write(path.join(ctx.proj, '.gemini/settings.json'), JSON.stringify(type === '(absent)' ? {} : { security: { auth: { selectedType: type } } }, null, 2) + '\n');
    write(path.join(ctx.proj, '.gemini/.env'), `GOOGLE_GEMINI_BASE_URL=${baseUrl(ctx)}\nGEMINI_API_KEY=${KEY}\n`);
    return { cmd: path.join(BIN, 'gemini'), args: ['-m', 'gemini-2.5-flash', '-p', PROMPT], env: { GEMINI_CLI_TRUST_WORKSPACE: 'true' } };
  };
}

const opencodeEnv = {
  OPENCODE_DISABLE_AUTOUPDATE: '1',
  OPENCODE_DISABLE_MODELS_FETCH: '1',
  OPENCODE_DISABLE_DEFAULT_PLUGINS: '1',
  OPENCODE_DISABLE_LSP_DOWNLOAD: '1',
  OPENCODE_DISABLE_SHARE: '1',
  OPENCODE_DISABLE_CLAUDE_CODE: '1',
  OPENCODE_DISABLE_EXTERNAL_SKILLS: '1',
};

function opencode(npm, model) {
  return (ctx) => {
    const config = {
      $schema: 'https://opencode.ai/config.json',
      autoupdate: false,
      share: 'disabled',
      provider: { crazyrouter: { npm, name: 'Crazyrouter', options: { baseURL: ctx.value, apiKey: KEY }, models: { [model]: {} } } },
    };
    write(path.join(ctx.proj, 'opencode.json'), JSON.stringify(config, null, 2) + '\n');
    return { cmd: path.join(BIN, 'opencode'), args: ['run', '-m', `crazyrouter/${model}`, PROMPT], env: opencodeEnv };
  };
}

const qwenSettings = { privacy: { usageStatisticsEnabled: false }, telemetry: { enabled: false }, general: { disableAutoUpdate: true, disableUpdateNag: true } };

function qwenOpenAI() {
  return (ctx) => {
    write(path.join(ctx.home, '.qwen/settings.json'), JSON.stringify(qwenSettings) + '\n');
    write(path.join(ctx.proj, '.qwen/.env'), `OPENAI_BASE_URL=${ctx.value}\nOPENAI_API_KEY=${KEY}\nOPENAI_MODEL=gpt-4o-mini\n`);
    return { cmd: path.join(BIN, 'qwen'), args: ['-p', PROMPT, '--auth-type', 'openai'], env: {} };
  };
}

function qwenAnthropic() {
  return (ctx) => {
    const settings = {
      ...qwenSettings,
      modelProviders: { anthropic: [{ id: 'claude-sonnet-4-5', name: 'Claude via Crazyrouter', baseUrl: ctx.value, envKey: 'CRAZYROUTER_API_KEY' }] },
      security: { auth: { selectedType: 'anthropic' } },
      model: { name: 'claude-sonnet-4-5' },
    };
    write(path.join(ctx.home, '.qwen/settings.json'), JSON.stringify(settings, null, 2) + '\n');
    return { cmd: path.join(BIN, 'qwen'), args: ['-p', PROMPT, '--auth-type', 'anthropic', '-m', 'claude-sonnet-4-5'], env: { CRAZYROUTER_API_KEY: KEY } };
  };
}

// claude-code-router: one provider in ~/.claude-code-router/config.json, then
// `ccr code -p` (the router's service with the real Claude Code in front of it),
// through sdk/ccr-code.mjs, which picks the port and stops the service after.
function ccr({ model, anthropic = false }) {
  return (ctx) => {
    const provider = { name: 'crazyrouter', api_base_url: ctx.value, api_key: '$CRAZYROUTER_API_KEY', models: [model], ...(anthropic ? { transformer: { use: ['Anthropic'] } } : {}) };
    const config = { LOG: false, NON_INTERACTIVE_MODE: true, PORT: 3456, Providers: [provider], Router: { default: `crazyrouter,${model}` } };
    write(path.join(ctx.home, '.claude-code-router/config.json'), JSON.stringify(config, null, 2) + '\n');
    return { cmd: process.execPath, args: [path.join(HERE, 'sdk', 'ccr-code.mjs'), PROMPT], env: { ...claudeEnv, CRAZYROUTER_API_KEY: KEY, CLAUDE_PATH: path.join(BIN, 'claude') } };
  };
}

// LiteLLM (Python): one Router.completion over a one-entry model_list, as the
// LiteLLM proxy routes a request (sdk/litellm_router.py).
function litellm(model) {
  return (ctx) => ({ cmd: LITELLM_PY, args: [path.join(HERE, 'sdk', 'litellm_router.py'), '--model', model, '--base', ctx.value], env: { LITELLM_LOCAL_MODEL_COST_MAP: 'True', PYTHONDONTWRITEBYTECODE: '1' } });
}

// Open WebUI (Python server): a fresh `open-webui serve` with the value in
// `variable`, then one chat turn through its API (sdk/open_webui_chat.py).
function openWebui(variable) {
  return (ctx) => ({ cmd: OPEN_WEBUI_PY, args: [path.join(HERE, 'sdk', 'open_webui_chat.py'), '--var', variable, '--base', ctx.value], env: { PYTHONDONTWRITEBYTECODE: '1' } });
}

// Aider (Python): `aider --message` once, headless: no git, no update check, no
// release notes, no analytics, no model-metadata warnings; LiteLLM's price map from
// the package rather than the network. The value in `.aider.conf.yml` in the
// working directory (with `openai-api-key`), or `OPENAI_API_BASE` in its `.env`.
const aiderArgs = ['--message', PROMPT, '--yes-always', '--no-git', '--no-check-update', '--no-show-release-notes', '--no-show-model-warnings', '--no-analytics', '--no-pretty', '--no-fancy-input'];
const aiderEnv = { LITELLM_LOCAL_MODEL_COST_MAP: 'True', PYTHONDONTWRITEBYTECODE: '1' };
const aiderBin = () => (AIDER_PY ? path.join(path.dirname(AIDER_PY), 'aider') : '');

function aider({ dotenv = false } = {}) {
  return (ctx) => {
    if (dotenv) {
      write(path.join(ctx.proj, '.env'), `OPENAI_API_BASE=${ctx.value}\nOPENAI_API_KEY=${KEY}\n`);
      return { cmd: aiderBin(), args: [...aiderArgs, '--model', 'openai/gpt-4o-mini'], env: aiderEnv };
    }
    write(path.join(ctx.proj, '.aider.conf.yml'), `model: openai/gpt-4o-mini\nopenai-api-base: ${ctx.value}\nopenai-api-key: ${KEY}\n`);
    return { cmd: aiderBin(), args: aiderArgs, env: aiderEnv };
  };
}

// Continue CLI (`cn -p`): one model in ~/.continue/config.yaml, the one config file
// cn reads without `--config` (src/configLoader.ts: not the workspace's
// .continue/config.yaml); `${{ secrets.X }}` is looked up in the environment first,
// then ~/.continue/.env, .continue/.env, .env (src/CLIPlatformClient.ts). Headless
// mode checks for no update; telemetry off by its two variables.
const continueEnv = { CONTINUE_CLI_ENABLE_TELEMETRY: '0', CONTINUE_METRICS_ENABLED: '0', FORCE_NO_TTY: '1' };

function continueYaml(provider, model, apiBase) {
  return `name: Local config\nversion: 1.0.0\nschema: v1\nmodels:\n  - name: Crazyrouter\n    provider: ${provider}\n    model: ${model}\n    apiBase: ${apiBase}\n    apiKey: \${{ secrets.CRAZYROUTER_API_KEY }}\n`;
}

function continueCli(provider, model) {
  return (ctx) => {
    write(path.join(ctx.home, '.continue/config.yaml'), continueYaml(provider, model, ctx.value));
    return { cmd: path.join(BIN, 'cn'), args: ['-p', PROMPT], env: { ...continueEnv, CRAZYROUTER_API_KEY: KEY } };
  };
}

// cn's `provider: gemini` chats through @google/genai built with the key alone
// (openai-adapters' GeminiApi): `apiBase` does not reach it, `GOOGLE_GEMINI_BASE_URL` does.
function continueGemini() {
  return (ctx) => {
    write(path.join(ctx.home, '.continue/config.yaml'), continueYaml('gemini', 'gemini-2.5-flash', `${ctx.base}/v1beta`));
    return { cmd: path.join(BIN, 'cn'), args: ['-p', PROMPT], env: { ...continueEnv, CRAZYROUTER_API_KEY: KEY, ...(ctx.wrong ? {} : { GOOGLE_GEMINI_BASE_URL: ctx.base }) } };
  };
}

// Crush (`crush run`): one provider in the project's `.crush.json` (the JSON format
// 0.96 still reads beside `crushrc`), key from `$CRAZYROUTER_API_KEY`; provider
// catalog updates and metrics off. The npm package ships no binary: its postinstall
// (and `run-crush.js` on first use) downloads one from GitHub releases, which this
// machine cannot reach, so the cases run only where CRUSH_BIN names a binary.
const CRUSH = process.env.CRUSH_BIN || path.join(NM, '@charmland', 'crush', 'bin', 'crush');
const CRUSH_MISSING =
  '`@charmland/crush` ships no binary: its postinstall (turned off by `allowScripts` in package.json) and `run-crush.js` on first use download `crush_<version>_Linux_x86_64.tar.gz` from GitHub releases, which this machine cannot reach (npm install: “getaddrinfo ENOTFOUND github.com”); no registry reached here has a crush binary or a Go toolchain new enough to build it (Debian: Go 1.19). Set CRUSH_BIN to a crush binary to run these cases';
const crushEnv = { CRUSH_DISABLE_PROVIDER_AUTO_UPDATE: '1', CRUSH_DISABLE_METRICS: '1', DO_NOT_TRACK: '1' };

function crush(type, model) {
  return (ctx) => {
    const config = {
      $schema: 'https://charm.land/crush.json',
      providers: { crazyrouter: { type, name: 'Crazyrouter', base_url: ctx.value, api_key: '$CRAZYROUTER_API_KEY', models: [{ id: model, name: model }] } },
      models: { large: { provider: 'crazyrouter', model }, small: { provider: 'crazyrouter', model } },
      options: { disable_provider_auto_update: true, disable_metrics: true },
    };
    write(path.join(ctx.proj, '.crush.json'), JSON.stringify(config, null, 2) + '\n');
    return { cmd: CRUSH, args: ['run', '--quiet', '-m', `crazyrouter/${model}`, PROMPT], env: { ...crushEnv, CRAZYROUTER_API_KEY: KEY } };
  };
}

// An SDK one-liner: the value goes to `--base` (option) or to an env variable.
function sdk(script, { envVar = null, args = [], env = {} } = {}) {
  return (ctx) => ({
    cmd: process.execPath,
    args: [path.join(HERE, 'sdk', script), ...(envVar ? [] : ['--base', ctx.value]), ...args],
    env: { ...env, ...(envVar ? { [envVar]: ctx.value } : {}) },
  });
}

// A Python SDK script of tests/conformance/clients/ (the venv of
// tests/conformance/requirements.txt): the value goes to `--base-url`, or to an env
// variable (`--from-env`: the SDK reads the base URL and the key itself).
function pySdk(script, { envVar = null, keyVar = null, args = [], env = {} } = {}) {
  return (ctx) => ({
    cmd: SDKS_PY,
    args: [path.join(PY_CLIENTS, script), ...(envVar ? ['--from-env'] : ['--base-url', ctx.value]), ...args],
    env: { PYTHONDONTWRITEBYTECODE: '1', ...env, ...(envVar ? { [envVar]: ctx.value, [keyVar]: KEY } : {}) },
  });
}

const notFound = (route) => ({ route, status: 404 });
const ok200 = (route, extra = {}) => ({ route, status: 200, ...extra });

// A probe: the real client run once per variant with values written for it (crlint has
// no rule for the setting yet). `variants[i].setup(ctx)` writes the variant's files and
// returns { args, env } (and `cmd`, else BIN/`bin`); `values` are gateway URLs mapped to
// the recorders (ctx.values). The case's `run` hands each run its variant.
function probe(kase) {
  return {
    ...kase,
    probe: true,
    run: (ctx) => {
      const v = ctx.variant ?? kase.variants[0];
      const s = v.setup({ ...ctx, values: ctx.values ?? {} });
      return { cmd: s.cmd ?? path.join(BIN, kase.bin), args: s.args, env: s.env ?? {} };
    },
  };
}

const GW = 'https://api.crazyrouter.com';

// Qwen Code with `~/.qwen/settings.json` holding `extra` (modelProviders, …).
function qwenSettingsRun(ctx, extra, args = []) {
  write(path.join(ctx.home, '.qwen/settings.json'), JSON.stringify({ ...qwenSettings, ...extra }, null, 2) + '\n');
  return { args: ['-p', PROMPT, ...args], env: { CRAZYROUTER_API_KEY: KEY } };
}
const qwenModel = (id, baseUrl, more = {}) => ({ id, name: `${id} (Crazyrouter)`, baseUrl, envKey: 'CRAZYROUTER_API_KEY', ...more });

// Gemini CLI with the project's `.gemini/settings.json` selecting `type` and `.gemini/.env` holding `dotenv`.
function geminiProbeRun(ctx, type, dotenv) {
  write(path.join(ctx.home, '.gemini/settings.json'), JSON.stringify({ privacy: { usageStatisticsEnabled: false }, telemetry: { enabled: false }, general: { disableAutoUpdate: true, disableUpdateNag: true } }, null, 2) + '\n');
  write(path.join(ctx.proj, '.gemini/settings.json'), JSON.stringify({ security: { auth: { selectedType: type } } }, null, 2) + '\n');
  write(path.join(ctx.proj, '.gemini/.env'), Object.entries(dotenv).map(([k, v]) => `${k}=${v}\n`).join(''));
  return { args: ['-m', 'gemini-2.5-flash', '-p', PROMPT], env: { GEMINI_CLI_TRUST_WORKSPACE: 'true' } };
}

// Continue CLI with one model and no `apiBase`.
function continueEnvRun(ctx, provider, model, env, dotenv = null) {
  write(path.join(ctx.home, '.continue/config.yaml'), `name: Local config\nversion: 1.0.0\nschema: v1\nmodels:\n  - name: Crazyrouter\n    provider: ${provider}\n    model: ${model}\n    apiKey: \${{ secrets.CRAZYROUTER_API_KEY }}\n`);
  if (dotenv) write(path.join(ctx.proj, '.env'), Object.entries(dotenv).map(([k, v]) => `${k}=${v}\n`).join(''));
  return { args: ['-p', PROMPT], env: { ...continueEnv, CRAZYROUTER_API_KEY: KEY, ...env } };
}

// An Anthropic SDK profile: `~/.config/anthropic/configs/default.json` (user_oauth, the
// given base_url) and its `credentials/default.json` holding the key as the access token.
function anthropicProfile(ctx, baseUrl) {
  const dir = path.join(ctx.home, '.config/anthropic');
  write(path.join(dir, 'configs/default.json'), JSON.stringify({ authentication: { type: 'user_oauth' }, base_url: baseUrl }, null, 2) + '\n');
  write(path.join(dir, 'credentials/default.json'), JSON.stringify({ type: 'oauth_token', access_token: KEY }, null, 2) + '\n');
  fs.chmodSync(path.join(dir, 'credentials/default.json'), 0o600);
}
const ANTHROPIC_PROFILE_VARIANTS = (cmdArgs) => [
  {
    key: 'profile-root',
    label: 'profile `base_url` = root, no key variable',
    values: { profile: GW },
    expect: ok200('POST /v1/messages', { check: (p) => p.auth.includes('bearer') && p.key === 'expected', checkLabel: 'the access token as Bearer' }),
    setup: (ctx) => (anthropicProfile(ctx, ctx.values.profile), cmdArgs({})),
  },
  {
    key: 'profile-v1',
    label: 'profile `base_url` = `/v1`, no key variable',
    values: { profile: `${GW}/v1` },
    expect: notFound('POST /v1/v1/messages'),
    setup: (ctx) => (anthropicProfile(ctx, ctx.values.profile), cmdArgs({})),
  },
  {
    key: 'api-key-set',
    label: 'profile `base_url` = root, `ANTHROPIC_API_KEY` set',
    values: { profile: GW },
    expect: { external: /api\.anthropic\.com/ },
    setup: (ctx) => (anthropicProfile(ctx, ctx.values.profile), cmdArgs({ ANTHROPIC_API_KEY: KEY })),
  },
  {
    key: 'env-base-wins',
    label: 'profile `base_url` = console host, `ANTHROPIC_BASE_URL` = root, no key variable',
    values: { profile: 'https://www.crazyrouter.com', env: GW },
    expect: ok200('POST /v1/messages'),
    setup: (ctx) => (anthropicProfile(ctx, ctx.values.profile), cmdArgs({ ANTHROPIC_BASE_URL: ctx.values.env })),
  },
];

const PROBES = [
  probe({
    id: 'probe-qwen-provider-protocol',
    client: 'Qwen Code',
    pkg: '@qwen-code/qwen-code',
    bin: 'qwen',
    setting: '`providerProtocol.<id>` for a custom `modelProviders.<id>` entry (`~/.qwen/settings.json`, `security.auth.selectedType: openai`)',
    facts: [
      { file: 'rules/clients/qwen-code.toml', path: 'providerProtocol.*', claim: 'maps a custom `modelProviders.<id>` to a protocol; without it the entry is ignored with a warning (and `openai` auth then wants OPENAI_API_KEY)', variants: ['mapped-v1', 'unmapped'] },
      { file: 'rules/clients/qwen-code.toml', path: 'modelProviders.*[*].baseUrl', claim: 'a custom id mapped to `openai` → shape v1 (root → /chat/completions 404); mapped to `openai-responses` → root or /v1 (→ /v1/responses)', variants: ['mapped-v1', 'mapped-root', 'mapped-responses-root'] },
    ],
    variants: [
      {
        key: 'mapped-v1',
        label: '`providerProtocol: {crazyrouter: "openai"}`, `baseUrl` …/v1',
        values: { base: `${GW}/v1` },
        expect: ok200('POST /v1/chat/completions'),
        setup: (ctx) => qwenSettingsRun(ctx, { modelProviders: { crazyrouter: [qwenModel('gpt-4o-mini', ctx.values.base)] }, providerProtocol: { crazyrouter: 'openai' }, security: { auth: { selectedType: 'openai' } }, model: { name: 'gpt-4o-mini' } }),
      },
      {
        key: 'mapped-root',
        label: '`providerProtocol: {crazyrouter: "openai"}`, `baseUrl` root',
        values: { base: GW },
        expect: notFound('POST /chat/completions'),
        setup: (ctx) => qwenSettingsRun(ctx, { modelProviders: { crazyrouter: [qwenModel('gpt-4o-mini', ctx.values.base)] }, providerProtocol: { crazyrouter: 'openai' }, security: { auth: { selectedType: 'openai' } }, model: { name: 'gpt-4o-mini' } }),
      },
      {
        key: 'unmapped',
        label: 'no `providerProtocol`, `baseUrl` …/v1',
        values: { base: `${GW}/v1` },
        expect: { noRequest: true, output: /is not a built-in protocol .* has no providerProtocol mapping; its 1 model\(s\) are ignored/ },
        setup: (ctx) => qwenSettingsRun(ctx, { modelProviders: { crazyrouter: [qwenModel('gpt-4o-mini', ctx.values.base)] }, security: { auth: { selectedType: 'openai' } }, model: { name: 'gpt-4o-mini' } }),
      },
      {
        key: 'mapped-responses-root',
        label: '`providerProtocol: {crazyrouter: "openai-responses"}`, `baseUrl` root, `selectedType: openai-responses`',
        values: { base: GW },
        expect: ok200('POST /v1/responses'),
        setup: (ctx) => qwenSettingsRun(ctx, { modelProviders: { crazyrouter: [qwenModel('gpt-5', ctx.values.base)] }, providerProtocol: { crazyrouter: 'openai-responses' }, security: { auth: { selectedType: 'openai-responses' } }, model: { name: 'gpt-5' } }),
      },
    ],
  }),
  probe({
    id: 'probe-qwen-wire-api',
    client: 'Qwen Code',
    pkg: '@qwen-code/qwen-code',
    bin: 'qwen',
    setting: 'per-model `wireApi` in `modelProviders.openai[]` (`~/.qwen/settings.json`)',
    facts: [
      { file: 'rules/clients/qwen-code.toml', path: 'modelProviders.*[*].wireApi', claim: '`"responses"` → the Responses wire: `baseUrl` root and …/v1 both → POST /v1/responses (a trailing /v1 is stripped, then /v1/responses appended); `"chat-completions"` → shape v1 (root → /chat/completions 404); any other value stops the run ("Invalid wireApi")', variants: ['responses-root', 'responses-v1', 'chat-root', 'chat-v1', 'invalid'] },
    ],
    variants: [
      ...[
        ['responses-root', 'responses', GW, ok200('POST /v1/responses')],
        ['responses-v1', 'responses', `${GW}/v1`, ok200('POST /v1/responses')],
        ['chat-root', 'chat-completions', GW, notFound('POST /chat/completions')],
        ['chat-v1', 'chat-completions', `${GW}/v1`, ok200('POST /v1/chat/completions')],
      ].map(([key, wire, base, expect]) => ({
        key,
        label: `\`wireApi: "${wire}"\`, \`baseUrl\` ${base === GW ? 'root' : '…/v1'}`,
        values: { base },
        expect,
        setup: (ctx) => qwenSettingsRun(ctx, { modelProviders: { openai: [qwenModel('gpt-5', ctx.values.base, { wireApi: wire })] }, security: { auth: { selectedType: 'openai' } }, model: { name: 'gpt-5' } }),
      })),
      {
        key: 'invalid',
        label: '`wireApi: "chat"`',
        values: { base: `${GW}/v1` },
        expect: { noRequest: true, output: /Invalid wireApi "chat"/ },
        setup: (ctx) => qwenSettingsRun(ctx, { modelProviders: { openai: [qwenModel('gpt-5', ctx.values.base, { wireApi: 'chat' })] }, security: { auth: { selectedType: 'openai' } }, model: { name: 'gpt-5' } }),
      },
    ],
  }),
  probe({
    id: 'probe-qwen-openai-responses',
    client: 'Qwen Code',
    pkg: '@qwen-code/qwen-code',
    bin: 'qwen',
    setting: 'the `openai-responses` provider: `modelProviders["openai-responses"][].baseUrl` (`selectedType: openai-responses`), and `OPENAI_BASE_URL` with `--auth-type openai-responses`',
    facts: [
      { file: 'rules/clients/qwen-code.toml', path: 'modelProviders.openai-responses[*].baseUrl', claim: 'root or …/v1, both → POST /v1/responses', variants: ['provider-root', 'provider-v1'] },
      { file: 'rules/env.toml', variable: 'OPENAI_BASE_URL', claim: 'Qwen Code with `--auth-type openai-responses` reads it as root or /v1 (root → POST /v1/responses)', variants: ['env-root'] },
    ],
    variants: [
      ...[
        ['provider-root', GW],
        ['provider-v1', `${GW}/v1`],
      ].map(([key, base]) => ({
        key,
        label: `\`modelProviders["openai-responses"]\`, \`baseUrl\` ${base === GW ? 'root' : '…/v1'}`,
        values: { base },
        expect: ok200('POST /v1/responses'),
        setup: (ctx) => qwenSettingsRun(ctx, { modelProviders: { 'openai-responses': [qwenModel('gpt-5', ctx.values.base)] }, security: { auth: { selectedType: 'openai-responses' } }, model: { name: 'gpt-5' } }),
      })),
      {
        key: 'env-root',
        label: '`OPENAI_BASE_URL` root + `OPENAI_MODEL` in `.qwen/.env`, `--auth-type openai-responses`',
        values: { base: GW },
        expect: ok200('POST /v1/responses', { check: (p) => p.model === 'gpt-5', checkLabel: 'model gpt-5' }),
        setup: (ctx) => {
          write(path.join(ctx.home, '.qwen/settings.json'), JSON.stringify(qwenSettings) + '\n');
          write(path.join(ctx.proj, '.qwen/.env'), `OPENAI_BASE_URL=${ctx.values.base}\nOPENAI_API_KEY=${KEY}\nOPENAI_MODEL=gpt-5\n`);
          return { args: ['-p', PROMPT, '--auth-type', 'openai-responses'] };
        },
      },
    ],
  }),
  probe({
    id: 'probe-qwen-model-env',
    client: 'Qwen Code',
    pkg: '@qwen-code/qwen-code',
    bin: 'qwen',
    setting: '`QWEN_MODEL` in `.qwen/.env` (with `OPENAI_BASE_URL` …/v1 and `OPENAI_API_KEY`, no `OPENAI_MODEL`)',
    facts: [
      { file: 'rules/env.toml', variable: 'QWEN_MODEL', claim: 'Qwen Code (openai auth) reads it as the model when OPENAI_MODEL is unset, and it selects openai auth with OPENAI_API_KEY + OPENAI_BASE_URL; not read with openai-responses auth', variants: ['no-auth-type', 'responses'] },
    ],
    variants: [
      {
        key: 'no-auth-type',
        label: '`QWEN_MODEL=gpt-4.1`, no `--auth-type` (auth chosen from the environment)',
        values: { base: `${GW}/v1` },
        expect: ok200('POST /v1/chat/completions', { check: (p) => p.model === 'gpt-4.1', checkLabel: 'model gpt-4.1' }),
        setup: (ctx) => {
          write(path.join(ctx.home, '.qwen/settings.json'), JSON.stringify(qwenSettings) + '\n');
          write(path.join(ctx.proj, '.qwen/.env'), `OPENAI_BASE_URL=${ctx.values.base}\nOPENAI_API_KEY=${KEY}\nQWEN_MODEL=gpt-4.1\n`);
          return { args: ['-p', PROMPT] };
        },
      },
      {
        key: 'responses',
        label: '`QWEN_MODEL=gpt-4.1`, `--auth-type openai-responses`',
        values: { base: `${GW}/v1` },
        expect: ok200('POST /v1/responses', { check: (p) => p.model !== 'gpt-4.1', checkLabel: 'a model other than gpt-4.1: QWEN_MODEL is not read here' }),
        setup: (ctx) => {
          write(path.join(ctx.home, '.qwen/settings.json'), JSON.stringify(qwenSettings) + '\n');
          write(path.join(ctx.proj, '.qwen/.env'), `OPENAI_BASE_URL=${ctx.values.base}\nOPENAI_API_KEY=${KEY}\nQWEN_MODEL=gpt-4.1\n`);
          return { args: ['-p', PROMPT, '--auth-type', 'openai-responses'] };
        },
      },
    ],
  }),
  probe({
    id: 'probe-gemini-vertex-base-url',
    client: 'Gemini CLI',
    pkg: '@google/gemini-cli',
    bin: 'gemini',
    model: 'gemini-2.5-flash',
    setting: '`GOOGLE_VERTEX_BASE_URL` in `.gemini/.env`',
    facts: [
      { file: 'rules/env.toml', variable: 'GOOGLE_VERTEX_BASE_URL', claim: 'Gemini CLI reads it only with vertex-ai auth, and then requests the Vertex route `/v1beta1/publishers/google/models/{m}:streamGenerateContent`, which the gateway does not serve (no shape works); ignored with gemini-api-key auth', variants: ['vertex-ai', 'gemini-api-key'] },
    ],
    variants: [
      {
        key: 'vertex-ai',
        label: '`selectedType: vertex-ai`, `GOOGLE_GENAI_USE_VERTEXAI=true`, `GOOGLE_API_KEY`, `GOOGLE_VERTEX_BASE_URL` root',
        values: { base: GW },
        expect: notFound('POST /v1beta1/publishers/google/models/{m}:streamGenerateContent'),
        setup: (ctx) => geminiProbeRun(ctx, 'vertex-ai', { GOOGLE_VERTEX_BASE_URL: ctx.values.base, GOOGLE_API_KEY: KEY, GOOGLE_GENAI_USE_VERTEXAI: 'true' }),
      },
      {
        key: 'gemini-api-key',
        label: '`selectedType: gemini-api-key`, `GEMINI_API_KEY`, `GOOGLE_VERTEX_BASE_URL` root',
        values: { base: GW },
        expect: { external: /generativelanguage\.googleapis\.com/ },
        setup: (ctx) => geminiProbeRun(ctx, 'gemini-api-key', { GOOGLE_VERTEX_BASE_URL: ctx.values.base, GEMINI_API_KEY: KEY }),
      },
    ],
  }),
  probe({
    id: 'probe-gemini-code-assist-endpoint',
    client: 'Gemini CLI',
    pkg: '@google/gemini-cli',
    bin: 'gemini',
    setting: '`CODE_ASSIST_ENDPOINT` in `.gemini/.env` (Login with Google: `selectedType: oauth-personal`, a cached `~/.gemini/oauth_creds.json`)',
    facts: [
      { file: 'rules/env.toml', variable: 'CODE_ASSIST_ENDPOINT', claim: 'Gemini CLI reads it only with Login with Google (oauth-personal), which first checks the token with oauth2.googleapis.com; the Code Assist protocol (`{endpoint}/v1internal:streamGenerateContent`, S) is not a gateway route', variants: ['oauth-personal'] },
    ],
    variants: [
      {
        key: 'oauth-personal',
        label: '`selectedType: oauth-personal`, `CODE_ASSIST_ENDPOINT` root',
        values: { base: GW },
        expect: { external: /oauth2\.googleapis\.com/ },
        setup: (ctx) => {
          write(path.join(ctx.home, '.gemini/oauth_creds.json'), JSON.stringify({ access_token: KEY, refresh_token: 'refresh-dummy', token_type: 'Bearer', scope: 'https://www.googleapis.com/auth/cloud-platform', expiry_date: 4102444800000 }) + '\n');
          return geminiProbeRun(ctx, 'oauth-personal', { CODE_ASSIST_ENDPOINT: ctx.values.base });
        },
      },
    ],
  }),
  probe({
    id: 'probe-codex-openai-base-url-env',
    client: 'OpenAI Codex CLI',
    pkg: '@openai/codex',
    bin: 'codex',
    setting: 'env `OPENAI_BASE_URL` (no `openai_base_url`, no `[model_providers]`: the built-in `openai` provider)',
    facts: [
      { file: 'rules/env.toml', variable: 'OPENAI_BASE_URL', claim: 'Codex does not read it: with OPENAI_BASE_URL …/v1 and OPENAI_API_KEY or CODEX_API_KEY every request goes to api.openai.com (remove "Codex (deprecated)" from read_by)', variants: ['openai-api-key', 'codex-api-key'] },
    ],
    variants: [
      ...[
        ['openai-api-key', 'OPENAI_API_KEY'],
        ['codex-api-key', 'CODEX_API_KEY'],
      ].map(([key, keyVar]) => ({
        key,
        label: `\`OPENAI_BASE_URL\` …/v1, \`${keyVar}\``,
        values: { base: `${GW}/v1` },
        timeoutS: 25,
        expect: { external: /api\.openai\.com|chatgpt\.com/ },
        setup: (ctx) => {
          write(path.join(ctx.home, '.codex/config.toml'), `model = "gpt-5"\n${codexCommon}`);
          return { args: ['exec', '--skip-git-repo-check', PROMPT], env: { OPENAI_BASE_URL: ctx.values.base, [keyVar]: KEY } };
        },
      })),
    ],
  }),
  probe({
    id: 'probe-continue-env-base-urls',
    client: 'Continue CLI',
    pkg: '@continuedev/cli',
    bin: 'cn',
    setting: 'env `OPENAI_BASE_URL` / `ANTHROPIC_BASE_URL` with a `~/.continue/config.yaml` model that has no `apiBase`, `cn -p`',
    facts: [
      { file: 'rules/env.toml', variable: 'OPENAI_BASE_URL', claim: 'Continue CLI reads it only through the AI SDK (`CONTINUE_USE_AI_SDK` set, or `provider: ai-sdk`; also from `.env` in the working directory), shape v1 (…/v1 → POST /v1/responses, root → /responses 404); `provider: openai` without it ignores it', variants: ['openai', 'ai-sdk-openai-v1', 'ai-sdk-openai-root', 'ai-sdk-provider-dotenv'] },
      { file: 'rules/env.toml', variable: 'ANTHROPIC_BASE_URL', claim: 'Continue CLI reads it only through the AI SDK (`CONTINUE_USE_AI_SDK` set, or `provider: ai-sdk`), and then wants V1 like @ai-sdk/anthropic (root → /messages 404; a conflict with Claude Code, CR405); `provider: anthropic` without it ignores it', variants: ['anthropic', 'ai-sdk-anthropic-v1', 'ai-sdk-anthropic-root'] },
    ],
    variants: [
      {
        key: 'openai',
        label: '`provider: openai`, `OPENAI_BASE_URL` …/v1',
        values: { base: `${GW}/v1` },
        expect: { external: /api\.openai\.com/ },
        setup: (ctx) => continueEnvRun(ctx, 'openai', 'gpt-4.1', { OPENAI_BASE_URL: ctx.values.base }),
      },
      {
        key: 'anthropic',
        label: '`provider: anthropic`, `ANTHROPIC_BASE_URL` root',
        values: { base: GW },
        expect: { external: /api\.anthropic\.com/ },
        setup: (ctx) => continueEnvRun(ctx, 'anthropic', 'claude-sonnet-4-5', { ANTHROPIC_BASE_URL: ctx.values.base }),
      },
      ...[
        ['ai-sdk-openai-v1', 'openai', 'gpt-4.1', 'OPENAI_BASE_URL', `${GW}/v1`, ok200('POST /v1/responses')],
        ['ai-sdk-openai-root', 'openai', 'gpt-4.1', 'OPENAI_BASE_URL', GW, notFound('POST /responses')],
        ['ai-sdk-anthropic-v1', 'anthropic', 'claude-sonnet-4-5', 'ANTHROPIC_BASE_URL', `${GW}/v1`, ok200('POST /v1/messages')],
        ['ai-sdk-anthropic-root', 'anthropic', 'claude-sonnet-4-5', 'ANTHROPIC_BASE_URL', GW, notFound('POST /messages')],
      ].map(([key, provider, model, variable, base, expect]) => ({
        key,
        label: `\`provider: ${provider}\`, \`CONTINUE_USE_AI_SDK=1\`, \`${variable}\` ${base === GW ? 'root' : '…/v1'}`,
        values: { base },
        expect,
        setup: (ctx) => continueEnvRun(ctx, provider, model, { CONTINUE_USE_AI_SDK: '1', [variable]: ctx.values.base }),
      })),
      {
        key: 'ai-sdk-provider-dotenv',
        label: '`provider: ai-sdk`, `model: openai/gpt-4.1`, `OPENAI_BASE_URL` …/v1 in `.env` of the working directory',
        values: { base: `${GW}/v1` },
        expect: ok200('POST /v1/responses'),
        setup: (ctx) => continueEnvRun(ctx, 'ai-sdk', 'openai/gpt-4.1', {}, { OPENAI_BASE_URL: ctx.values.base }),
      },
    ],
  }),
  probe({
    id: 'probe-sdk-anthropic-profile',
    client: '@anthropic-ai/sdk',
    pkg: '@anthropic-ai/sdk',
    setting: 'profile `~/.config/anthropic/configs/default.json` `base_url` (`new Anthropic()` with no key in code, `messages.create`)',
    facts: [
      { file: 'rules/clients/sdk-source.toml', path: '~/.config/anthropic/configs/<profile>.json base_url', claim: '@anthropic-ai/sdk reads the profile only with no key in code and neither ANTHROPIC_API_KEY nor ANTHROPIC_AUTH_TOKEN set; its `base_url` has shape root and loses to `baseURL` and ANTHROPIC_BASE_URL', variants: ['profile-root', 'profile-v1', 'api-key-set', 'env-base-wins'] },
    ],
    variants: ANTHROPIC_PROFILE_VARIANTS((env) => ({ cmd: process.execPath, args: [path.join(HERE, 'sdk', 'anthropic.mjs'), '--no-key', '--any-host'], env })),
  }),
  probe({
    id: 'probe-sdk-py-anthropic-profile',
    client: 'anthropic (Python)',
    pkg: 'py:anthropic',
    setting: 'profile `~/.config/anthropic/configs/default.json` `base_url` (`Anthropic()` with no key in code, `messages.create`)',
    facts: [
      { file: 'rules/clients/sdk-source.toml', path: '~/.config/anthropic/configs/<profile>.json base_url', claim: 'anthropic (Python) reads the profile only with no key in code and neither ANTHROPIC_API_KEY nor ANTHROPIC_AUTH_TOKEN set; its `base_url` has shape root and loses to `base_url=` and ANTHROPIC_BASE_URL', variants: ['profile-root', 'profile-v1', 'api-key-set', 'env-base-wins'] },
    ],
    variants: ANTHROPIC_PROFILE_VARIANTS((env) => ({ cmd: SDKS_PY, args: [path.join(PY_CLIENTS, 'anthropic_messages.py'), '--from-env', '--any-host'], env: { PYTHONDONTWRITEBYTECODE: '1', ...env } })),
  }),
];
// The console host answers with its web page: the client must not complete a turn.
const consolePage = { console: true };

// Where the values come from: a bad/ fixture (directory, file in it, key, nth
// line setting that key) or a file of the client's shape written for the case.
const fx = (fixture, file, key, nth = 1, extra = {}) => ({ fixture, file, key, nth, ...extra });
const synth = (file, key, text, nth = 1) => ({ file, key, text, nth });

// Each case: client, pkg (for the version), setting, src (where crlint's
// values come from), the route the value crlint writes must reach, what the
// wrong value must do, and the facts in rules/ the case bears on. `noRule`:
// client layouts crlint reports without a fix (the values are layouts, not crlint's).
const CASES = [
  {
    id: 'claude-code-v1',
    client: 'Claude Code',
    pkg: '@anthropic-ai/claude-code',
    setting: '`env.ANTHROPIC_BASE_URL` in `.claude/settings.json` (key: `env.ANTHROPIC_AUTH_TOKEN`)',
    src: fx('fixtures/claude-code/bad/v1-suffix', '.claude/settings.json', 'ANTHROPIC_BASE_URL'),
    expect: 'POST /v1/messages',
    wrongExpect: notFound('POST /v1/v1/messages'),
    run: claude((c) => ({ ANTHROPIC_BASE_URL: c.value, ANTHROPIC_AUTH_TOKEN: KEY, ANTHROPIC_MODEL: 'claude-sonnet-4-5' })),
    facts: [
      { file: 'rules/clients/claude-code.toml', path: 'env.ANTHROPIC_BASE_URL', claim: 'shape root: root → POST /v1/messages, /v1 → /v1/v1/messages' },
      { file: 'rules/clients/claude-code.toml', path: 'env.ANTHROPIC_AUTH_TOKEN', claim: 'sent as Authorization: Bearer', check: (r) => r.auth.includes('bearer') && r.key === 'expected' },
      { file: 'rules/clients/claude-code.toml', path: 'env.ANTHROPIC_MODEL', claim: 'names the model requested', check: (r) => r.model === 'claude-sonnet-4-5' },
      { file: 'rules/env.toml', variable: 'ANTHROPIC_BASE_URL', claim: 'Claude Code reads it (via settings `env`) with shape root' },
      { file: 'rules/env.toml', variable: 'ANTHROPIC_AUTH_TOKEN', claim: 'Claude Code reads it (Bearer)', check: (r) => r.auth.includes('bearer') && r.key === 'expected' },
    ],
  },
  {
    id: 'claude-code-east-asia-slash',
    client: 'Claude Code',
    pkg: '@anthropic-ai/claude-code',
    setting: '`env.ANTHROPIC_BASE_URL` (East Asia host, `/v1/`)',
    src: fx('fixtures/claude-code/bad/non-ascii', '.claude/settings.json', 'ANTHROPIC_BASE_URL'),
    expect: 'POST /v1/messages',
    wrongExpect: notFound('POST /v1/v1/messages'),
    run: claude((c) => ({ ANTHROPIC_BASE_URL: c.value, ANTHROPIC_AUTH_TOKEN: KEY, ANTHROPIC_MODEL: 'claude-sonnet-4-5' })),
  },
  {
    id: 'claude-code-endpoint',
    client: 'Claude Code',
    pkg: '@anthropic-ai/claude-code',
    setting: '`env.ANTHROPIC_BASE_URL` in `.claude/settings.local.json` holding the endpoint `/v1/messages` (East Asia host, CRLF file)',
    src: fx('fixtures/claude-code/bad/endpoint-crlf', '.claude/settings.local.json', 'ANTHROPIC_BASE_URL'),
    expect: 'POST /v1/messages',
    wrongExpect: notFound('POST /v1/messages/v1/messages'),
    run: claude((c) => ({ ANTHROPIC_BASE_URL: c.value, ANTHROPIC_AUTH_TOKEN: KEY, ANTHROPIC_MODEL: 'claude-sonnet-4-5' }), {}, 'settings.local.json'),
    conv: '§1: the doubled path `/v1/messages/v1/messages` is the symptom of an endpoint in an Anthropic-native base URL',
  },
  {
    id: 'claude-code-api-key-console',
    client: 'Claude Code',
    pkg: '@anthropic-ai/claude-code',
    setting: '`env.ANTHROPIC_BASE_URL` on the console host `www.crazyrouter.com`, with `env.ANTHROPIC_API_KEY` and `model` (auth header and model probe)',
    src: synth(
      '.claude/settings.json',
      'ANTHROPIC_BASE_URL',
      '{\n  "model": "claude-opus-4-5",\n  "env": {\n    "ANTHROPIC_BASE_URL": "https://www.crazyrouter.com",\n    "ANTHROPIC_API_KEY": "${CRAZYROUTER_API_KEY}"\n  }\n}\n',
    ),
    expect: 'POST /v1/messages',
    wrongExpect: consolePage,
    run: claude((c) => ({ ANTHROPIC_BASE_URL: c.value, ANTHROPIC_API_KEY: KEY }), { model: 'claude-opus-4-5' }),
    facts: [
      { file: 'rules/clients/claude-code.toml', path: 'env.ANTHROPIC_API_KEY', claim: 'sent as x-api-key', check: (r) => r.auth.includes('x-api-key') && r.key === 'expected' },
      { file: 'rules/clients/claude-code.toml', path: 'model', claim: 'names the model requested (`claude-opus-4-5`; the default is another model)', check: (r) => r.model === 'claude-opus-4-5' },
      { file: 'rules/env.toml', variable: 'ANTHROPIC_API_KEY', claim: 'Claude Code reads it (x-api-key)', check: (r) => r.auth.includes('x-api-key') && r.key === 'expected' },
    ],
  },
  {
    id: 'claude-code-console-http-doubled',
    client: 'Claude Code',
    pkg: '@anthropic-ai/claude-code',
    setting: '`env.ANTHROPIC_BASE_URL` = `http://` console host with `/v1/v1`, `model: "claude-opus-4-1"`',
    src: fx('fixtures/claude-code/bad/console-http-doubled', '.claude/settings.json', 'ANTHROPIC_BASE_URL'),
    expect: 'POST /v1/messages',
    wrongExpect: consolePage,
    run: claude((c) => ({ ANTHROPIC_BASE_URL: c.value, ANTHROPIC_AUTH_TOKEN: KEY }), { model: 'claude-opus-4-1' }),
    observe: (p, out) =>
      `\`model: "claude-opus-4-1"\` (the fixture's) in settings → the request names \`${p?.model}\`${/remapped/.test(out) ? `; the client says: “${out.split('\n').find((l) => /remapped/.test(l)).replace(/^\W+/, '').trim()}”` : ''}`,
  },
  {
    id: 'codex-provider-root',
    client: 'OpenAI Codex CLI',
    pkg: '@openai/codex',
    setting: '`[model_providers.<id>] base_url` in `~/.codex/config.toml`',
    src: fx('fixtures/codex/bad/root', '.codex/config.toml', 'base_url'),
    expect: 'POST /v1/responses',
    wrongExpect: notFound('POST /responses'),
    run: codex((c) => codexProvider(c, { baseUrl: c.value })),
    facts: [
      { file: 'rules/clients/codex.toml', path: 'model_providers.*.base_url', claim: 'shape v1: /v1 → POST /v1/responses, root → /responses 404' },
      { file: 'rules/clients/codex.toml', path: 'model_providers.*.env_key', claim: 'names the variable holding the key', check: (r) => r.key === 'expected' },
      { file: 'rules/clients/codex.toml', path: 'model', claim: 'names the model requested', check: (r) => r.model === 'gpt-5-codex' },
    ],
  },
  {
    id: 'codex-doubled-east-asia',
    client: 'OpenAI Codex CLI',
    pkg: '@openai/codex',
    setting: '`[model_providers.<id>] base_url` (East Asia host, `/v1/v1`)',
    src: fx('fixtures/codex/bad/doubled-literal', '.codex/config.toml', 'base_url'),
    expect: 'POST /v1/responses',
    wrongExpect: notFound('POST /v1/v1/responses'),
    run: codex(
      (c) => `model = "gpt-5-mini"\nmodel_provider = "cr"\n${codexCommon}\n[model_providers.cr]\nname = "Crazyrouter (East Asia)"\nbase_url = ${toml(c.value)}\nenv_key = "CRAZYROUTER_API_KEY"\n`,
    ),
  },
  {
    id: 'codex-wire-api',
    client: 'OpenAI Codex CLI',
    pkg: '@openai/codex',
    setting: '`[model_providers.<id>] wire_api`',
    src: fx('fixtures/codex/bad/wire-chat', '.codex/config.toml', 'wire_api'),
    notUrl: true,
    expect: 'POST /v1/responses',
    wrongExpect: { noRequest: true, output: /wire_api = "chat"` is no longer supported/ },
    run: codex((c) => codexProvider(c, { baseUrl: c.base + '/v1', wire: c.value })),
    facts: [{ file: 'rules/clients/codex.toml', path: 'model_providers.*.wire_api', claim: '"chat" is a load error; "responses" loads' }],
  },
  {
    id: 'codex-openai-base-url-console',
    client: 'OpenAI Codex CLI',
    pkg: '@openai/codex',
    setting: 'top-level `openai_base_url` on the console host (built-in `openai` provider, key from `CODEX_API_KEY`)',
    src: fx('fixtures/codex/bad/console', '.codex/config.toml', 'openai_base_url'),
    expect: 'POST /v1/responses',
    wrongExpect: consolePage,
    run: codex((c) => `openai_base_url = ${toml(c.value)}\nmodel = "gpt-5"\n${codexCommon}`, [], { CODEX_API_KEY: KEY }),
    observe: (p, out, requests) => {
      const ws = requests.filter((q) => q.method === 'GET' && /websocket/i.test(q.upgrade ?? '')).length;
      return `with \`openai_base_url\` (built-in \`openai\` provider) the client first tried \`GET ${p?.pathOnly}\` with \`Upgrade: websocket\` ${ws}× (404 here), then fell back to \`${p?.method} ${p?.pathOnly}\` (compare the \`[model_providers.<id>]\` runs under Details)`;
    },
    facts: [{ file: 'rules/clients/codex.toml', path: 'openai_base_url', claim: 'shape v1 (overrides the built-in openai provider)' }],
  },
  {
    id: 'gemini-cli-v1beta',
    client: 'Gemini CLI',
    pkg: '@google/gemini-cli',
    setting: '`GOOGLE_GEMINI_BASE_URL` in `.gemini/.env` (+ `GEMINI_API_KEY`; `.gemini/settings.json` selects `gemini-api-key`)',
    src: fx('fixtures/gemini-cli/bad/v1beta-no-settings', '.gemini/.env', 'GOOGLE_GEMINI_BASE_URL'),
    model: 'gemini-2.5-flash',
    expect: 'POST /v1beta/models/{m}:streamGenerateContent',
    wrongExpect: notFound('POST /v1beta/v1beta/models/{m}:streamGenerateContent'),
    run: gemini(),
    // CR404 on the same line is the missing settings file: gemini-cli-auth runs it.
    covers: ['CR102'],
    facts: [
      { file: 'rules/env.toml', variable: 'GOOGLE_GEMINI_BASE_URL', claim: 'Gemini CLI reads it (from .gemini/.env) with shape root' },
      { file: 'rules/env.toml', variable: 'GEMINI_API_KEY', claim: 'Gemini CLI reads it (from .gemini/.env), sent as x-goog-api-key', check: (r) => r.auth.includes('x-goog-api-key') && r.key === 'expected' },
    ],
  },
  {
    id: 'gemini-cli-console',
    client: 'Gemini CLI',
    pkg: '@google/gemini-cli',
    setting: '`GOOGLE_GEMINI_BASE_URL` in `.gemini/.env` on the console host with `/v1beta`',
    src: fx('fixtures/gemini-cli/bad/console-host', '.gemini/.env', 'GOOGLE_GEMINI_BASE_URL'),
    model: 'gemini-2.5-flash',
    expect: 'POST /v1beta/models/{m}:streamGenerateContent',
    wrongExpect: consolePage,
    run: gemini(),
  },
  {
    id: 'gemini-cli-auth',
    client: 'Gemini CLI',
    pkg: '@google/gemini-cli',
    setting: '`security.auth.selectedType` in `.gemini/settings.json` (the finding is on `GOOGLE_GEMINI_BASE_URL` in `.gemini/.env`; the fix edits the settings file)',
    src: fx('fixtures/gemini-cli/bad/no-auth-type', '.gemini/.env', 'GOOGLE_GEMINI_BASE_URL', 1, { read: { file: '.gemini/settings.json', key: 'selectedType', absent: '(absent)' } }),
    notUrl: true,
    model: 'gemini-2.5-flash',
    expect: 'POST /v1beta/models/{m}:streamGenerateContent',
    wrongExpect: { noRequest: true, output: /Invalid auth method selected\./ },
    run: gemini({ selectedType: (c) => c.value, baseUrl: (c) => c.base }),
  },
  {
    id: 'opencode-openai-compatible',
    client: 'OpenCode',
    pkg: 'opencode-ai',
    setting: '`provider.<id>.options.baseURL` in `opencode.json`, `npm: "@ai-sdk/openai-compatible"`',
    src: fx('fixtures/opencode/bad/shapes', 'opencode.jsonc', 'baseURL', 1),
    model: 'gpt-4o-mini',
    expect: 'POST /v1/chat/completions',
    wrongExpect: notFound('POST /chat/completions'),
    run: opencode('@ai-sdk/openai-compatible', 'gpt-4o-mini'),
  },
  {
    id: 'opencode-openai',
    client: 'OpenCode',
    pkg: 'opencode-ai',
    setting: '`provider.<id>.options.baseURL` in `opencode.json`, `npm: "@ai-sdk/openai"`',
    src: synth(
      'opencode.json',
      'baseURL',
      '{\n  "$schema": "https://opencode.ai/config.json",\n  "provider": {\n    "crazyrouter": {\n      "npm": "@ai-sdk/openai",\n      "options": {\n        "baseURL": "https://api.crazyrouter.com",\n        "apiKey": "{env:CRAZYROUTER_API_KEY}"\n      },\n      "models": { "gpt-4o-mini": {} }\n    }\n  },\n  "model": "crazyrouter/gpt-4o-mini"\n}\n',
    ),
    model: 'gpt-4o-mini',
    expect: 'POST /v1/responses',
    wrongExpect: notFound('POST /responses'),
    run: opencode('@ai-sdk/openai', 'gpt-4o-mini'),
    facts: [{ file: 'rules/clients/opencode.toml', path: 'provider.*.options.baseURL', contains: 'any_of = ["@ai-sdk/openai"]', claim: '`npm: "@ai-sdk/openai"` → shape v1: /v1 → POST /v1/responses, root → /responses 404' }],
  },
  {
    id: 'opencode-anthropic',
    client: 'OpenCode',
    pkg: 'opencode-ai',
    setting: '`provider.<id>.options.baseURL`, `npm: "@ai-sdk/anthropic"` (value from Kilo Code’s `kilo.jsonc`, same schema)',
    src: fx('fixtures/opencode/bad/kilo-anthropic-root', 'kilo.jsonc', 'baseURL'),
    model: 'claude-sonnet-4-5',
    expect: 'POST /v1/messages',
    wrongExpect: notFound('POST /messages'),
    run: opencode('@ai-sdk/anthropic', 'claude-sonnet-4-5'),
    facts: [{ file: 'rules/clients/opencode.toml', path: 'provider.*.options.baseURL', contains: 'any_of = ["@ai-sdk/anthropic"]', claim: '`npm: "@ai-sdk/anthropic"` → shape v1: /v1 → POST /v1/messages, root → /messages 404' }],
  },
  {
    id: 'opencode-google',
    client: 'OpenCode',
    pkg: 'opencode-ai',
    setting: '`provider.<id>.options.baseURL` in `opencode.json`, `npm: "@ai-sdk/google"` (`/v1` where `/v1beta` is wanted)',
    src: fx('fixtures/opencode/bad/shapes', 'opencode.jsonc', 'baseURL', 3),
    model: 'gemini-2.5-flash',
    expect: 'POST /v1beta/models/{m}:streamGenerateContent',
    wrongExpect: { route: 'POST /v1/models/{m}:streamGenerateContent', status: 200, alias: true },
    run: opencode('@ai-sdk/google', 'gemini-2.5-flash'),
  },
  {
    id: 'qwen-openai-env',
    client: 'Qwen Code',
    pkg: '@qwen-code/qwen-code',
    setting: '`OPENAI_BASE_URL` in `.qwen/.env` (+ `OPENAI_API_KEY`, `OPENAI_MODEL`), `--auth-type openai`',
    src: fx('fixtures/qwen-code/bad/dotenv-root', '.qwen/.env', 'OPENAI_BASE_URL'),
    expect: 'POST /v1/chat/completions',
    wrongExpect: notFound('POST /chat/completions'),
    run: qwenOpenAI(),
    facts: [
      { file: 'rules/env.toml', variable: 'OPENAI_BASE_URL', claim: 'Qwen Code reads it (from .qwen/.env) with shape v1' },
      { file: 'rules/env.toml', variable: 'OPENAI_API_KEY', claim: 'Qwen Code reads it (from .qwen/.env), Bearer', check: (r) => r.auth.includes('bearer') && r.key === 'expected' },
    ],
  },
  {
    id: 'qwen-anthropic-provider',
    client: 'Qwen Code',
    pkg: '@qwen-code/qwen-code',
    setting: '`modelProviders.anthropic[].baseUrl` in `.qwen/settings.json`, `--auth-type anthropic`',
    src: fx('fixtures/qwen-code/bad/providers', '.qwen/settings.json', 'baseUrl', 2),
    expect: 'POST /v1/messages',
    wrongExpect: notFound('POST /v1/v1/messages'),
    run: qwenAnthropic(),
    facts: [{ file: 'rules/clients/qwen-code.toml', path: 'modelProviders.anthropic[*].baseUrl', claim: 'shape root: root → POST /v1/messages, /v1 → /v1/v1/messages 404' }],
  },
  {
    id: 'ccr-openai',
    client: 'claude-code-router',
    pkg: '@musistudio/claude-code-router',
    setting: '`Providers[].api_base_url` in `~/.claude-code-router/config.json` (no transformer: chat completions), `ccr code -p`',
    src: fx('fixtures/claude-code-router/bad/bases', '.claude-code-router/config.json', 'api_base_url', 1),
    model: 'gpt-4o-mini',
    expect: 'POST /v1/chat/completions',
    wrongExpect: notFound('POST /v1'),
    run: ccr({ model: 'gpt-4o-mini' }),
    slashVerbatim: true,
    facts: [
      { file: 'rules/clients/claude-code-router.toml', path: 'Providers[*].api_base_url', contains: 'default_endpoint = "/v1/chat/completions"', claim: 'shape full: posted to as written (`…/v1` → POST /v1 404)' },
      { file: 'rules/clients/claude-code-router.toml', path: 'Providers[*].api_key', claim: '`$VAR` is read from the environment and sent as Bearer', check: (r) => r.auth.includes('bearer') && r.key === 'expected' },
    ],
  },
  {
    id: 'ccr-anthropic',
    client: 'claude-code-router',
    pkg: '@musistudio/claude-code-router',
    setting: '`Providers[].api_base_url` with `transformer.use: ["Anthropic"]`, `ccr code -p`',
    src: fx('fixtures/claude-code-router/bad/bases', '.claude-code-router/config.json', 'api_base_url', 2),
    model: 'claude-sonnet-4-5',
    expect: 'POST /v1/messages',
    wrongExpect: notFound('POST /'),
    run: ccr({ model: 'claude-sonnet-4-5', anthropic: true }),
    slashVerbatim: true,
    facts: [
      { file: 'rules/clients/claude-code-router.toml', path: 'Providers[*].api_base_url', contains: 'default_endpoint = "/v1/messages"', claim: 'with the `Anthropic` transformer, shape full: the Messages request goes to `api_base_url` as written (root → POST / 404)' },
    ],
  },
  {
    id: 'crush-openai-compat',
    client: 'Crush',
    pkg: '@charmland/crush',
    setting: '`providers.<id>.base_url` in `.crush.json`, `type: "openai-compat"`, `crush run`',
    src: fx('fixtures/crush/bad/shapes', '.crush.json', 'base_url', 1),
    model: 'gpt-4.1',
    expect: 'POST /v1/chat/completions',
    wrongExpect: notFound('POST /chat/completions'),
    run: crush('openai-compat', 'gpt-4.1'),
    missing: CRUSH_MISSING,
    facts: [
      { file: 'rules/clients/crush.toml', path: 'providers.*.base_url', contains: 'any_of = ["openai", "openai-compat"]', claim: '`type: "openai-compat"` → shape v1: /v1 → POST /v1/chat/completions, root → /chat/completions 404' },
      { file: 'rules/clients/crush.toml', path: 'providers.*.api_key', claim: '`$VAR` is read from the environment and sent as Bearer', check: (r) => r.auth.includes('bearer') && r.key === 'expected' },
    ],
  },
  {
    id: 'crush-anthropic',
    client: 'Crush',
    pkg: '@charmland/crush',
    setting: '`providers.<id>.base_url` in `.crush.json`, `type: "anthropic"`, `crush run`',
    src: fx('fixtures/crush/bad/shapes', '.crush.json', 'base_url', 2),
    model: 'claude-sonnet-4-5',
    expect: 'POST /v1/messages',
    wrongExpect: notFound('POST /v1/v1/messages'),
    run: crush('anthropic', 'claude-sonnet-4-5'),
    missing: CRUSH_MISSING,
    conv: '§3 Crush: `type: anthropic` → ROOT (S: the Anthropic Go SDK appends `/v1/messages`; its README shows `/v1`)',
    facts: [{ file: 'rules/clients/crush.toml', path: 'providers.*.base_url', contains: 'any_of = ["anthropic"]', claim: '`type: "anthropic"` → shape root: root → POST /v1/messages, /v1 → /v1/v1/messages 404' }],
  },
  {
    id: 'continue-openai',
    client: 'Continue CLI',
    pkg: '@continuedev/cli',
    setting: '`models[].apiBase`, `provider: openai`, in `~/.continue/config.yaml` (key `${{ secrets.CRAZYROUTER_API_KEY }}` from the environment), `cn -p`',
    src: fx('fixtures/continue/bad/shapes', '.continue/config.yaml', 'apiBase', 1),
    model: 'gpt-4.1',
    expect: 'POST /v1/chat/completions',
    wrongExpect: notFound('POST /chat/completions'),
    run: continueCli('openai', 'gpt-4.1'),
    facts: [
      { file: 'rules/clients/continue.toml', path: 'models[*].apiBase', contains: 'any_of = ["openai"]', claim: '`provider: openai` → shape v1 (cn adds the `/` itself): /v1 → POST /v1/chat/completions, root → /chat/completions 404' },
      { file: 'rules/clients/continue.toml', path: 'models[*].apiKey', claim: '`${{ secrets.X }}` is read from the environment variable X and sent as Bearer', check: (r) => r.auth.includes('bearer') && r.key === 'expected' },
      { file: 'rules/clients/continue.toml', path: 'models[*].model', claim: 'names the model requested', check: (r) => r.model === 'gpt-4.1' },
    ],
  },
  {
    id: 'continue-anthropic',
    client: 'Continue CLI',
    pkg: '@continuedev/cli',
    setting: '`models[].apiBase`, `provider: anthropic`, in `~/.continue/config.yaml`, `cn -p`',
    src: fx('fixtures/continue/bad/shapes', '.continue/config.yaml', 'apiBase', 2),
    model: 'claude-sonnet-4-5',
    expect: 'POST /v1/messages',
    wrongExpect: notFound('POST /messages'),
    run: continueCli('anthropic', 'claude-sonnet-4-5'),
    conv: '§3 Continue: `provider: anthropic` → **V1** (S: `new URL("messages", apiBase)`)',
    facts: [{ file: 'rules/clients/continue.toml', path: 'models[*].apiBase', contains: 'any_of = ["anthropic"]', claim: '`provider: anthropic` → shape v1: /v1 → POST /v1/messages (x-api-key), root → /messages 404' }],
  },
  {
    id: 'litellm-openai',
    client: 'LiteLLM (Python)',
    pkg: 'py:litellm',
    setting: '`model_list[].litellm_params.api_base`, `model: openai/…` (`litellm.Router`, as the proxy routes)',
    src: fx('fixtures/litellm/bad/proxy', 'litellm_config.yaml', 'api_base', 1),
    expect: 'POST /v1/chat/completions',
    wrongExpect: notFound('POST /chat/completions'),
    run: litellm('openai/gpt-4o-mini'),
    facts: [{ file: 'rules/clients/litellm.toml', path: 'model_list[*].litellm_params.api_base', contains: '"openai/"', claim: '`openai/…` → shape v1: /v1 → POST /v1/chat/completions, root → /chat/completions 404' }],
  },
  {
    id: 'litellm-anthropic',
    client: 'LiteLLM (Python)',
    pkg: 'py:litellm',
    setting: '`model_list[].litellm_params.api_base`, `model: anthropic/…`',
    src: synth('litellm_config.yaml', 'api_base', 'model_list:\n  - model_name: claude-sonnet\n    litellm_params:\n      model: anthropic/claude-sonnet-4-5\n      api_base: https://api.crazyrouter.com/v1\n      api_key: os.environ/CRAZYROUTER_API_KEY\n'),
    expect: 'POST /v1/messages',
    wrongExpect: notFound('POST /v1/v1/messages'),
    run: litellm('anthropic/claude-sonnet-4-5'),
    // conventions.md §3 says “slash breaks” (`//v1/messages`); LiteLLM 1.110.2 trims
    // the slash, and rules/clients/litellm.toml no longer marks it (the slash run).
    conv: '§3 LiteLLM proxy: `anthropic/…` api_base → ROOT, **slash breaks**',
    convCheck: (r) => !!r.js && r.js.p?.pathOnly !== '/v1/messages',
    facts: [
      { file: 'rules/clients/litellm.toml', path: 'model_list[*].litellm_params.api_base', contains: '"anthropic/"', claim: '`anthropic/…` → shape root: root → POST /v1/messages, `/v1` → /v1/v1/messages 404', check: (r, w) => r.pathOnly === '/v1/messages' && r.status === 200 && w?.pathOnly === '/v1/v1/messages' },
      {
        file: 'rules/clients/litellm.toml',
        path: 'model_list[*].litellm_params.api_base',
        contains: '"anthropic/"',
        claim: 'no `slash_breaks` (conventions.md §3 says “slash breaks”): a trailing `/` is trimmed',
        check: (r, w, slash) => slash?.pathOnly === '/v1/messages' && slash.status === 200,
      },
    ],
  },
  {
    id: 'litellm-gemini',
    client: 'LiteLLM (Python)',
    pkg: 'py:litellm',
    setting: '`model_list[].litellm_params.api_base`, `model: gemini/…`',
    src: fx('fixtures/litellm/bad/proxy', 'litellm_config.yaml', 'api_base', 3),
    model: 'gemini-2.5-flash',
    expect: 'POST /v1beta/models/{m}:generateContent',
    wrongExpect: notFound('POST /models/{m}:generateContent'),
    run: litellm('gemini/gemini-2.5-flash'),
    facts: [{ file: 'rules/clients/litellm.toml', path: 'model_list[*].litellm_params.api_base', contains: '"gemini/"', claim: '`gemini/…` → shape v1beta: /v1beta → POST /v1beta/models/{m}:generateContent, root → /models/… 404' }],
  },
  {
    id: 'open-webui-urls-slash',
    client: 'Open WebUI (Python)',
    pkg: 'py:open-webui',
    // A fresh `open-webui serve` takes 10–20 s to answer; much longer on a loaded machine.
    timeoutS: 180,
    setting: 'env `OPENAI_API_BASE_URLS`, entry 1 (its web page’s model list, then one chat turn)',
    src: fx('fixtures/open-webui/bad/urls', '.env', 'OPENAI_API_BASE_URLS'),
    entry: 0,
    covers: ['CR106'],
    expect: 'POST /v1/chat/completions',
    // No model comes back from `/v1//models`, so no chat request is made at all.
    wrongExpect: notFound('GET /v1//models'),
    run: openWebui('OPENAI_API_BASE_URLS'),
    noSlashProbe: 'its wrong value is this value plus `/`',
    conv: '§3 Open WebUI: entries of `OPENAI_API_BASE_URLS` → V1, **slash breaks**',
    facts: [
      { file: 'rules/env.toml', variable: 'OPENAI_API_BASE_URLS', claim: 'shape v1 for each `;`-separated entry: `{url}/models`, `{url}/chat/completions`, the entry’s key (`OPENAI_API_KEYS`) as Bearer', check: (r) => r.pathOnly === '/v1/chat/completions' && r.status === 200 && r.auth.includes('bearer') && r.key === 'expected' },
      { file: 'rules/env.toml', variable: 'OPENAI_API_BASE_URLS', claim: '`slash_breaks = true`: an entry ending in `/` requests `/v1//models` (and finds no model)', check: (r, w) => w?.pathOnly === '/v1//models' && w.status === 404 },
    ],
  },
  {
    id: 'open-webui-urls-root',
    client: 'Open WebUI (Python)',
    pkg: 'py:open-webui',
    // A fresh `open-webui serve` takes 10–20 s to answer; much longer on a loaded machine.
    timeoutS: 180,
    setting: 'env `OPENAI_API_BASE_URLS`, entry 2',
    src: fx('fixtures/open-webui/bad/urls', '.env', 'OPENAI_API_BASE_URLS'),
    entry: 1,
    covers: ['CR103'],
    expect: 'POST /v1/chat/completions',
    wrongExpect: notFound('GET /models'),
    run: openWebui('OPENAI_API_BASE_URLS'),
  },
  {
    id: 'open-webui-base',
    client: 'Open WebUI (Python)',
    pkg: 'py:open-webui',
    // A fresh `open-webui serve` takes 10–20 s to answer; much longer on a loaded machine.
    timeoutS: 180,
    setting: 'env `OPENAI_API_BASE_URL` (`OPENAI_API_BASE_URLS` unset)',
    src: fx('fixtures/open-webui/bad/urls', '.env', 'OPENAI_API_BASE_URL'),
    expect: 'POST /v1/chat/completions',
    wrongExpect: notFound('GET /models'),
    run: openWebui('OPENAI_API_BASE_URL'),
    facts: [
      { file: 'rules/env.toml', variable: 'OPENAI_API_BASE_URL', claim: 'shape v1 (the one entry of `OPENAI_API_BASE_URLS` when that is unset)', check: (r) => r.pathOnly === '/v1/chat/completions' && r.status === 200 },
      {
        file: 'rules/env.toml',
        variable: 'OPENAI_API_BASE_URL',
        claim: 'no `slash_breaks`: `config.py` drops one trailing `/` before it becomes the entry',
        check: (r, w, slash) => slash?.pathOnly === '/v1/chat/completions' && slash.status === 200,
      },
    ],
  },
  {
    id: 'aider-root',
    client: 'Aider (Python)',
    pkg: 'py:aider-chat',
    setting: '`openai-api-base` in `.aider.conf.yml` (with `openai-api-key`, `model: openai/…`), `aider --message`',
    src: fx('fixtures/aider/bad/root', '.aider.conf.yml', 'openai-api-base'),
    model: 'gpt-4o-mini',
    expect: 'POST /v1/chat/completions',
    wrongExpect: notFound('POST /chat/completions'),
    run: aider(),
    facts: [
      { file: 'rules/clients/aider.toml', path: 'openai-api-base', claim: 'shape v1 (through LiteLLM): /v1 → POST /v1/chat/completions, root → /chat/completions 404' },
      { file: 'rules/clients/aider.toml', path: 'openai-api-key', claim: 'sent as Bearer', check: (r) => r.auth.includes('bearer') && r.key === 'expected' },
      { file: 'rules/clients/aider.toml', path: 'model', claim: '`openai/<name>` → the request names `<name>`', check: (r) => r.model === 'gpt-4o-mini' },
    ],
  },
  {
    id: 'aider-console',
    client: 'Aider (Python)',
    pkg: 'py:aider-chat',
    setting: '`openai-api-base` in `.aider.conf.yml` on the console host with `/v1` (CRLF file)',
    src: fx('fixtures/aider/bad/console-crlf', '.aider.conf.yml', 'openai-api-base'),
    model: 'gpt-4o-mini',
    expect: 'POST /v1/chat/completions',
    wrongExpect: consolePage,
    run: aider(),
  },
  {
    id: 'aider-dotenv',
    client: 'Aider (Python)',
    pkg: 'py:aider-chat',
    setting: '`OPENAI_API_BASE` in `.env` of the working directory (+ `OPENAI_API_KEY`), `--model openai/gpt-4o-mini`',
    src: fx('fixtures/dotenv/bad/every-variable', '.env', 'OPENAI_API_BASE'),
    model: 'gpt-4o-mini',
    expect: 'POST /v1/chat/completions',
    wrongExpect: notFound('POST /chat/completions'),
    run: aider({ dotenv: true }),
    conv: '§4: `OPENAI_API_BASE` is read by Aider with shape V1',
    facts: [{ file: 'rules/env.toml', variable: 'OPENAI_API_BASE', claim: 'Aider reads it (from `.env` in the working directory) with shape v1' }],
  },
  {
    id: 'sdk-openai-env',
    client: 'openai (Node)',
    pkg: 'openai',
    setting: 'env `OPENAI_BASE_URL` (`chat.completions.create`)',
    src: fx('fixtures/dotenv/bad/shapes', '.env', 'OPENAI_BASE_URL'),
    expect: 'POST /v1/chat/completions',
    wrongExpect: notFound('POST /chat/completions'),
    run: sdk('openai.mjs', { envVar: 'OPENAI_BASE_URL' }),
    facts: [{ file: 'rules/env.toml', variable: 'OPENAI_BASE_URL', claim: 'openai (Node) reads it with shape v1' }],
  },
  {
    id: 'sdk-openai-env-endpoint',
    client: 'openai (Node)',
    pkg: 'openai',
    setting: 'env `OPENAI_BASE_URL` holding the endpoint `/v1/chat/completions` (`chat.completions.create`)',
    src: fx('fixtures/dotenv/bad/no-final-newline', 'prod.env', 'OPENAI_BASE_URL'),
    expect: 'POST /v1/chat/completions',
    wrongExpect: notFound('POST /v1/chat/completions/chat/completions'),
    run: sdk('openai.mjs', { envVar: 'OPENAI_BASE_URL' }),
  },
  {
    id: 'sdk-openai-option-console',
    client: 'openai (Node)',
    pkg: 'openai',
    setting: '`new OpenAI({ baseURL })` on the `http://` console host (`responses.create`)',
    src: fx('fixtures/sdk-source/bad/typescript', 'src/ai.ts', 'baseURL', 3),
    expect: 'POST /v1/responses',
    wrongExpect: consolePage,
    run: sdk('openai.mjs', { args: ['--api', 'responses'] }),
  },
  {
    id: 'sdk-anthropic-env',
    client: '@anthropic-ai/sdk',
    pkg: '@anthropic-ai/sdk',
    setting: 'env `ANTHROPIC_BASE_URL` (`messages.create`)',
    src: fx('fixtures/dotenv/bad/shapes', '.env', 'ANTHROPIC_BASE_URL'),
    expect: 'POST /v1/messages',
    wrongExpect: notFound('POST /v1/v1/messages'),
    run: sdk('anthropic.mjs', { envVar: 'ANTHROPIC_BASE_URL' }),
    facts: [{ file: 'rules/env.toml', variable: 'ANTHROPIC_BASE_URL', claim: '@anthropic-ai/sdk reads it with shape root' }],
  },
  {
    id: 'sdk-google-genai-env',
    client: '@google/genai',
    pkg: '@google/genai',
    setting: 'env `GOOGLE_GEMINI_BASE_URL` (`models.generateContent`, default API version)',
    src: fx('fixtures/dotenv/bad/shapes', '.env', 'GOOGLE_GEMINI_BASE_URL'),
    model: 'gemini-2.5-flash',
    expect: 'POST /v1beta/models/{m}:generateContent',
    wrongExpect: notFound('POST /v1beta/v1/models/{m}:generateContent'),
    run: sdk('google-genai.mjs', { envVar: 'GOOGLE_GEMINI_BASE_URL' }),
    conv: '§3 `@google/genai (JS)`: `GOOGLE_GEMINI_BASE_URL` → ROOT “(R 3.1: → `/v1beta/models/{m}:generateContent`)”',
    facts: [
      {
        file: 'rules/env.toml',
        variable: 'GOOGLE_GEMINI_BASE_URL',
        claim: '@google/genai (JS) reads it with shape root',
        check: (r, w) => r.status === 200 && w?.status === 404,
        note: 'the route is the undocumented alias `/v1/models/{m}:generateContent` (default API version `v1`); with `GOOGLE_GENAI_API_VERSION=v1beta` it is the documented `/v1beta/models/{m}:generateContent` (next row of the table)',
      },
    ],
  },
  {
    id: 'sdk-google-genai-env-v1beta',
    client: '@google/genai',
    pkg: '@google/genai',
    setting: 'env `GOOGLE_GEMINI_BASE_URL` + `GOOGLE_GENAI_API_VERSION=v1beta`',
    src: fx('fixtures/dotenv/bad/shapes', '.env', 'GOOGLE_GEMINI_BASE_URL'),
    model: 'gemini-2.5-flash',
    expect: 'POST /v1beta/models/{m}:generateContent',
    wrongExpect: notFound('POST /v1beta/v1beta/models/{m}:generateContent'),
    run: sdk('google-genai.mjs', { envVar: 'GOOGLE_GEMINI_BASE_URL', env: { GOOGLE_GENAI_API_VERSION: 'v1beta' } }),
  },
  {
    id: 'sdk-ai-openai',
    client: 'ai + @ai-sdk/openai',
    pkg: '@ai-sdk/openai',
    setting: '`createOpenAI({ baseURL })`, default model (Responses API)',
    src: synth('src/ai.ts', 'baseURL', 'import { createOpenAI } from "@ai-sdk/openai";\n\nexport const openai = createOpenAI({\n  apiKey: process.env.CRAZYROUTER_API_KEY,\n  baseURL: "https://api.crazyrouter.com",\n});\n'),
    expect: 'POST /v1/responses',
    wrongExpect: notFound('POST /responses'),
    run: sdk('ai-sdk-openai.mjs'),
  },
  {
    id: 'sdk-ai-openai-env',
    client: 'ai + @ai-sdk/openai',
    pkg: '@ai-sdk/openai',
    setting: 'env `OPENAI_BASE_URL`, `openai.chat()`',
    src: fx('fixtures/dotenv/bad/shapes', '.env', 'OPENAI_BASE_URL'),
    expect: 'POST /v1/chat/completions',
    wrongExpect: notFound('POST /chat/completions'),
    run: sdk('ai-sdk-openai.mjs', { envVar: 'OPENAI_BASE_URL', args: ['--api', 'chat'] }),
    facts: [{ file: 'rules/env.toml', variable: 'OPENAI_BASE_URL', claim: '@ai-sdk/openai reads it with shape v1' }],
  },
  {
    id: 'sdk-ai-openai-compatible',
    client: 'ai + @ai-sdk/openai-compatible',
    pkg: '@ai-sdk/openai-compatible',
    setting: '`createOpenAICompatible({ baseURL })`',
    src: synth(
      'src/ai.ts',
      'baseURL',
      'import { createOpenAICompatible } from "@ai-sdk/openai-compatible";\n\nexport const crazyrouter = createOpenAICompatible({\n  name: "crazyrouter",\n  apiKey: process.env.CRAZYROUTER_API_KEY,\n  baseURL: "https://api.crazyrouter.com",\n});\n',
    ),
    expect: 'POST /v1/chat/completions',
    wrongExpect: notFound('POST /chat/completions'),
    run: sdk('ai-sdk-openai-compatible.mjs'),
  },
  {
    id: 'sdk-ai-anthropic',
    client: 'ai + @ai-sdk/anthropic',
    pkg: '@ai-sdk/anthropic',
    setting: '`createAnthropic({ baseURL })`',
    src: fx('fixtures/sdk-source/bad/typescript', 'src/ai.ts', 'baseURL', 1),
    expect: 'POST /v1/messages',
    wrongExpect: notFound('POST /messages'),
    run: sdk('ai-sdk-anthropic.mjs'),
  },
  {
    id: 'sdk-ai-anthropic-env',
    client: 'ai + @ai-sdk/anthropic',
    pkg: '@ai-sdk/anthropic',
    setting: 'env `ANTHROPIC_BASE_URL` from the same `.env` Claude Code reads',
    src: fx('fixtures/dotenv/bad/shapes', '.env', 'ANTHROPIC_BASE_URL'),
    // conventions.md §3/§4: this reader wants V1 from the same variable, so the
    // value crlint writes for ANTHROPIC_BASE_URL (root) is predicted to fail here.
    conv: '§3/§4: `@ai-sdk/anthropic` reads `ANTHROPIC_BASE_URL` as V1, the opposite of Claude Code',
    conflict: 'conventions.md §3–4: `@ai-sdk/anthropic` wants V1 from the variable Claude Code wants as ROOT (CR405)',
    expect: 'POST /v1/messages',
    wrongExpect: { route: 'POST /v1/messages', status: 200, worksNote: true },
    run: sdk('ai-sdk-anthropic.mjs', { envVar: 'ANTHROPIC_BASE_URL' }),
    facts: [
      {
        file: 'rules/env.toml',
        variable: 'ANTHROPIC_BASE_URL',
        claim: '`@ai-sdk/anthropic (wants V1)` reads it: root → /messages 404, /v1 → /v1/messages',
        check: (r, w) => r.path.startsWith('/messages') && w?.path.startsWith('/v1/messages'),
      },
    ],
  },
  {
    id: 'sdk-ai-google',
    client: 'ai + @ai-sdk/google',
    pkg: '@ai-sdk/google',
    setting: '`createGoogleGenerativeAI({ baseURL })`',
    src: fx('fixtures/sdk-source/bad/typescript', 'src/ai.ts', 'baseURL', 2),
    model: 'gemini-2.5-flash',
    expect: 'POST /v1beta/models/{m}:generateContent',
    wrongExpect: notFound('POST /models/{m}:generateContent'),
    run: sdk('ai-sdk-google.mjs'),
  },
  // The Python SDKs (the pins of tests/conformance/requirements.txt, which
  // tests/conformance_python.rs runs shape by shape): the values crlint writes.
  {
    id: 'sdk-py-openai',
    client: 'openai (Python)',
    pkg: 'py:openai',
    setting: '`OpenAI(base_url=…)` (`chat.completions.create`)',
    src: fx('fixtures/sdk-source/bad/python', 'app/llm.py', 'base_url', 1),
    expect: 'POST /v1/chat/completions',
    wrongExpect: notFound('POST /chat/completions'),
    run: pySdk('openai_chat.py'),
    facts: [{ file: 'rules/clients/sdk-source.toml', path: '**.OpenAI.base_url', claim: 'shape v1: /v1 → POST /v1/chat/completions, root → /chat/completions 404' }],
  },
  {
    id: 'sdk-py-openai-env',
    client: 'openai (Python)',
    pkg: 'py:openai',
    setting: 'env `OPENAI_BASE_URL` + `OPENAI_API_KEY` (`chat.completions.create`)',
    src: fx('fixtures/dotenv/bad/shapes', '.env', 'OPENAI_BASE_URL'),
    expect: 'POST /v1/chat/completions',
    wrongExpect: notFound('POST /chat/completions'),
    run: pySdk('openai_chat.py', { envVar: 'OPENAI_BASE_URL', keyVar: 'OPENAI_API_KEY' }),
    facts: [
      { file: 'rules/env.toml', variable: 'OPENAI_BASE_URL', claim: 'openai (Python) reads it with shape v1' },
      { file: 'rules/env.toml', variable: 'OPENAI_API_KEY', claim: 'openai (Python) reads it, Bearer', check: (r) => r.auth.includes('bearer') && r.key === 'expected' },
    ],
  },
  {
    id: 'sdk-py-anthropic',
    client: 'anthropic (Python)',
    pkg: 'py:anthropic',
    setting: '`Anthropic(base_url=…)` (`messages.create`)',
    src: fx('fixtures/sdk-source/bad/python', 'app/llm.py', 'base_url', 2),
    expect: 'POST /v1/messages',
    wrongExpect: notFound('POST /v1/v1/messages'),
    run: pySdk('anthropic_messages.py'),
    facts: [{ file: 'rules/clients/sdk-source.toml', path: '**.Anthropic.base_url', claim: 'shape root: root → POST /v1/messages, /v1 → /v1/v1/messages 404' }],
  },
  {
    id: 'sdk-py-anthropic-env',
    client: 'anthropic (Python)',
    pkg: 'py:anthropic',
    setting: 'env `ANTHROPIC_BASE_URL` + `ANTHROPIC_API_KEY` (`messages.create`)',
    src: fx('fixtures/dotenv/bad/shapes', '.env', 'ANTHROPIC_BASE_URL'),
    expect: 'POST /v1/messages',
    wrongExpect: notFound('POST /v1/v1/messages'),
    run: pySdk('anthropic_messages.py', { envVar: 'ANTHROPIC_BASE_URL', keyVar: 'ANTHROPIC_API_KEY' }),
    facts: [
      { file: 'rules/env.toml', variable: 'ANTHROPIC_BASE_URL', claim: 'anthropic (Python) reads it with shape root' },
      { file: 'rules/env.toml', variable: 'ANTHROPIC_API_KEY', claim: 'anthropic (Python) reads it and sends it as Authorization: Bearer (not x-api-key)', check: (r) => r.auth.includes('bearer') && !r.auth.includes('x-api-key') && r.key === 'expected' },
    ],
  },
  {
    id: 'sdk-py-google-genai',
    client: 'google-genai (Python)',
    pkg: 'py:google-genai',
    setting: '`genai.Client(http_options=types.HttpOptions(base_url=…, api_version="v1beta"))` (`models.generate_content`)',
    src: fx('fixtures/sdk-source/bad/python', 'app/llm.py', 'base_url', 3),
    model: 'gemini-2.5-flash',
    expect: 'POST /v1beta/models/{m}:generateContent',
    wrongExpect: notFound('POST /v1beta/v1beta/models/{m}:generateContent'),
    run: pySdk('google_genai.py', { args: ['--api-version', 'v1beta'] }),
    facts: [{ file: 'rules/clients/sdk-source.toml', path: '**.Client.http_options.HttpOptions.base_url', claim: 'shape root: root with api_version v1beta → POST /v1beta/models/{m}:generateContent, /v1beta → /v1beta/v1beta/… 404' }],
  },
  {
    id: 'sdk-py-google-genai-env',
    client: 'google-genai (Python)',
    pkg: 'py:google-genai',
    setting: 'env `GOOGLE_GEMINI_BASE_URL` + `GEMINI_API_KEY` (`models.generate_content`, default API version)',
    src: fx('fixtures/dotenv/bad/shapes', '.env', 'GOOGLE_GEMINI_BASE_URL'),
    model: 'gemini-2.5-flash',
    expect: 'POST /v1beta/models/{m}:generateContent',
    wrongExpect: notFound('POST /v1beta/v1/models/{m}:generateContent'),
    run: pySdk('google_genai.py', { envVar: 'GOOGLE_GEMINI_BASE_URL', keyVar: 'GEMINI_API_KEY' }),
    facts: [
      {
        file: 'rules/env.toml',
        variable: 'GOOGLE_GEMINI_BASE_URL',
        claim: 'google-genai (Python) reads it with shape root',
        check: (r, w) => r.status === 200 && w?.status === 404,
        note: 'the route is the undocumented alias `/v1/models/{m}:generateContent` (default API version `v1`); `GOOGLE_GENAI_API_VERSION=v1beta` reaches the documented route',
      },
      { file: 'rules/env.toml', variable: 'GEMINI_API_KEY', claim: 'google-genai (Python) reads it, sent as x-goog-api-key', check: (r) => r.auth.includes('x-goog-api-key') && r.key === 'expected' },
    ],
  },
  ...PROBES,
  // Layouts: the values are layouts the client asks for, not crlint's; crlint reports
  // the legacy layout (`wantCodes`) without a fix.
  {
    id: 'continue-gemini-apibase',
    noRule: true,
    client: 'Continue CLI',
    pkg: '@continuedev/cli',
    setting: '`models[].apiBase` with `provider: gemini` (`/v1beta`) vs the same config plus env `GOOGLE_GEMINI_BASE_URL` (root)',
    valueLabel: 'apiBase …/v1beta + GOOGLE_GEMINI_BASE_URL=https://api.crazyrouter.com',
    wrongValueLabel: '`apiBase: https://api.crazyrouter.com/v1beta` alone',
    wrongFile: ['.continue/config.yaml', continueYaml('gemini', 'gemini-2.5-flash', 'https://api.crazyrouter.com/v1beta')],
    model: 'gemini-2.5-flash',
    conv: '§3 Continue: `provider: gemini` → U (rules/clients/continue.toml: shape v1beta)',
    expect: 'POST /v1beta/models/{m}:streamGenerateContent',
    wrongExpect: { noRequest: true, output: /fetch failed/, newFinding: true },
    run: continueGemini(),
  },
  {
    id: 'codex-profile-table',
    noRule: true,
    client: 'OpenAI Codex CLI',
    pkg: '@openai/codex',
    setting: 'profile model under `--profile fast`: `~/.codex/fast.config.toml` vs `[profiles.fast]` in `config.toml`',
    valueLabel: 'model = "gpt-5-mini" in ~/.codex/fast.config.toml',
    wrongValueLabel: '`[profiles.fast]` in `config.toml`',
    wrongFile: ['.codex/config.toml', 'model = "gpt-5-codex"\nmodel_provider = "cr"\n\n[model_providers.cr]\nname = "Crazyrouter"\nbase_url = "https://api.crazyrouter.com/v1"\nenv_key = "CRAZYROUTER_API_KEY"\n\n[profiles.fast]\nmodel = "gpt-5-mini"\nmodel_provider = "cr"\n'],
    conv: '§3 Codex: `[profiles.<p>]` (in config.toml) among the key / model settings',
    expect: 'POST /v1/responses',
    wrongExpect: { noRequest: true, output: /--profile `fast` cannot be used while .*contains legacy/, newFinding: true },
    wantCodes: ['CR406'],
    run: codexProfile({ selector: false }),
  },
  {
    id: 'codex-profile-selector',
    noRule: true,
    client: 'OpenAI Codex CLI',
    pkg: '@openai/codex',
    setting: 'top-level `profile = "fast"` + `[profiles.fast]` vs `--profile fast` + `~/.codex/fast.config.toml`',
    valueLabel: '--profile fast, model = "gpt-5-mini" in ~/.codex/fast.config.toml',
    wrongValueLabel: '`profile = "fast"` in `config.toml`',
    wrongFile: ['.codex/config.toml', 'profile = "fast"\nmodel = "gpt-5-codex"\nmodel_provider = "cr"\n\n[model_providers.cr]\nname = "Crazyrouter"\nbase_url = "https://api.crazyrouter.com/v1"\nenv_key = "CRAZYROUTER_API_KEY"\n\n[profiles.fast]\nmodel = "gpt-5-mini"\nmodel_provider = "cr"\n'],
    conv: '§3 Codex: profiles selected from config.toml',
    expect: 'POST /v1/responses',
    wrongExpect: { noRequest: true, output: /legacy `profile = "fast"` config is no longer supported/, newFinding: true },
    wantCodes: ['CR406'],
    run: codexProfile({ selector: true }),
  },
  // What `crlint setup` writes, run as written (see “Configs written by crlint setup”).
  ...[
    ['claude-code', 'Claude Code', '@anthropic-ai/claude-code', 'claude-sonnet-4-5', 'POST /v1/messages', 'claude', ['-p', PROMPT], { ...claudeEnv, CRAZYROUTER_API_KEY: KEY }, '`claude -p`, `CRAZYROUTER_API_KEY` set'],
    ['codex', 'Codex', '@openai/codex', 'gpt-5-codex', 'POST /v1/responses', 'codex', ['exec', '--skip-git-repo-check', PROMPT], { CRAZYROUTER_API_KEY: KEY }, '`codex exec`, `CRAZYROUTER_API_KEY` set'],
    ['gemini-cli', 'Gemini CLI', '@google/gemini-cli', 'gemini-2.5-flash', 'POST /v1beta/models/{m}:streamGenerateContent', 'gemini', ['-p', PROMPT], { GEMINI_API_KEY: KEY, GEMINI_CLI_TRUST_WORKSPACE: 'true' }, '`gemini -p`, `GEMINI_API_KEY` set (setup says it must be)'],
    ['qwen-code', 'Qwen Code', '@qwen-code/qwen-code', 'gpt-4o-mini', 'POST /v1/chat/completions', 'qwen', ['-p', PROMPT], { CRAZYROUTER_API_KEY: KEY }, '`qwen -p`, `CRAZYROUTER_API_KEY` set'],
    ['opencode', 'OpenCode', 'opencode-ai', 'gpt-4o-mini', 'POST /v1/chat/completions', 'opencode', ['run', PROMPT], { ...opencodeEnv, CRAZYROUTER_API_KEY: KEY }, '`opencode run`, `CRAZYROUTER_API_KEY` set'],
    ['crush', 'Crush', '@charmland/crush', 'gpt-4o-mini', 'POST /v1/chat/completions', () => CRUSH, ['run', '--quiet', PROMPT], { ...crushEnv, CRAZYROUTER_API_KEY: KEY }, '`crush run`, `CRAZYROUTER_API_KEY` set', { missing: CRUSH_MISSING }],
    // The key only where setup put it: `~/.continue/.env` (not in the environment).
    ['continue', 'Continue CLI', '@continuedev/cli', 'gpt-4o-mini', 'POST /v1/chat/completions', 'cn', ['-p', PROMPT], continueEnv, '`cn -p`, no key in the environment (setup wrote it to `~/.continue/.env`)'],
    ['aider', 'Aider (Python)', 'py:aider-chat', 'gpt-4o-mini', 'POST /v1/chat/completions', aiderBin, aiderArgs, { ...aiderEnv, OPENAI_API_KEY: KEY }, '`aider --message …`, `OPENAI_API_KEY` set (setup says Aider reads its key only from there)'],
  ].map(([setup, client, pkg, model, expect, bin, args, env, setting, extra = {}]) => ({
    id: `setup-${setup}`,
    client,
    pkg,
    setting,
    setup,
    model,
    expect,
    ...extra,
    // The client's own command and nothing else: the config is what setup wrote.
    run: () => ({ cmd: typeof bin === 'function' ? bin() : path.join(BIN, bin), args, env }),
  })),
];

// What crlint says about a legacy layout (the codes it must give: `wantCodes`).
function crlintOnLayout(kase) {
  if (!CRLINT_BIN) return { error: 'crlint was not built' };
  const tmp = fs.mkdtempSync(path.join(WORK, `crlint-${kase.id}-`));
  write(path.join(tmp, kase.wrongFile[0]), kase.wrongFile[1]);
  const check = crlint(['check', '--output-format', 'concise', '--exit-zero', '.'], tmp);
  const codes = [...new Set([...check.stdout.matchAll(/^.+?:\d+:\d+: (CR\d{3}) /gm)].map((m) => m[1]))];
  return { codes, file: kase.wrongFile[0] };
}

// ---------------------------------------------------------------- running

async function startRecorder(dir, name, extra = [], limitS = RUN_TIMEOUT_S) {
  const log = path.join(dir, `${name}.jsonl`);
  const portFile = path.join(dir, `${name}.port`);
  const child = spawn(process.execPath, [path.join(HERE, 'recorder.mjs'), '--log', log, '--port-file', portFile, '--max-requests', '100', '--max-seconds', String(limitS + 20), '--key', KEY, '--text', TEXT, ...extra], { stdio: 'ignore' });
  const readPort = () => (fs.existsSync(portFile) ? fs.readFileSync(portFile, 'utf8').trim() : '');
  for (let i = 0; i < 200 && !/^\d+$/.test(readPort()); i++) await new Promise((r) => setTimeout(r, 50));
  const port = readPort();
  if (!/^\d+$/.test(port)) throw new Error(`recorder did not start (port file ${portFile})`);
  return {
    base: `http://127.0.0.1:${port}`,
    stop: () => {
      child.kill('SIGTERM');
      return new Promise((r) => (child.exitCode !== null ? r() : child.on('exit', r)));
    },
    requests: () =>
      fs.existsSync(log)
        ? fs
            .readFileSync(log, 'utf8')
            .split('\n')
            .filter(Boolean)
            .map((l) => ({ ...JSON.parse(l), server: name }))
        : [],
  };
}

// Runs one command in its own process group; kills the group after the timeout.
function runCommand({ cmd, args, env, cwd, timeoutS = RUN_TIMEOUT_S }) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(cmd, args, { env, cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    let timedOut = false;
    const kill = (sig) => {
      try {
        process.kill(-child.pid, sig);
      } catch {}
    };
    const t1 = setTimeout(() => {
      timedOut = true;
      kill('SIGTERM');
    }, timeoutS * 1000);
    const t2 = setTimeout(() => kill('SIGKILL'), (timeoutS + 5) * 1000);
    child.on('error', (e) => {
      out += `spawn error: ${e.message}`;
    });
    child.on('close', (code, signal) => {
      clearTimeout(t1);
      clearTimeout(t2);
      kill('SIGKILL'); // anything the client left behind in its group
      resolve({ code, signal, timedOut, out, seconds: (Date.now() - started) / 1000 });
    });
  });
}

// One run; a run that timed out before making any request is tried once more
// (and says so under Details).
async function runOnce(kase, value, wrong, tag) {
  const first = await runAttempt(kase, value, wrong, tag);
  if (!(first.timedOut && first.requests.length === 0)) return first;
  const second = await runAttempt(kase, value, wrong, `${tag}-retry`);
  return { ...second, retried: true };
}

async function runAttempt(kase, value, wrong, tag) {
  const dir = path.join(WORK, `${kase.id}-${tag}`);
  fs.rmSync(dir, { recursive: true, force: true });
  const home = path.join(dir, 'home');
  const proj = path.join(dir, 'proj');
  const tmp = path.join(dir, 'tmp');
  for (const d of [home, proj, tmp]) fs.mkdirSync(d, { recursive: true });
  // The run's time limit: RUN_TIMEOUT_S, or the case's (or probe variant's) own `timeoutS`.
  const limit = (kase.probe ? wrong?.timeoutS : null) ?? kase.timeoutS ?? RUN_TIMEOUT_S;
  const api = await startRecorder(dir, 'api', [], limit);
  const web = await startRecorder(dir, 'console', ['--console'], limit);
  const setup = kase.setup ? crlintSetup(kase, home, proj, api.base, web.base) : null;
  const mapped = kase.setup || kase.notUrl || value === null || value === undefined ? value : toLoopback(value, api.base, web.base);
  // A probe's variant rides in `wrong` (runOnce's third argument); its `values` (gateway
  // URLs, like a case's value) are mapped to the recorders the same way.
  const values = kase.probe ? Object.fromEntries(Object.entries(wrong?.values ?? {}).map(([k, v]) => [k, toLoopback(v, api.base, web.base)])) : {};
  const spec = kase.run({ base: api.base, consoleBase: web.base, value: mapped, values, home, proj, wrong: kase.probe ? false : wrong, variant: kase.probe ? wrong : undefined });
  const proxy = api.base;
  const env = {
    PATH: `${path.dirname(process.execPath)}:${BIN}:/usr/local/bin:/usr/bin:/bin`,
    HOME: home,
    TMPDIR: tmp,
    USER: process.env.USER ?? 'root',
    LOGNAME: process.env.LOGNAME ?? 'root',
    LANG: 'C.UTF-8',
    TERM: 'dumb',
    NO_COLOR: '1',
    CI: '1',
    // Anything that honours a proxy reaches the recorder, which logs the target and refuses.
    HTTP_PROXY: proxy,
    HTTPS_PROXY: proxy,
    http_proxy: proxy,
    https_proxy: proxy,
    NO_PROXY: '127.0.0.1,localhost',
    no_proxy: '127.0.0.1,localhost',
    NODE_USE_ENV_PROXY: '1',
    ...spec.env,
  };
  const result = await runCommand({ cmd: spec.cmd, args: spec.args, env, cwd: proj, timeoutS: limit });
  await Promise.all([api.stop(), web.stop()]);
  const requests = [...api.requests(), ...web.requests()].sort((a, b) => a.t - b.t || a.n - b.n);
  fs.writeFileSync(path.join(dir, 'output.txt'), result.out);
  return { mapped, value, requests, setup, ...result };
}

// The first chat request: the first POST that stayed on loopback, else the first request.
function primary(requests) {
  const local = requests.filter((r) => r.route !== 'external');
  const r = local.find((x) => x.method === 'POST') ?? local[0];
  if (!r) return null;
  return { ...r, path: r.path, pathOnly: r.path.split('?')[0] };
}

const fill = (route, kase) => route.replaceAll('{m}', kase.model ?? '');

function judgeFixed(kase, run) {
  const p = primary(run.requests);
  const replied = run.out.includes(TEXT);
  if (!p) return { verdict: 'FAIL', why: 'no request', p, replied };
  const want = fill(kase.expect, kase);
  const got = `${p.method} ${p.pathOnly}`;
  if (p.server !== 'api') return { verdict: 'FAIL', why: `reached the ${p.server} server`, p, replied };
  if (got === want && p.status === 200) {
    if (kase.conflict) return { verdict: 'pass', why: 'conflict predicted a failure, the client succeeded', p, replied };
    return { verdict: 'pass', p, replied };
  }
  if (p.route === 'alias') return { verdict: 'alias', why: `served by the gateway but not in its endpoint table (wanted \`${want}\`)`, p, replied };
  if (kase.conflict) return { verdict: 'FAIL (predicted)', why: kase.conflict, p, replied };
  return { verdict: 'FAIL', why: `wanted \`${want}\``, p, replied };
}

// A config `crlint setup` wrote: it must have written it (exit 0), and the client
// must reach its route with the key from the variable the config names.
function judgeSetup(kase, run) {
  if (run.setup.code !== 0 || !run.setup.files.length) return { verdict: 'FAIL', why: `\`${run.setup.command}\` exited ${run.setup.code} and wrote ${run.setup.files.length} file(s)`, p: primary(run.requests), replied: false };
  const j = judgeFixed(kase, run);
  if (j.verdict === 'pass' && j.p.key !== 'expected') return { ...j, verdict: 'FAIL', why: `the key did not arrive (${j.p.auth.join(',') || 'no auth header'})` };
  return j;
}

function judgeWrong(kase, run) {
  const w = kase.wrongExpect;
  const p = primary(run.requests);
  const replied = run.out.includes(TEXT);
  if (w.noRequest) {
    const ok = !p && w.output.test(run.out);

    return { verdict: ok ? 'pass' : 'FAIL', why: ok ? null : `wanted no request and output matching ${w.output}`, p, replied };
  }
  if (w.console) {
    const toConsole = run.requests.filter((q) => q.server === 'console');
    const apiOk = run.requests.some((q) => q.server === 'api' && q.status === 200);
    const ok = toConsole.length > 0 && !apiOk && !replied;
    const cp = toConsole.find((q) => q.method === 'POST') ?? toConsole[0];
    const p2 = cp ? { ...cp, pathOnly: cp.path.split('?')[0] } : p;
    return { verdict: ok ? 'pass' : 'FAIL', why: ok ? null : 'wanted requests to the console only, and no completed turn', p: p2, replied };
  }
  if (!p) return { verdict: 'FAIL', why: 'no request', p, replied };
  const want = fill(w.route, kase);
  const got = `${p.method} ${p.pathOnly}`;
  const ok = got === want && p.status === w.status;
  if (ok && w.worksNote) return { verdict: 'works', why: 'the value conventions.md calls wrong for the variable is what this reader needs', p, replied };
  if (ok && w.alias) return { verdict: 'alias', why: 'served by the gateway’s undocumented alias; crlint moves it to the documented route', p, replied };
  if (ok && w.contradicts) return { verdict: 'works', why: `contradicts ${w.contradicts}`, p, replied, contradicts: true };
  return { verdict: ok ? 'pass' : 'FAIL', why: ok ? null : `wanted \`${want}\` → ${w.status}`, p, replied };
}

// A probe variant's expectation: `route` (+ `status`), `noRequest` (+ `output`, a
// regex the client's output must match), or `external` (a regex of the host the
// client asked the proxy for instead of the recorder: it did not read the value).
function judgeExpect(kase, run, e) {
  const p = primary(run.requests);
  const replied = run.out.includes(TEXT);
  if (e.external) {
    const ext = run.requests.filter((q) => q.route === 'external' && e.external.test(q.path));
    const api = run.requests.filter((q) => q.server === 'api' && q.route !== 'external');
    const ok = ext.length > 0 && api.length === 0;
    const x = ext[0];
    return { verdict: ok ? 'pass' : 'FAIL', why: ok ? null : `wanted a request for ${e.external} through the proxy and none to the recorder`, p: p ?? (x ? { ...x, pathOnly: x.path } : null), replied };
  }
  if (e.noRequest) {
    const ok = !p && (!e.output || e.output.test(run.out));
    return { verdict: ok ? 'pass' : 'FAIL', why: ok ? null : `wanted no request${e.output ? ` and output matching ${e.output}` : ''}`, p, replied };
  }
  if (!p) return { verdict: 'FAIL', why: 'no request', p, replied };
  const want = fill(e.route, kase);
  const ok = `${p.method} ${p.pathOnly}` === want && p.status === e.status && p.server === 'api' && (!e.check || e.check(p, run));
  return { verdict: ok ? 'pass' : 'FAIL', why: ok ? null : `wanted \`${want}\` → ${e.status}${e.checkLabel ? ` (${e.checkLabel})` : ''}`, p, replied };
}

// The value crlint wrote plus `/` must reach the same route (no rule says this
// client breaks on a trailing slash; CR106 would report it if one did).
// Whether crlint reports CR106 for the value `--fix` wrote with a `/` appended,
// asked of crlint on the fixed copy (the line edited, then put back): the slash
// run must break exactly where it does. `null` (taken as “no CR106”) when the
// value is not on the case's line (it was read from another file).
function crlintSaysSlashBreaks(kase, cr, value) {
  if (!cr.dir || kase.src.read) return null;
  const at = readAt(cr.dir, kase.src.file, kase.src.key, kase.src.nth); // --fix may have moved it
  const abs = path.join(cr.dir, kase.src.file);
  const text = fs.readFileSync(abs, 'utf8');
  const lines = text.split('\n');
  if (!at || !lines[at.lineNo - 1]?.includes(value)) return null;
  lines[at.lineNo - 1] = lines[at.lineNo - 1].replace(value, `${value}/`);
  fs.writeFileSync(abs, lines.join('\n'));
  const check = crlint(['check', '--output-format', 'concise', '--exit-zero', '.'], cr.dir);
  fs.writeFileSync(abs, text);
  return check.stdout.split('\n').some((l) => l.startsWith(`./${kase.src.file}:${at.lineNo}:`) && l.includes(' CR106 '));
}

function judgeSlash(kase, jf, run, crlintBreaks) {
  const p = primary(run.requests);
  const replied = run.out.includes(TEXT);
  const same = p && p.server === 'api' && p.pathOnly === jf.p.pathOnly && p.status === 200;
  // A full endpoint used as written keeps its slash: the gateway's table has no such path.
  if (!same && kase.slashVerbatim && p?.server === 'api' && p.pathOnly === `${jf.p.pathOnly}/`) {
    return { verdict: 'posted as written', why: `the gateway’s answer to \`${p.pathOnly}\` is not known here; the recorder serves only the documented table`, p, replied };
  }
  // Where crlint reports CR106 for the value plus `/`, the client must break on it;
  // elsewhere the `/` must be harmless.
  if (crlintBreaks) {
    return same
      ? { verdict: 'harmless', why: 'crlint reports CR106 for it (`slash_breaks`), the client trims the `/`', p, replied, unexpected: true }
      : { verdict: 'breaks, as CR106 says', p, replied };
  }
  return same
    ? { verdict: 'harmless', p, replied }
    : { verdict: 'breaks', why: `wanted \`${jf.p.method} ${jf.p.pathOnly}\` 200 as without the slash, and crlint reports no CR106 for it`, p, replied, unexpected: true };
}

// Temporary paths of a run, as a reader would write them.
function tidy(text) {
  return text.replace(new RegExp(`${escapeRe(WORK)}/[^/\\s]+/home`, 'g'), '~').replaceAll(WORK, '$WORK');
}

function clientMessage(out) {
  out = tidy(out);
  const noise = /UNDICI-EHPA|trace-warnings|256-color|Ripgrep|ripgrep|STARTUP|PATH aliases|bubblewrap|Model metadata|deprecated|retired|successfully stopped|Reconnecting\.\.\.|critical error occurred:\[object Object\]|^\s*$|^\[0m|^> build|raw\.githubusercontent\.com\/BerriAI\/litellm|model_prices_and_context_window/;
  const lines = out
    .replace(/\x1b\[[0-9;]*m/g, '')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => !noise.test(l));
  // The last error-like line: clients that retry print the final outcome last.
  const err = lines.findLast((l) => /error|invalid|not found|404|no longer supported|unexpected|failed|issue|empty response/i.test(l));
  return (err ?? lines.at(-1) ?? '').slice(0, 220);
}

// ---------------------------------------------------------------- rules/ marks

// Every [[header]] block of a TOML file: its key, mark, source and raw text.
function tomlEntries(file, header, keyName) {
  const text = fs.readFileSync(path.join(REPO, file), 'utf8');
  const out = [];
  for (const block of text.split(`[[${header}]]`).slice(1)) {
    const key = block.match(new RegExp(`^${keyName}\\s*=\\s*(?:"([^"]+)"|'([^']+)')`, 'm'));
    const mark = block.match(/^mark\s*=\s*"([^"]+)"/m)?.[1];
    const source = block.match(/^source\s*=\s*"((?:[^"\\]|\\.)*)"/m)?.[1];
    if (key) out.push({ key: key[1] ?? key[2], mark, source, block });
  }
  return out;
}

function currentFact(f) {
  try {
    const entries = f.variable ? tomlEntries(f.file, 'variables', 'name') : tomlEntries(f.file, 'settings', 'path');
    const want = f.variable ?? f.path;
    return entries.find((e) => e.key === want && (!f.contains || e.block.includes(f.contains))) ?? null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------- main

const md = (s) => String(s ?? '').replaceAll('|', '\\|');

async function main() {
  const started = Date.now();
  const rows = [];
  const notRunnable = [];
  for (const kase of CASES) {
    if (ONLY && !ONLY.test(kase.id)) continue;
    const version = pkgVersion(kase.pkg);
    const spec0 = kase.run({ base: 'http://127.0.0.1:1', value: 'http://127.0.0.1:1', home: path.join(WORK, 'probe-home'), proj: path.join(WORK, 'probe-proj'), wrong: false });
    if (!version || !spec0.cmd || !fs.existsSync(spec0.cmd) || (spec0.cmd !== process.execPath && !isRunnable(spec0.cmd))) {
      const py = pyOf(kase.pkg.slice(3));
      const why = kase.pkg.startsWith('py:')
        ? `the ${py?.name ?? kase.pkg} venv is not available (${py?.note ?? 'unknown'})`
        : !version
          ? INSTALL_FAILURES[kase.pkg]
            ? `${kase.pkg} cannot be installed: ${INSTALL_FAILURES[kase.pkg]}`
            : `${kase.pkg} is not installed (npm ci failed for it)`
          : kase.missing && (!spec0.cmd || !fs.existsSync(spec0.cmd))
            ? kase.missing
            : `\`${path.basename(spec0.cmd)}\` does not run here`;
      // `missing`: a client whose package cannot bring its binary here (declared in
      // the case); it is reported but does not fail the run, unlike a failed install.
      notRunnable.push({ kase, version, reason: why, declared: why === kase.missing });
      continue;
    }
    if (kase.probe) {
      const probes = [];
      for (const v of kase.variants) {
        const run = await runOnce(kase, v.value ?? null, v, `probe-${v.key}`);
        probes.push({ v, run, j: judgeExpect(kase, run, v.expect) });
        const j = probes.at(-1).j;
        console.error(`${`${kase.id}/${v.key}`.padEnd(34)} ${''.padEnd(12)} probe: ${j.verdict}${j.p ? ` ${j.p.method} ${j.p.path} ${j.p.status}` : ''}`);
      }
      rows.push({ kase, version, probes, jf: { verdict: probes.every((x) => x.j.verdict === 'pass') ? 'pass' : 'FAIL' }, cr: {} });
      continue;
    }
    if (kase.setup) {
      const fixed = await runOnce(kase, null, false, 'setup');
      rows.push({ kase, version, fixed, jf: judgeSetup(kase, fixed), cr: {} });
      console.error(`${kase.id.padEnd(34)} ${''.padEnd(12)} setup: ${rows.at(-1).jf.verdict}${rows.at(-1).jf.p ? ` ${rows.at(-1).jf.p.method} ${rows.at(-1).jf.p.path} ${rows.at(-1).jf.p.status}` : ''}`);
      continue;
    }
    let cr;
    let value;
    let wrong;
    if (kase.noRule) {
      cr = crlintOnLayout(kase);
      value = kase.valueLabel;
      wrong = kase.wrongValueLabel;
    } else {
      cr = crlintFix(kase);
      value = entryOf(kase, cr.value);
      wrong = entryOf(kase, cr.wrong);
    }
    let fixed = null;
    let jf;
    if (!kase.noRule && cr.error) {
      jf = { verdict: 'FAIL', why: cr.error, p: null, replied: false };
    } else {
      fixed = await runOnce(kase, value, false, 'fixed');
      jf = judgeFixed(kase, fixed);
    }
    let wrongRun = null;
    let jw = null;
    if (kase.wrongExpect && wrong !== null && wrong !== undefined) {
      wrongRun = await runOnce(kase, wrong, true, 'wrong');
      jw = judgeWrong(kase, wrongRun);
      const missing = (kase.wantCodes ?? []).filter((c) => !cr.codes?.includes(c));
      if (missing.length) jw = { ...jw, verdict: 'FAIL', why: `crlint check does not report ${missing.join(', ')} on it` };
    }
    // The value crlint wrote plus a trailing `/`: does this client break on it (CR106)?
    let slashRun = null;
    let js = null;
    if (!kase.noRule && !kase.notUrl && !kase.noSlashProbe && jf.verdict === 'pass' && !value.endsWith('/')) {
      slashRun = await runOnce(kase, `${value}/`, false, 'slash');
      js = judgeSlash(kase, jf, slashRun, crlintSaysSlashBreaks(kase, cr, value));
    }
    rows.push({ kase, version, value, wrong, cr, fixed, jf, wrongRun, jw, slashRun, js });
    const line = (j) => (j ? `${j.verdict}${j.p ? ` ${j.p.method} ${j.p.path} ${j.p.status}` : ''}` : '-');
    console.error(`${kase.id.padEnd(34)} ${(cr.codes ?? []).join(',').padEnd(12)} fixed: ${line(jf).padEnd(72)} wrong: ${line(jw).padEnd(72)}${js ? ` slash: ${line(js)}` : ''}`);
  }
  const seconds = (Date.now() - started) / 1000;
  fs.writeFileSync(OUT, render(rows, notRunnable, seconds));
  if (RESULTS) fs.writeFileSync(RESULTS, JSON.stringify(results(rows, notRunnable, seconds), null, 1) + '\n');
  const fails = rows.filter((r) => r.jf.verdict === 'FAIL' || r.jw?.verdict === 'FAIL' || r.js?.unexpected);
  for (const r of fails.filter((x) => x.kase.probe)) for (const x of r.probes.filter((y) => y.j.verdict === 'FAIL')) console.error(`unexpected: ${r.kase.id}/${x.v.key}: ${x.j.why}`);
  for (const r of fails.filter((x) => !x.kase.probe)) console.error(`unexpected: ${r.kase.id}: ${r.jf.verdict === 'FAIL' ? `crlint value: ${r.jf.why}` : ''}${r.jw?.verdict === 'FAIL' ? ` wrong value: ${r.jw.why}` : ''}${r.js?.unexpected ? ` trailing slash: ${r.js.why}` : ''}`);
  const declared = notRunnable.filter((n) => n.declared).length;
  console.error(`${rows.length} cases in ${seconds.toFixed(0)} s; ${fails.length} with an unexpected result; ${notRunnable.length} not runnable${declared ? ` (${declared} as declared: no binary to be had here)` : ''}; wrote ${path.relative(REPO, OUT)}`);
  process.exitCode = fails.length || notRunnable.some((n) => !n.declared) ? 1 : 0;
}

// One entry of a list value (`a;b`) when the case names one (`entry`, 0-based):
// each entry is a connection of its own, run and judged on its own.
function entryOf(kase, value) {
  if (kase.entry === undefined || value === null || value === undefined) return value;
  return value.split(kase.separator ?? ';')[kase.entry] ?? null;
}

function isRunnable(cmd) {
  const r = spawnSync(cmd, ['--version'], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, PATH: `${path.dirname(process.execPath)}:${process.env.PATH}` } });
  return r.status === 0;
}

const reqLine = (p) => (p ? `\`${p.method} ${p.path}\` ${p.status}${p.server === 'console' ? ' (console, HTML)' : ''}` : 'no request');
const codesOf = (r) => (r.kase.noRule ? (r.cr.codes?.length ? r.cr.codes.join(', ') : 'none') : r.cr.codes?.length ? r.cr.codes.join(', ') : '—');

function render(rows, notRunnable, seconds) {
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const out = [];
  const p = (s = '') => out.push(s);
  const ruled = rows.filter((r) => !r.kase.noRule && !r.kase.setup && !r.kase.probe);
  const probes = rows.filter((r) => r.kase.probe);
  const layout = rows.filter((r) => r.kase.noRule);
  const setups = rows.filter((r) => r.kase.setup);
  p('# Real-client conformance');
  p();
  p('Generated by `scripts/conformance.sh` (do not edit by hand). Each client ran once per value,');
  p('headless, with a temporary `HOME`, against `tests/conformance/node/recorder.mjs` on 127.0.0.1,');
  p('which answers like the gateway and logs method, path and auth header. A second recorder stands');
  p('for the web console (`crazyrouter.com`, `www.`): it answers every request with a 200 HTML page.');
  p();
  p(`- Date: ${now}`);
  p(`- Node: ${process.version} (clients and SDKs); npm ${npmVersion()}; ${os.platform()} ${os.arch()}`);
  if (MODE === 'latest') {
    p('- Versions: **the newest release of each client** (`scripts/conformance.sh --latest`), installed in a scratch directory; not the pins');
    p(`- Clients installed by: ${process.env.INSTALL_NOTE ?? 'unknown'}`);
    for (const py of Object.values(PY)) p(`- ${py.name} (Python): ${py.note}`);
  } else {
    p(`- Clients installed by: ${process.env.INSTALL_NOTE ?? 'unknown'} (pins: \`tests/conformance/node/package.json\` + \`package-lock.json\`)`);
    for (const py of Object.values(PY)) p(`- ${py.name} (Python): ${py.note} (pins: \`${py.pins}\`)`);
  }
  p(`- Network: ${CONTAINMENT}`);
  p(`- crlint: ${CRLINT_BUILD}`);
  p(`- Run time of the cases: ${seconds.toFixed(0)} s (${rows.length} cases, per-run limit ${RUN_TIMEOUT_S} s)`);
  p();
  p('How to read: for each case a copy of a `fixtures/<client>/bad/<case>/` directory (or a file of');
  p('the client’s own shape written for the case, named under “Where each value came from”) was');
  p('checked with `crlint check --output-format concise` (“rule”: the code(s) the wrong value got) and');
  p('fixed with `crlint check --fix --unsafe-fixes --no-backup`; the value column is what `--fix` wrote,');
  p('read back from the fixed file (gateway host shown; the run used `http://127.0.0.1:PORT` with the');
  p('same path: `api.`/`cn.` → the API recorder, `crazyrouter.com`/`www.` → the console recorder). When');
  p('`--fix` leaves the wrong value unchanged the case FAILS. "Route" is the first chat request the client');
  p('made (the first POST; other requests are listed under Details). Verdict for the crlint value:');
  p('**pass** = the route the gateway’s endpoint table names for that client, answered 200; **alias** =');
  p('served by the gateway but not in its table. Verdict for the wrong value: **pass** = it fails the way');
  p('`shared/conventions.md` says (on the console host: the client got the HTML page and completed no');
  p('turn). "Reply" = the client printed the recorder’s answer (one turn completed).');
  p();
  p('| client | version | setting | rule | value written by crlint | route requested | reply | verdict | wrong value | route requested | verdict |');
  p('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of ruled) {
    const fr = r.fixed ? reqLine(r.jf.p) : '—';
    const wv = r.wrongRun ? `\`${r.wrong}\`` : '—';
    let wr = '—';
    if (r.wrongRun) wr = r.jw.p ? reqLine(r.jw.p) : `no request: ${md(clientMessage(r.wrongRun.out))}`;
    const vf = r.jf.why ? `${r.jf.verdict} (${md(r.jf.why)})` : r.jf.verdict;
    const vw = r.jw ? (r.jw.why ? `${r.jw.verdict} (${md(r.jw.why)})` : r.jw.verdict) : '—';
    p(`| ${r.kase.client} | ${r.version} | ${r.kase.setting} | ${codesOf(r)} | ${r.value ? `\`${r.value}\`` : '—'} | ${fr} | ${r.fixed ? (r.jf.replied ? 'yes' : 'no') : '—'} | **${vf}** | ${wv} | ${wr} | **${vw}** |`);
  }
  for (const n of notRunnable.filter((x) => !x.kase.noRule && !x.kase.setup && !x.kase.probe)) p(`| ${n.kase.client} | ${n.version ?? '—'} | ${n.kase.setting} | — | — | — | — | **not runnable here: ${n.declared ? 'no binary to be had (see “Not runnable here”)' : md(n.reason)}** | — | — | — |`);
  p();
  const counts = {};
  for (const r of ruled) for (const v of [r.jf.verdict, r.jw?.verdict].filter(Boolean)) counts[v] = (counts[v] ?? 0) + 1;
  p(`Totals over ${ruled.length} cases: ${Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(', ')}${notRunnable.length ? `; ${notRunnable.length} not runnable here` : ''}.`);
  p();
  if (layout.length) {
    p('## Client layouts (reported without a fix)');
    p();
    p('The values here are layouts the client itself asks for, not values crlint writes; “crlint” is what');
    p('`crlint check` reports on the legacy layout; a case FAILS when it lacks the code the case names.');
    p();
    p('| client | version | setting | layout that works | route requested | verdict | legacy layout | crlint | result | verdict |');
    p('|---|---|---|---|---|---|---|---|---|---|');
    for (const r of layout) {
      const wr = r.wrongRun ? (r.jw.p ? reqLine(r.jw.p) : `no request: ${md(clientMessage(r.wrongRun.out))}`) : '—';
      const vw = r.jw ? (r.jw.why ? `${r.jw.verdict} (${md(r.jw.why)})` : r.jw.verdict) : '—';
      p(`| ${r.kase.client} | ${r.version} | ${r.kase.setting} | \`${r.value}\` | ${reqLine(r.jf.p)} | **${r.jf.why ? `${r.jf.verdict} (${md(r.jf.why)})` : r.jf.verdict}** | ${r.kase.wrongValueLabel} | ${codesOf(r)} | ${wr} | **${vw}** |`);
    }
    p();
  }
  if (probes.length || notRunnable.some((n) => n.kase.probe)) {
    p('## Probes: settings crlint does not check yet');
    p();
    p('Each probe runs the real client with values written for it (not crlint’s: crlint has no rule for the setting');
    p('yet) and checks what the client requested against what the probe expects; they record facts for `rules/`');
    p('(listed under “Facts for rules/”) and become regular cases once crlint knows the setting. **pass** = the');
    p('client did what the expectation says (a route and status; no request and an error; or a request for its own');
    p('default host, refused by the proxy, where it does not read the value).');
    p();
    p('| client | version | setting | variant | route requested | reply | expected | verdict |');
    p('|---|---|---|---|---|---|---|---|');
    const exp = (e) => (e.external ? `its default host (${md(String(e.external))}), not the recorder` : e.noRequest ? `no request${e.output ? `, output ${md(String(e.output))}` : ''}` : `\`${e.route}\` ${e.status}${e.checkLabel ? ` (${e.checkLabel})` : ''}`);
    for (const r of probes) {
      for (const x of r.probes) {
        const got = x.j.p ? `${reqLine(x.j.p)}${x.j.p.auth?.length ? ` [${x.j.p.auth.join(',')}${x.j.p.key ? `, key ${x.j.p.key}` : ''}]` : ''}` : `no request: ${md(clientMessage(x.run.out))}`;
        p(`| ${r.kase.client} | ${r.version} | ${r.kase.setting} | ${x.v.label} | ${got} | ${x.j.replied ? 'yes' : 'no'} | ${fill(exp(x.v.expect), r.kase)} | **${x.j.why ? `${x.j.verdict} (${md(x.j.why)})` : x.j.verdict}** |`);
      }
    }
    for (const n of notRunnable.filter((x) => x.kase.probe)) p(`| ${n.kase.client} | ${n.version ?? '—'} | ${n.kase.setting} | — | — | — | — | **not runnable here: ${md(n.reason)}** |`);
    p();
  }
  if (setups.length || notRunnable.some((n) => n.kase.setup)) {
    p('## Configs written by `crlint setup`');
    p();
    p('`crlint setup CLIENT --offline --model M` ran with the run’s empty `HOME` (user scope) and');
    p('`CRAZYROUTER_API_KEY` set; the client then ran with exactly the files it wrote (gateway host →');
    p('the API recorder, path kept) and the key only in the environment variable the config names.');
    p('**pass** = the route the endpoint table names, answered 200, with the key from that variable.');
    p();
    p('| client | version | command | files written | run with | route requested | reply | verdict |');
    p('|---|---|---|---|---|---|---|---|');
    for (const r of setups) {
      const files = r.fixed.setup.files.map((f) => `\`~/${f}\``).join(', ') || '—';
      const key = r.jf.p ? ` [${r.jf.p.auth.join(',') || 'no auth'}${r.jf.p.key ? `, key ${r.jf.p.key}` : ''}]` : '';
      p(`| ${r.kase.client} | ${r.version} | \`${r.fixed.setup.command}\` | ${files} | ${r.kase.setting} | ${reqLine(r.jf.p)}${key} | ${r.jf.replied ? 'yes' : 'no'} | **${r.jf.why ? `${r.jf.verdict} (${md(r.jf.why)})` : r.jf.verdict}** |`);
    }
    for (const n of notRunnable.filter((x) => x.kase.setup)) p(`| ${n.kase.client} | ${n.version ?? '—'} | \`crlint setup ${n.kase.setup}\` | — | ${n.kase.setting} | — | — | **not runnable here: ${n.declared ? 'no binary to be had (see “Not runnable here”)' : md(n.reason)}** |`);
    p();
  }
  p('## Where each value came from');
  p();
  for (const r of ruled) {
    const f = r.cr.findings?.length ? `: ${r.cr.findings.map((x) => `“${md(tidy(x))}”`).join('; ')}` : ': no finding';
    p(`- ${r.kase.id}: ${r.cr.origin}, line ${r.cr.line ?? '?'}${f}${r.cr.error ? `; ${r.cr.error}` : ''}.`);
  }
  p();
  p('## Trailing slash');
  p();
  p('Each value `--fix` wrote that passed, run once more with a `/` appended; `crlint check` is asked');
  p('about the same value with the `/` on the fixed copy. **harmless** = the same route, 200, and crlint');
  p('reports nothing; **breaks, as CR106 says** = another route, and crlint reports CR106. Any other pairing');
  p('is an unexpected result.');
  p();
  p('| client | version | setting | value + `/` | route requested | result |');
  p('|---|---|---|---|---|---|');
  for (const r of ruled.filter((x) => x.slashRun)) {
    p(`| ${r.kase.client} | ${r.version} | ${r.kase.setting} | \`${r.value}/\` | ${reqLine(r.js.p)} | **${r.js.why ? `${r.js.verdict} (${md(r.js.why)})` : r.js.verdict}** |`);
  }
  const skipped = ruled.filter((x) => !x.slashRun && !x.kase.notUrl);
  if (skipped.length) p(`\nNot run with a slash: ${skipped.map((x) => `${x.kase.id} (${x.kase.noSlashProbe ?? (x.value?.endsWith('/') ? 'the value already ends in `/`' : `crlint value ${x.jf.verdict}`)})`).join('; ')}.`);
  p();
  p('## Rule coverage');
  p();
  p('A rule is covered by a case when the wrong value got its code, the value `--fix` wrote reached the');
  p('route the client needs (pass), and the wrong value failed as predicted (pass).');
  p();
  p('| rule | covered by (both verdicts pass) | also got the code |');
  p('|---|---|---|');
  for (const code of COVERAGE) {
    const withCode = ruled.filter((r) => r.cr.codes?.includes(code));
    const exercised = (r) => !r.kase.covers || r.kase.covers.includes(code);
    const covered = withCode.filter((r) => exercised(r) && r.jf.verdict === 'pass' && r.jw?.verdict === 'pass');
    const others = withCode.filter((r) => !covered.includes(r));
    const cov = covered.length ? covered.map((r) => `${r.kase.client}: ${r.kase.id}`).join('; ') : `**not covered**: ${notCovered(code, withCode, ruled)}`;
    const other = (r) => (exercised(r) ? `${r.kase.id} (${r.jf.verdict} / ${r.jw?.verdict ?? '—'}${r.jw?.why ? `: ${md(r.jw.why)}` : ''})` : `${r.kase.id} (its wrong run exercises ${r.kase.covers.join(', ')} only)`);
    p(`| ${code} | ${cov} | ${others.length ? others.map(other).join('; ') : '—'} |`);
  }
  p();
  p('## Details: every request of every run');
  p();
  p('`external` = a request for another host that reached the recorder through the proxy variables and was refused (403); `console` = answered by the console recorder (200, HTML).');
  p();
  for (const r of rows) {
    const runs = r.kase.probe ? r.probes.map((x) => [`probe ${x.v.key} (${x.v.label})`, x.run, x.j]) : [['crlint value', r.fixed, r.jf], ['wrong value', r.wrongRun, r.jw], ['crlint value + `/`', r.slashRun, r.js]];
    for (const [tag, run, j] of runs) {
      if (!run) continue;
      const reqs = run.requests.map((q) => `${q.method} ${q.path} → ${q.status}${q.route === 'external' ? ' (external)' : ''}${q.server === 'console' && q.route !== 'external' ? ' (console)' : ''}${q.upgrade ? ` (upgrade: ${q.upgrade})` : ''}${q.auth?.length ? ` [${q.auth.join(',')}${q.key ? `, key ${q.key}` : ''}]` : ''}${q.model ? ` model=${q.model}` : ''}`);
      p(`- **${r.kase.client}** ${r.kase.id}, ${run.setup ? `the config \`${run.setup.command}\` wrote` : r.kase.probe ? tag : `${tag} \`${run.value}\``} (exit ${run.timedOut ? 'timeout' : run.code ?? run.signal}, ${run.seconds.toFixed(1)} s${run.retried ? `; second attempt: the first timed out after ${RUN_TIMEOUT_S} s with no request` : ''}): ${reqs.length ? reqs.map((x) => `\`${md(x)}\``).join('; ') : 'no request'}${j && !j.replied ? `. Client said: “${md(clientMessage(run.out))}”` : ''}`);
    }
  }
  p();
  if (notRunnable.length) {
    p('## Not runnable here');
    p();
    const byReason = new Map();
    for (const n of notRunnable) {
      const k = `${n.kase.client} (${n.kase.pkg})\0${n.reason}`;
      byReason.set(k, [...(byReason.get(k) ?? []), n.kase.id]);
    }
    for (const [k, ids] of byReason) {
      const [who, reason] = k.split('\0');
      p(`- ${who}: ${reason} (${ids.join(', ')})`);
    }
    p();
  }
  p('## Against shared/conventions.md');
  p();
  const against = [];
  for (const r of rows) {
    if (r.kase.conv) {
      const agree = (r.jf.verdict === 'pass' || (r.kase.conflict && r.jf.verdict === 'FAIL (predicted)')) && !r.jw?.contradicts && (!r.kase.convCheck || r.kase.convCheck(r));
      const newer = !!r.kase.wrongExpect?.newFinding;
      const wgot = r.wrongRun ? (r.jw.p ? reqLine(r.jw.p) : `no request (“${md(clientMessage(r.wrongRun.out))}”)`) : null;
      const label = newer ? 'Not in conventions.md' : agree ? 'Confirmed' : 'Contradicted';
      const wl = r.kase.noRule ? r.kase.wrongValueLabel : `\`${r.wrong}\``;
      against.push(`- **${label}**: ${r.kase.conv}. ${r.kase.client} ${r.version}, ${r.kase.setting}: \`${r.value}\` → ${reqLine(r.jf.p)}${wgot ? `; ${wl} → ${wgot}` : ''}${r.kase.convCheck && r.js ? `; \`${r.value}/\` → ${reqLine(r.js.p)}` : ''}.`);
    }
  }
  for (const r of rows) if (r.kase.observe && r.fixed) against.push(`- **Observed**: ${r.kase.client} ${r.version}: ${r.kase.observe(r.jf.p, r.fixed.out, r.fixed.requests)}.`);
  const others = rows.filter((r) => !r.kase.conv && !r.kase.setup && !r.kase.probe && r.jf.verdict === 'pass' && (!r.jw || r.jw.verdict === 'pass'));
  against.push(`- **Confirmed** by the other ${others.length} cases (both verdicts pass): ${others.map((r) => r.kase.id).join(', ')}.`);
  for (const a of against) p(a);
  const ext = new Map();
  for (const r of rows) for (const run of r.kase.probe ? r.probes.map((x) => x.run) : [r.fixed, r.wrongRun, r.slashRun]) for (const q of run?.requests ?? []) if (q.route === 'external') ext.set(`${r.kase.client}: ${q.method} ${q.path}`, 1 + (ext.get(`${r.kase.client}: ${q.method} ${q.path}`) ?? 0));
  p();
  p(`Requests for other hosts (sent to the loopback proxy and refused; none left the machine): ${ext.size ? [...ext].map(([k, n]) => `${k} (${n}×)`).join('; ') : 'none'}.`);
  p();
  p('## Facts for rules/');
  p();
  p('The script never edits `rules/`; marks are set there by hand from this list. Each line: the fact (file, entry, mark now),');
  p('what the runs show, and the evidence (client version, value → request).');
  p();
  const seen = new Set();
  const proved = [];
  const contradicted = [];
  for (const r of rows) {
    for (const f of r.kase.facts ?? []) {
      const fp = r.jf.p;
      const wp = r.jw?.p;
      const ok = factOk(r, f);
      const cur = currentFact(f);
      const name = f.variable ? `[[variables]] ${f.variable}` : `[[settings]] ${f.path}${f.contains ? ` (the entry with ${f.contains})` : ''}`;
      const wl = r.kase.noRule ? r.kase.wrongValueLabel : `\`${r.wrong}\``;
      const ev = r.kase.probe
        ? `${r.kase.client} ${r.version} (probe ${r.kase.id}): ${f.variants
            .map((k) => r.probes.find((x) => x.v.key === k))
            .filter(Boolean)
            .map((x) => `${x.v.label} → ${x.j.p ? `${reqLine(x.j.p)}${x.j.p.auth?.length ? ` [${x.j.p.auth.join(',')}${x.j.p.key ? `, key ${x.j.p.key}` : ''}]` : ''}` : `no request (${md(clientMessage(x.run.out))})`}`)
            .join('; ')}`
        : `${r.kase.client} ${r.version}: \`${r.value}\` → ${fp ? `${reqLine(fp)} [${fp.auth.join(',')}${fp.key ? `, key ${fp.key}` : ''}]${fp.model ? ` model=${fp.model}` : ''}` : 'no request'}${r.wrongRun ? `; wrong ${wl} → ${wp ? reqLine(wp) : `no request (${md(clientMessage(r.wrongRun.out))})`}` : ''}${r.slashRun ? `; with \`/\` appended → ${reqLine(r.js.p)}` : ''}`;
      const entry = `\`${f.file}\` ${name} (${cur ? `mark ${cur.mark ?? '?'}` : 'not in rules/ yet'}): ${f.claim}. Evidence: R ${ev}${f.note ? `. Note: ${f.note}` : ''}`;
      const k = `${f.file}|${name}|${f.claim}|${r.kase.id}`;
      if (seen.has(k)) continue;
      seen.add(k);
      (ok ? proved : contradicted).push({ entry, cur });
    }
  }
  p('### Contradicted');
  p();
  if (!contradicted.length) p('- none of the facts these runs bear on.');
  for (const c of contradicted) p(`- ${c.entry}`);
  p();
  p('### Proved by a run (mark can be R, or stays R with the newer version)');
  p();
  for (const c of proved) p(`- ${c.cur?.mark === 'R' ? '(already R) ' : ''}${c.entry}`);
  p();
  p('### Not verified here');
  p();
  for (const l of UNVERIFIED) p(`- ${l}`);
  for (const r of ruled.filter((x) => x.js?.verdict === 'posted as written')) {
    p(`- \`rules/clients/claude-code-router.toml\` \`Providers[*].api_base_url\` has no \`slash_breaks\`: ${r.kase.client} ${r.version} posts \`${r.value}/\` as written (${reqLine(r.js.p)} on the recorder, ${r.kase.id}), a path outside the gateway’s table, and crlint reports nothing. Whether the gateway serves, redirects or refuses a path with a trailing \`/\` is not known here (U); if it refuses it, the entry wants \`slash_breaks = true\` (CR106 would then have a real client).`);
  }
  p();
  return out.join('\n');
}

// Whether a run proves the fact the case names (`check`, else both verdicts pass).
function factOk(r, f) {
  if (r.kase.probe) return f.variants.every((k) => r.probes.find((x) => x.v.key === k)?.j.verdict === 'pass');
  return f.check ? !!r.jf.p && !!f.check(r.jf.p, r.jw?.p, r.js?.p) : r.jf.verdict === 'pass' && (!r.jw || r.jw.verdict === 'pass');
}

// The results as data, for `drift.mjs report` (scripts/conformance.sh --latest
// compares a run on the pins with one on the newest versions). Per case and per run
// (crlint value, wrong value, value + `/`, or the config setup wrote): the first chat
// request (method, path without the query, status, which recorder, auth headers,
// whether the key arrived), whether the client printed the reply, and the verdict.
function results(rows, notRunnable, seconds) {
  const run = (run, j) => {
    if (!run || !j) return null;
    const p = j.p;
    return {
      verdict: j.verdict,
      route: p ? `${p.method} ${p.pathOnly}` : null,
      path: p?.path ?? null,
      status: p?.status ?? null,
      server: p?.server ?? null,
      auth: p ? [...p.auth].sort() : null,
      key: p?.key ?? null,
      replied: !!j.replied,
      why: j.why ?? null,
      exit: run.timedOut ? 'timeout' : (run.code ?? run.signal ?? null),
      said: j.replied ? null : clientMessage(run.out),
    };
  };
  const cases = rows.map((r) => ({
    id: r.kase.id,
    client: r.kase.client,
    pkg: r.kase.pkg,
    version: r.version,
    kind: r.kase.setup ? 'setup' : r.kase.noRule ? 'layout' : r.kase.probe ? 'probe' : 'value',
    setting: r.kase.setting,
    codes: r.cr?.codes ?? [],
    value: r.kase.setup ? null : (r.value ?? null),
    wrong: r.kase.setup ? null : (r.wrong ?? null),
    runs: r.kase.probe ? Object.fromEntries(r.probes.map((x) => [`probe:${x.v.key}`, { ...run(x.run, x.j), label: x.v.label }])) : { fixed: run(r.fixed, r.jf), wrong: run(r.wrongRun, r.jw), slash: run(r.slashRun, r.js) },
    facts: (r.kase.facts ?? []).map((f) => ({ file: f.file, entry: f.variable ?? f.path, contains: f.contains ?? null, claim: f.claim, ok: factOk(r, f) })),
  }));
  for (const n of notRunnable) cases.push({ id: n.kase.id, client: n.kase.client, pkg: n.kase.pkg, version: n.version ?? null, kind: n.kase.setup ? 'setup' : n.kase.noRule ? 'layout' : n.kase.probe ? 'probe' : 'value', setting: n.kase.setting, notRunnable: n.reason, declared: !!n.declared });
  return { date: new Date().toISOString(), mode: MODE, node: process.version, crlint: CRLINT_BUILD, seconds: Math.round(seconds), cases };
}

// Why a rule has no case that passed both ways (the cases that got its code are
// listed beside).
function notCovered(code, withCode, ruled) {
  if (code === 'CR106') {
    const works = withCode.filter((r) => r.jw?.verdict === 'works').map((r) => `${r.kase.client} ${r.version} requested ${reqLine(r.jw.p)} with \`${r.wrong}\``);
    const slash = ruled.filter((r) => r.js);
    const breaks = slash.filter((r) => r.js.verdict === 'breaks');
    return [
      breaks.length
        ? `a client broke on a trailing \`/\` without CR106 (${breaks.map((r) => r.kase.id).join(', ')}: see Trailing slash)`
        : slash.some((r) => r.js.verdict === 'posted as written')
          ? 'no client that installs here is shown to break on a trailing `/` of a base URL'
          : 'no client that installs here breaks on a trailing `/`',
      works.length ? `the one runnable here that crlint says does, ${works.join('; ')} (it trims the slash)` : null,
      slash.length ? `of the ${slash.length} other settings run with \`/\` appended, ${slash.filter((r) => r.js.verdict === 'harmless').length} reached the same route (Trailing slash)` : null,
      ...slash.filter((r) => r.js.verdict === 'posted as written').map((r) => `${r.kase.client} ${r.version} posts its full endpoint with the \`/\` as written (${reqLine(r.js.p)} here, ${r.kase.id}); crlint reports nothing there, and what the gateway answers for that path is not known here`),
      'Zed (the other client crlint names) is a desktop app with no headless mode and no package in the registries reached here',
      withCode.some((r) => r.kase.pkg === 'py:open-webui') ? null : `Open WebUI (\`OPENAI_API_BASE_URLS\`, the one runnable client whose entries break on it) did not run here (${OPEN_WEBUI_NOTE})`,
    ]
      .filter(Boolean)
      .join('; ');
  }
  if (!withCode.filter((r) => !r.kase.covers || r.kase.covers.includes(code)).length) return 'no case’s wrong value got this code';
  return 'no case that got this code passed both ways (see beside)';
}

// Facts in rules/ that the runs bear on but cannot prove here.
const UNVERIFIED = [
  '`rules/clients/zed.toml` `slash_breaks` on every `api_url` (S): Zed cannot be run here (desktop app).',
  '`rules/clients/claude-code-router.toml` “the 2026 rewrite changed keys (U)”: `@musistudio/claude-code-router` 3.1.1 (the latest) cannot be installed: its dependencies `@the-next-ai/ai-gateway` and `@the-next-ai/bot-gateway-sdk` are not in the npm registry (404); the runs use 2.0.0, the last installable version.',
];

function npmVersion() {
  const r = spawnSync('npm', ['--version'], { encoding: 'utf8' });
  return (r.stdout || '?').trim();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
