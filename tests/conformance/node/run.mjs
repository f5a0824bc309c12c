// Runs every Node conformance case and writes CONFORMANCE.md.
//
// For: scripts/conformance.sh, which installs the pinned clients, builds crlint
// and calls this inside a network namespace that has only a loopback
// interface. A case is (client, setting, the wrong value conventions.md warns
// about, the value crlint writes). For each value the client runs once,
// headless, with a temporary HOME, against a fresh recorder.mjs on
// 127.0.0.1; the first chat request it made is compared with the route the
// gateway's endpoint table names for that client.
//
// Not for: deciding facts by itself. Where a run disagrees with
// rules/clients/*.toml or rules/env.toml it is listed under "Facts for rules/"
// and nothing in rules/ is touched.
//
// Env: CRLINT_BIN (may be empty: values then come from the case table),
// CRLINT_BUILD (how the binary was built), CONTAINMENT (how traffic was kept on
// loopback), REPO (repo root), OUT (markdown path), WORK (scratch dir).

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
const CONTAINMENT = process.env.CONTAINMENT || 'unknown';
const NM = path.join(HERE, 'node_modules');
const BIN = path.join(NM, '.bin');
const RUN_TIMEOUT_S = Number(process.env.RUN_TIMEOUT_S ?? 60); // hard kill 5 s later
const ONLY = process.env.ONLY ? new RegExp(process.env.ONLY) : null;

// `sk-` + 48 of [0-9A-Za-z]: the gateway's key format. Same value as sdk/_common.mjs.
const KEY = 'sk-CrlintConformanceDummyKey00000000000000000000000';
const TEXT = 'CONFORMANCE_OK';
const PROMPT = 'Reply with one word.';
const INTL = 'https://api.crazyrouter.com';
const EAST = 'https://cn.crazyrouter.com';

// ---------------------------------------------------------------- helpers

function pkgVersion(pkg) {
  try {
    return JSON.parse(fs.readFileSync(path.join(NM, pkg, 'package.json'), 'utf8')).version;
  } catch {
    return null;
  }
}

function write(file, text) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

const toml = (s) => JSON.stringify(s); // a TOML basic string is a JSON string here

// The gateway host of a value → the recorder; everything after the host is kept.
function toLoopback(value, base) {
  return value.replace(/^https?:\/\/(api\.|cn\.|www\.)?crazyrouter\.com/, base);
}

// The value of `key` on a config line: JSON "key": "v", TOML key = "v", dotenv KEY=v.
function valueOnLine(line, key) {
  const i = line.indexOf(key);
  if (i < 0) return null;
  let rest = line.slice(i + key.length).replace(/^["']?\s*[:=]\s*/, '');
  const q = rest[0];
  if (q === '"' || q === "'") {
    const end = rest.indexOf(q, 1);
    return end > 0 ? rest.slice(1, end) : null;
  }
  return rest.split(/[\s#,]/)[0] || null;
}

function findLine(text, key) {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const re = new RegExp(`(^|["'\\s])${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']?\\s*[:=]`);
  const idx = lines.findIndex((l) => re.test(l) && !/^\s*#/.test(l));
  return idx < 0 ? null : { lineNo: idx + 1, line: lines[idx] };
}

// What crlint writes for `key` in a fixture file: --fix when the checkout has it,
// else the `help: use `…`` line of the default (text) report.
function crlintValue(fixtureFile, key) {
  const abs = path.join(REPO, fixtureFile);
  const original = fs.readFileSync(abs, 'utf8');
  const found = findLine(original, key);
  const wrong = found ? valueOnLine(found.line, key) : null;
  if (!CRLINT_BIN) return { wrong, value: null, how: 'crlint not built' };
  // The fixture case directory (fixtures/<client>/bad/<case>) copied whole, so
  // discovery sees the file where it expects it.
  const parts = fixtureFile.split('/');
  const caseDir = parts.slice(0, 4).join('/');
  const rel = parts.slice(4).join('/');
  const tmp = fs.mkdtempSync(path.join(WORK, 'crlint-'));
  fs.cpSync(path.join(REPO, caseDir), tmp, { recursive: true });
  const env = { ...process.env, NO_COLOR: '1' };
  const fix = spawnSync(CRLINT_BIN, ['check', '--fix', tmp], { env, encoding: 'utf8', timeout: 30_000 });
  const noFix = fix.status === 2 && /unexpected argument '--fix'|unrecognized|unexpected argument/.test(fix.stderr);
  if (!noFix && fix.status !== null && fix.status !== 2) {
    const fixed = fs.readFileSync(path.join(tmp, rel), 'utf8');
    const f = findLine(fixed, key);
    const value = f ? valueOnLine(f.line, key) : null;
    if (value && value !== wrong) return { wrong, value, how: 'crlint check --fix' };
  }
  const report = spawnSync(CRLINT_BIN, ['check', tmp], { env, encoding: 'utf8', timeout: 30_000 });
  let loc = null;
  const helps = [];
  for (const l of report.stdout.split('\n')) {
    const m = l.match(/╭─\[(.+):(\d+):(\d+)\]/);
    if (m) loc = { file: m[1], line: Number(m[2]) };
    const h = l.match(/help: use `(.+?)`/);
    if (h && loc) helps.push({ ...loc, help: h[1] });
  }
  const hit = found && helps.find((h) => h.line === found.lineNo && h.file.endsWith(rel));
  if (!hit) return { wrong, value: null, how: `crlint check: no finding on line ${found?.lineNo} (exit ${report.status})` };
  const value = hit.help.includes(key) ? valueOnLine(hit.help, key) : hit.help;
  return { wrong, value, how: noFix ? 'crlint check, `help: use` line (--fix not in this checkout)' : 'crlint check, `help: use` line' };
}

// ---------------------------------------------------------------- the cases

const claudeEnv = { DISABLE_TELEMETRY: '1', CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1', DISABLE_AUTOUPDATER: '1', DISABLE_ERROR_REPORTING: '1' };

function claude(settingsEnv, extra = {}) {
  return (ctx) => {
    write(path.join(ctx.proj, '.claude/settings.json'), JSON.stringify({ ...extra, env: settingsEnv(ctx) }, null, 2) + '\n');
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

function gemini({ selectedType = true } = {}) {
  return (ctx) => {
    const settings = {
      privacy: { usageStatisticsEnabled: false },
      telemetry: { enabled: false },
      general: { disableAutoUpdate: true, disableUpdateNag: true },
    };
    if (selectedType) settings.security = { auth: { selectedType: 'gemini-api-key' } };
    write(path.join(ctx.home, '.gemini/settings.json'), JSON.stringify(settings, null, 2) + '\n');
    write(path.join(ctx.proj, '.env'), `GOOGLE_GEMINI_BASE_URL=${ctx.value}\nGEMINI_API_KEY=${KEY}\n`);
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
    write(path.join(ctx.proj, '.env'), `OPENAI_BASE_URL=${ctx.value}\nOPENAI_API_KEY=${KEY}\nOPENAI_MODEL=gpt-4o-mini\n`);
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

// An SDK one-liner: the value goes to `--base` (option) or to an env variable.
function sdk(script, { envVar = null, args = [], env = {} } = {}) {
  return (ctx) => ({
    cmd: process.execPath,
    args: [path.join(HERE, 'sdk', script), ...(envVar ? [] : ['--base', ctx.value]), ...args],
    env: { ...env, ...(envVar ? { [envVar]: ctx.value } : {}) },
  });
}

const notFound = (route) => ({ route, status: 404 });

// Each case: client, pkg (for the version), setting, where the crlint value
// comes from (fixture + key, else `table` with the conventions.md value), the
// wrong value (from the fixture, or `wrongTable`), the expected route for the
// value crlint writes and what the wrong value must do, and the facts in
// rules/ the case bears on.
const CASES = [
  {
    id: 'claude-code-root',
    client: 'Claude Code',
    pkg: '@anthropic-ai/claude-code',
    setting: '`env.ANTHROPIC_BASE_URL` in `.claude/settings.json` (key: `env.ANTHROPIC_AUTH_TOKEN`)',
    fixture: ['fixtures/claude-code/bad/v1-suffix/.claude/settings.json', 'ANTHROPIC_BASE_URL'],
    table: INTL,
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
    fixture: ['fixtures/claude-code/bad/non-ascii/.claude/settings.json', 'ANTHROPIC_BASE_URL'],
    table: EAST,
    expect: 'POST /v1/messages',
    wrongExpect: notFound('POST /v1/v1/messages'),
    run: claude((c) => ({ ANTHROPIC_BASE_URL: c.value, ANTHROPIC_AUTH_TOKEN: KEY, ANTHROPIC_MODEL: 'claude-sonnet-4-5' })),
  },
  {
    id: 'claude-code-api-key',
    client: 'Claude Code',
    pkg: '@anthropic-ai/claude-code',
    setting: '`env.ANTHROPIC_API_KEY` + `model` in `.claude/settings.json` (auth header and model probe)',
    table: INTL,
    expect: 'POST /v1/messages',
    run: claude((c) => ({ ANTHROPIC_BASE_URL: c.value, ANTHROPIC_API_KEY: KEY }), { model: 'claude-opus-4-5' }),
    facts: [
      { file: 'rules/clients/claude-code.toml', path: 'env.ANTHROPIC_API_KEY', claim: 'sent as x-api-key', check: (r) => r.auth.includes('x-api-key') && r.key === 'expected' },
      { file: 'rules/clients/claude-code.toml', path: 'model', claim: 'names the model requested (`claude-opus-4-5`; the default is another model)', check: (r) => r.model === 'claude-opus-4-5' },
      { file: 'rules/env.toml', variable: 'ANTHROPIC_API_KEY', claim: 'Claude Code reads it (x-api-key)', check: (r) => r.auth.includes('x-api-key') && r.key === 'expected' },
    ],
  },
  {
    id: 'claude-code-legacy-model',
    client: 'Claude Code',
    pkg: '@anthropic-ai/claude-code',
    setting: '`model: "claude-opus-4-1"` (the model of `fixtures/claude-code/bad/console-http-doubled`), root base URL',
    table: INTL,
    expect: 'POST /v1/messages',
    run: claude((c) => ({ ANTHROPIC_BASE_URL: c.value, ANTHROPIC_AUTH_TOKEN: KEY }), { model: 'claude-opus-4-1' }),
    observe: (p, out) =>
      `\`model: "claude-opus-4-1"\` in settings → the request names \`${p?.model}\`${/remapped/.test(out) ? `; the client says: “${out.split('\n').find((l) => /remapped/.test(l)).replace(/^\W+/, '').trim()}”` : ''}`,
  },
  {
    id: 'codex-provider',
    client: 'OpenAI Codex CLI',
    pkg: '@openai/codex',
    setting: '`[model_providers.<id>] base_url` in `~/.codex/config.toml`',
    fixture: ['fixtures/codex/bad/root/.codex/config.toml', 'base_url'],
    table: `${INTL}/v1`,
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
    fixture: ['fixtures/codex/bad/doubled-literal/.codex/config.toml', 'base_url'],
    table: `${EAST}/v1`,
    expect: 'POST /v1/responses',
    wrongExpect: notFound('POST /v1/v1/responses'),
    run: codex(
      (c) => `model = "gpt-5-mini"\nmodel_provider = "cr"\n${codexCommon}\n[model_providers.cr]\nname = "Crazyrouter (East Asia)"\nbase_url = ${toml(c.value)}\nenv_key = "CRAZYROUTER_API_KEY"\n`,
    ),
  },
  {
    id: 'codex-profile-table',
    client: 'OpenAI Codex CLI',
    pkg: '@openai/codex',
    setting: 'profile model under `--profile fast`: `~/.codex/fast.config.toml` vs `[profiles.fast]` in `config.toml` (as in `fixtures/codex/bad/doubled-literal`)',
    table: 'model = "gpt-5-mini" in ~/.codex/fast.config.toml',
    tableNote: 'no crlint rule: the layout Codex 0.169.0’s own error message asks for',
    notUrl: true,
    wrongValueLabel: '`[profiles.fast]` in `config.toml`',
    conv: '§3 Codex: `[profiles.<p>]` (in config.toml) among the key / model settings',
    expect: 'POST /v1/responses',
    wrongExpect: { noRequest: true, output: /--profile `fast` cannot be used while .*contains legacy/, newFinding: true },
    run: codexProfile({ selector: false }),
    facts: [
      {
        file: 'rules/clients/codex.toml',
        path: 'profiles.*.model',
        claim: '`[profiles.<name>] model` in config.toml is the model under `--profile <name>`',
        check: (r, w) => w?.model === 'gpt-5-mini',
        note: 'Codex 0.169.0 refuses to load a config.toml holding `[profiles.<name>]` when run with `--profile <name>` and wants the settings in `$CODEX_HOME/<name>.config.toml`; without `--profile` the table is ignored (the top-level model is used)',
      },
    ],
  },
  {
    id: 'codex-profile-selector',
    client: 'OpenAI Codex CLI',
    pkg: '@openai/codex',
    setting: 'top-level `profile = "fast"` + `[profiles.fast]` vs `--profile fast` + `~/.codex/fast.config.toml`',
    table: '--profile fast, model = "gpt-5-mini" in ~/.codex/fast.config.toml',
    tableNote: 'no crlint rule: the layout Codex 0.169.0’s own error message asks for',
    notUrl: true,
    wrongValueLabel: '`profile = "fast"` in `config.toml`',
    conv: '§3 Codex: profiles selected from config.toml',
    expect: 'POST /v1/responses',
    wrongExpect: { noRequest: true, output: /legacy `profile = "fast"` config is no longer supported/, newFinding: true },
    run: codexProfile({ selector: true }),
  },
  {
    id: 'codex-wire-api',
    client: 'OpenAI Codex CLI',
    pkg: '@openai/codex',
    setting: '`[model_providers.<id>] wire_api`',
    fixture: ['fixtures/codex/bad/wire-chat/.codex/config.toml', 'wire_api'],
    table: 'responses',
    notUrl: true,
    expect: 'POST /v1/responses',
    wrongExpect: { noRequest: true, output: /wire_api = "chat"` is no longer supported/ },
    run: codex((c) => codexProvider(c, { baseUrl: c.base + '/v1', wire: c.value })),
    facts: [{ file: 'rules/clients/codex.toml', path: 'model_providers.*.wire_api', claim: '"chat" is a load error; "responses" loads' }],
  },
  {
    id: 'codex-openai-base-url',
    client: 'OpenAI Codex CLI',
    pkg: '@openai/codex',
    setting: 'top-level `openai_base_url` (built-in `openai` provider, key from `CODEX_API_KEY`)',
    fixture: ['fixtures/codex/bad/console/.codex/config.toml', 'openai_base_url'],
    table: `${INTL}/v1`,
    wrongTable: INTL,
    wrongNote: 'the fixture’s wrong value is the console host (`https://crazyrouter.com/v1`), a different server that a loopback run cannot stand for; the root shape is run instead',
    expect: 'POST /v1/responses',
    wrongExpect: notFound('POST /responses'),
    run: codex((c) => `openai_base_url = ${toml(c.value)}\nmodel = "gpt-5"\n${codexCommon}`, [], { CODEX_API_KEY: KEY }),
    observe: (p, out, requests) => {
      const ws = requests.filter((q) => q.method === 'GET' && /websocket/i.test(q.upgrade ?? '')).length;
      return `with \`openai_base_url\` (built-in \`openai\` provider) the client first tried \`GET ${p?.pathOnly}\` with \`Upgrade: websocket\` ${ws}× (404 here), then fell back to \`${p?.method} ${p?.pathOnly}\` (compare the \`[model_providers.<id>]\` runs under Details)`;
    },
    facts: [{ file: 'rules/clients/codex.toml', path: 'openai_base_url', claim: 'shape v1 (overrides the built-in openai provider)' }],
  },
  {
    id: 'gemini-cli',
    client: 'Gemini CLI',
    pkg: '@google/gemini-cli',
    setting: '`GOOGLE_GEMINI_BASE_URL` in project `.env` (+ `GEMINI_API_KEY`; settings `security.auth.selectedType = "gemini-api-key"`)',
    fixture: ['fixtures/dotenv/bad/shapes/.env', 'GOOGLE_GEMINI_BASE_URL'],
    table: INTL,
    model: 'gemini-2.5-flash',
    expect: 'POST /v1beta/models/{m}:streamGenerateContent',
    wrongExpect: notFound('POST /v1beta/v1beta/models/{m}:streamGenerateContent'),
    run: gemini(),
    facts: [
      { file: 'rules/env.toml', variable: 'GOOGLE_GEMINI_BASE_URL', claim: 'Gemini CLI reads it (from .env) with shape root' },
      { file: 'rules/env.toml', variable: 'GEMINI_API_KEY', claim: 'Gemini CLI reads it (from .env), sent as x-goog-api-key', check: (r) => r.auth.includes('x-goog-api-key') && r.key === 'expected' },
    ],
  },
  {
    id: 'gemini-cli-auth',
    client: 'Gemini CLI',
    pkg: '@google/gemini-cli',
    setting: '`security.auth.selectedType` in `~/.gemini/settings.json` (value crlint would write: no rule yet)',
    table: 'gemini-api-key',
    tableNote: 'no crlint rule or fixture: conventions.md §3',
    notUrl: true,
    wrongValueLabel: '(absent)',
    model: 'gemini-2.5-flash',
    expect: 'POST /v1beta/models/{m}:streamGenerateContent',
    wrongExpect: { noRequest: true, output: /Invalid auth method selected\./ },
    run: (ctx) => gemini({ selectedType: !ctx.wrong })({ ...ctx, value: ctx.base }),
  },
  ...[
    ['@ai-sdk/openai-compatible', 'gpt-4o-mini', `${INTL}/v1`, INTL, 'POST /v1/chat/completions', 'POST /chat/completions'],
    ['@ai-sdk/openai', 'gpt-4o-mini', `${INTL}/v1`, INTL, 'POST /v1/responses', 'POST /responses'],
    ['@ai-sdk/anthropic', 'claude-sonnet-4-5', `${INTL}/v1`, INTL, 'POST /v1/messages', 'POST /messages'],
    ['@ai-sdk/google', 'gemini-2.5-flash', `${INTL}/v1beta`, INTL, 'POST /v1beta/models/{m}:streamGenerateContent', 'POST /models/{m}:streamGenerateContent'],
  ].map(([npm, model, table, wrong, expect, wrongRoute]) => ({
    id: `opencode-${npm.replace(/\W+/g, '-')}`,
    client: 'OpenCode',
    pkg: 'opencode-ai',
    setting: `\`provider.<id>.options.baseURL\` in \`opencode.json\`, \`npm: "${npm}"\``,
    table,
    tableNote: 'no crlint rule or fixture for OpenCode yet: conventions.md §3',
    wrongTable: wrong,
    model,
    expect,
    wrongExpect: notFound(wrongRoute),
    run: opencode(npm, model),
  })),
  {
    id: 'qwen-openai-env',
    client: 'Qwen Code',
    pkg: '@qwen-code/qwen-code',
    setting: '`OPENAI_BASE_URL` in project `.env` (+ `OPENAI_API_KEY`, `OPENAI_MODEL`), `--auth-type openai`',
    fixture: ['fixtures/dotenv/bad/shapes/.env', 'OPENAI_BASE_URL'],
    table: `${INTL}/v1`,
    expect: 'POST /v1/chat/completions',
    wrongExpect: notFound('POST /chat/completions'),
    run: qwenOpenAI(),
    facts: [
      { file: 'rules/env.toml', variable: 'OPENAI_BASE_URL', claim: 'Qwen Code reads it (from .env) with shape v1' },
      { file: 'rules/env.toml', variable: 'OPENAI_API_KEY', claim: 'Qwen Code reads it (from .env), Bearer', check: (r) => r.auth.includes('bearer') && r.key === 'expected' },
    ],
  },
  {
    id: 'qwen-anthropic-provider',
    client: 'Qwen Code',
    pkg: '@qwen-code/qwen-code',
    setting: '`modelProviders.anthropic[].baseUrl` in `~/.qwen/settings.json`, `--auth-type anthropic`',
    table: INTL,
    tableNote: 'no crlint rule or fixture for Qwen Code yet: conventions.md §3',
    wrongTable: `${INTL}/v1`,
    expect: 'POST /v1/messages',
    wrongExpect: notFound('POST /v1/v1/messages'),
    run: qwenAnthropic(),
  },
  {
    id: 'sdk-openai-env',
    client: 'openai (Node)',
    pkg: 'openai',
    setting: 'env `OPENAI_BASE_URL` (`chat.completions.create`)',
    fixture: ['fixtures/dotenv/bad/shapes/.env', 'OPENAI_BASE_URL'],
    table: `${INTL}/v1`,
    expect: 'POST /v1/chat/completions',
    wrongExpect: notFound('POST /chat/completions'),
    run: sdk('openai.mjs', { envVar: 'OPENAI_BASE_URL' }),
    facts: [{ file: 'rules/env.toml', variable: 'OPENAI_BASE_URL', claim: 'openai (Node) reads it with shape v1' }],
  },
  {
    id: 'sdk-openai-responses',
    client: 'openai (Node)',
    pkg: 'openai',
    setting: '`baseURL` option (`responses.create`)',
    table: `${INTL}/v1`,
    tableNote: 'code, not a config file: conventions.md §3',
    wrongTable: INTL,
    expect: 'POST /v1/responses',
    wrongExpect: notFound('POST /responses'),
    run: sdk('openai.mjs', { args: ['--api', 'responses'] }),
  },
  {
    id: 'sdk-anthropic-env',
    client: '@anthropic-ai/sdk',
    pkg: '@anthropic-ai/sdk',
    setting: 'env `ANTHROPIC_BASE_URL` (`messages.create`)',
    fixture: ['fixtures/dotenv/bad/shapes/.env', 'ANTHROPIC_BASE_URL'],
    table: INTL,
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
    fixture: ['fixtures/dotenv/bad/shapes/.env', 'GOOGLE_GEMINI_BASE_URL'],
    table: INTL,
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
    fixture: ['fixtures/dotenv/bad/shapes/.env', 'GOOGLE_GEMINI_BASE_URL'],
    table: INTL,
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
    table: `${INTL}/v1`,
    tableNote: 'code, not a config file: conventions.md §3',
    wrongTable: INTL,
    expect: 'POST /v1/responses',
    wrongExpect: notFound('POST /responses'),
    run: sdk('ai-sdk-openai.mjs'),
  },
  {
    id: 'sdk-ai-openai-env',
    client: 'ai + @ai-sdk/openai',
    pkg: '@ai-sdk/openai',
    setting: 'env `OPENAI_BASE_URL`, `openai.chat()`',
    fixture: ['fixtures/dotenv/bad/shapes/.env', 'OPENAI_BASE_URL'],
    table: `${INTL}/v1`,
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
    table: `${INTL}/v1`,
    tableNote: 'code, not a config file: conventions.md §3',
    wrongTable: INTL,
    expect: 'POST /v1/chat/completions',
    wrongExpect: notFound('POST /chat/completions'),
    run: sdk('ai-sdk-openai-compatible.mjs'),
  },
  {
    id: 'sdk-ai-anthropic',
    client: 'ai + @ai-sdk/anthropic',
    pkg: '@ai-sdk/anthropic',
    setting: '`createAnthropic({ baseURL })`',
    table: `${INTL}/v1`,
    tableNote: 'code, not a config file: conventions.md §3',
    wrongTable: INTL,
    expect: 'POST /v1/messages',
    wrongExpect: notFound('POST /messages'),
    run: sdk('ai-sdk-anthropic.mjs'),
  },
  {
    id: 'sdk-ai-anthropic-env',
    client: 'ai + @ai-sdk/anthropic',
    pkg: '@ai-sdk/anthropic',
    setting: 'env `ANTHROPIC_BASE_URL` from the same `.env` Claude Code reads',
    fixture: ['fixtures/dotenv/bad/shapes/.env', 'ANTHROPIC_BASE_URL'],
    table: INTL,
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
    table: `${INTL}/v1beta`,
    tableNote: 'code, not a config file: conventions.md §3',
    wrongTable: INTL,
    model: 'gemini-2.5-flash',
    expect: 'POST /v1beta/models/{m}:generateContent',
    wrongExpect: notFound('POST /models/{m}:generateContent'),
    run: sdk('ai-sdk-google.mjs'),
  },
];

// ---------------------------------------------------------------- running

async function startRecorder(dir) {
  const log = path.join(dir, 'requests.jsonl');
  const portFile = path.join(dir, 'port');
  const child = spawn(process.execPath, [path.join(HERE, 'recorder.mjs'), '--log', log, '--port-file', portFile, '--max-requests', '100', '--max-seconds', String(RUN_TIMEOUT_S + 20), '--key', KEY, '--text', TEXT], { stdio: 'ignore' });
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
            .map((l) => JSON.parse(l))
        : [],
  };
}

// Runs one command in its own process group; kills the group after the timeout.
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
  const rec = await startRecorder(dir);
  const mapped = kase.notUrl ? value : toLoopback(value, rec.base);
  const spec = kase.run({ base: rec.base, value: mapped, home, proj, wrong });
  const proxy = rec.base;
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
  const result = await runCommand({ cmd: spec.cmd, args: spec.args, env, cwd: proj });
  await rec.stop();
  const requests = rec.requests();
  fs.writeFileSync(path.join(dir, 'output.txt'), result.out);
  return { mapped, value, requests, ...result };
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
  if (got === want && p.status === 200) {
    if (kase.conflict) return { verdict: 'pass', why: 'conflict predicted a failure, the client succeeded', p, replied };
    return { verdict: 'pass', p, replied };
  }
  if (p.route === 'alias') return { verdict: 'alias', why: `served by the gateway but not in its endpoint table (wanted \`${want}\`)`, p, replied };
  if (kase.conflict) return { verdict: 'FAIL (predicted)', why: kase.conflict, p, replied };
  return { verdict: 'FAIL', why: `wanted \`${want}\``, p, replied };
}

function judgeWrong(kase, run) {
  const w = kase.wrongExpect;
  const p = primary(run.requests);
  const replied = run.out.includes(TEXT);
  if (w.noRequest) {
    const ok = !p && w.output.test(run.out);
    if (ok && w.newFinding) return { verdict: 'fails', why: 'not in conventions.md: a new finding', p, replied };
    return { verdict: ok ? 'pass' : 'FAIL', why: ok ? null : `wanted no request and output matching ${w.output}`, p, replied };
  }
  if (!p) return { verdict: 'FAIL', why: 'no request', p, replied };
  const want = fill(w.route, kase);
  const got = `${p.method} ${p.pathOnly}`;
  const ok = got === want && p.status === w.status;
  if (ok && w.worksNote) return { verdict: 'works', why: 'the value conventions.md calls wrong for the variable is what this reader needs', p, replied };
  return { verdict: ok ? 'pass' : 'FAIL', why: ok ? null : `wanted \`${want}\` → ${w.status}`, p, replied };
}

// Temporary paths of a run, as a reader would write them.
function tidy(text) {
  return text.replace(new RegExp(`${WORK.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/[^/\\s]+/home`, 'g'), '~').replaceAll(WORK, '$WORK');
}

function clientMessage(out) {
  out = tidy(out);
  const noise = /UNDICI-EHPA|trace-warnings|256-color|Ripgrep|ripgrep|STARTUP|PATH aliases|bubblewrap|Model metadata|deprecated|retired|^\s*$|^\[0m|^> build/;
  const lines = out
    .replace(/\x1b\[[0-9;]*m/g, '')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => !noise.test(l));
  const err = lines.find((l) => /error|invalid|not found|404|no longer supported/i.test(l));
  return (err ?? lines.at(-1) ?? '').slice(0, 220);
}

// ---------------------------------------------------------------- rules/ marks

function tomlEntries(file, header, keyName) {
  const text = fs.readFileSync(path.join(REPO, file), 'utf8');
  const out = {};
  for (const block of text.split(`[[${header}]]`).slice(1)) {
    const key = block.match(new RegExp(`^${keyName}\\s*=\\s*"([^"]+)"`, 'm'))?.[1];
    const mark = block.match(/^mark\s*=\s*"([^"]+)"/m)?.[1];
    const source = block.match(/^source\s*=\s*"((?:[^"\\]|\\.)*)"/m)?.[1];
    if (key) out[key] = { mark, source };
  }
  return out;
}

function currentFact(f) {
  try {
    if (f.variable) return tomlEntries(f.file, 'variables', 'name')[f.variable] ?? null;
    return tomlEntries(f.file, 'settings', 'path')[f.path] ?? null;
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
    if (!version || !fs.existsSync(spec0.cmd) || (spec0.cmd !== process.execPath && !isRunnable(spec0.cmd))) {
      notRunnable.push({ kase, version, reason: !version ? `${kase.pkg} is not installed (npm ci failed for it)` : `\`${path.basename(spec0.cmd)}\` does not run here` });
      continue;
    }
    // The value crlint writes, and the wrong value.
    let value = kase.table;
    let wrong = kase.wrongTable ?? null;
    let how = kase.tableNote ?? 'conventions.md §3';
    if (kase.fixture) {
      const got = crlintValue(...kase.fixture);
      if (got.value) {
        value = got.value;
        how = `${got.how} on \`${kase.fixture[0]}\``;
      } else {
        how = `conventions.md §3 (${got.how} on \`${kase.fixture[0]}\`)`;
      }
      if (!kase.wrongTable) wrong = got.wrong;
    }
    const fixed = await runOnce(kase, value, false, 'fixed');
    const jf = judgeFixed(kase, fixed);
    let wrongRun = null;
    let jw = null;
    if (kase.wrongExpect && (wrong !== null || kase.wrongValueLabel)) {
      wrongRun = await runOnce(kase, wrong ?? value, true, 'wrong');
      jw = judgeWrong(kase, wrongRun);
    }
    rows.push({ kase, version, value, wrong, how, fixed, jf, wrongRun, jw });
    const line = (j) => (j ? `${j.verdict}${j.p ? ` ${j.p.method} ${j.p.path} ${j.p.status}` : ''}` : '-');
    console.error(`${kase.id.padEnd(40)} fixed: ${line(jf).padEnd(80)} wrong: ${line(jw)}`);
  }
  const seconds = (Date.now() - started) / 1000;
  fs.writeFileSync(OUT, render(rows, notRunnable, seconds));
  const fails = rows.filter((r) => r.jf.verdict === 'FAIL' || r.jw?.verdict === 'FAIL');
  console.error(`${rows.length} cases in ${seconds.toFixed(0)} s; ${fails.length} with an unexpected result; ${notRunnable.length} not runnable; wrote ${path.relative(REPO, OUT)}`);
  process.exitCode = fails.length ? 1 : 0;
}

function isRunnable(cmd) {
  const r = spawnSync(cmd, ['--version'], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, PATH: `${path.dirname(process.execPath)}:${process.env.PATH}` } });
  return r.status === 0;
}

function render(rows, notRunnable, seconds) {
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const out = [];
  const p = (s = '') => out.push(s);
  p('# Node real-client conformance');
  p();
  p('Generated by `scripts/conformance.sh` (do not edit by hand). Each client ran once per value,');
  p('headless, with a temporary `HOME`, against `tests/conformance/node/recorder.mjs` on 127.0.0.1,');
  p('which answers like the gateway and logs method, path and auth header.');
  p();
  p(`- Date: ${now}`);
  p(`- Node: ${process.version} (clients and SDKs); npm ${npmVersion()}; ${os.platform()} ${os.arch()}`);
  p(`- Clients installed by: ${process.env.INSTALL_NOTE ?? 'unknown'} (pins: \`tests/conformance/node/package.json\` + \`package-lock.json\`)`);
  p(`- Network: ${CONTAINMENT}`);
  p(`- crlint: ${CRLINT_BUILD}`);
  p(`- Run time of the cases: ${seconds.toFixed(0)} s (${rows.length} cases, per-run limit ${RUN_TIMEOUT_S} s)`);
  p();
  p('How to read: the value column is what crlint writes (gateway host shown; the run used');
  p('`http://127.0.0.1:PORT` with the same path). "Route" is the first chat request the client made');
  p('(the first POST; other requests are listed under Details). Verdict for the crlint value: **pass** =');
  p('the route the gateway’s endpoint table names for that client, answered 200; **alias** = served');
  p('by the gateway but not in its table. Verdict for the wrong value: **pass** = it fails the way');
  p('`shared/conventions.md` says. "Reply" = the client printed the recorder’s answer (one turn completed).');
  p();
  p('| client | version | setting | value written by crlint | route requested | reply | verdict | wrong value | route requested | verdict |');
  p('|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const fr = r.jf.p ? `\`${r.jf.p.method} ${r.jf.p.path}\` ${r.jf.p.status}` : 'no request';
    const wv = r.wrongRun ? (r.kase.wrongValueLabel ?? `\`${r.wrong}\``) : '—';
    let wr = '—';
    if (r.wrongRun) wr = r.jw.p ? `\`${r.jw.p.method} ${r.jw.p.path}\` ${r.jw.p.status}` : `no request: ${md(clientMessage(r.wrongRun.out))}`;
    const vf = r.jf.why ? `${r.jf.verdict} (${md(r.jf.why)})` : r.jf.verdict;
    const vw = r.jw ? (r.jw.why ? `${r.jw.verdict} (${md(r.jw.why)})` : r.jw.verdict) : '—';
    p(`| ${r.kase.client} | ${r.version} | ${r.kase.setting} | \`${r.value}\` | ${fr} | ${r.jf.replied ? 'yes' : 'no'} | **${vf}** | ${wv} | ${wr} | **${vw}** |`);
  }
  for (const n of notRunnable) p(`| ${n.kase.client} | ${n.version ?? '—'} | ${n.kase.setting} | — | — | — | **not runnable here: ${md(n.reason)}** | — | — | — |`);
  p();
  const counts = {};
  for (const r of rows) for (const v of [r.jf.verdict, r.jw?.verdict].filter(Boolean)) counts[v] = (counts[v] ?? 0) + 1;
  p(`Totals over ${rows.length} cases: ${Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(', ')}${notRunnable.length ? `; ${notRunnable.length} not runnable here` : ''}.`);
  p();
  p('## Where each crlint value came from');
  p();
  for (const r of rows) p(`- ${r.kase.client}, ${r.kase.setting}: ${r.how}${r.kase.wrongNote ? `; wrong value: ${r.kase.wrongNote}` : ''}.`);
  p();
  p('## Details: every request of every run');
  p();
  p('`external` = a request for another host that reached the recorder through the proxy variables and was refused (403).');
  p();
  for (const r of rows) {
    for (const [tag, run, j] of [['crlint value', r.fixed, r.jf], ['wrong value', r.wrongRun, r.jw]]) {
      if (!run) continue;
      const reqs = run.requests.map((q) => `${q.method} ${q.path} → ${q.status}${q.route === 'external' ? ' (external)' : ''}${q.upgrade ? ` (upgrade: ${q.upgrade})` : ''}${q.auth?.length ? ` [${q.auth.join(',')}${q.key ? `, key ${q.key}` : ''}]` : ''}${q.model ? ` model=${q.model}` : ''}`);
      p(`- **${r.kase.client}** ${r.kase.id}, ${tag} \`${run.value}\` (exit ${run.timedOut ? 'timeout' : run.code ?? run.signal}, ${run.seconds.toFixed(1)} s${run.retried ? `; second attempt: the first timed out after ${RUN_TIMEOUT_S} s with no request` : ''}): ${reqs.length ? reqs.map((x) => `\`${md(x)}\``).join('; ') : 'no request'}${j && !j.replied ? `. Client said: “${md(clientMessage(run.out))}”` : ''}`);
    }
  }
  p();
  if (notRunnable.length) {
    p('## Not runnable here');
    p();
    for (const n of notRunnable) p(`- ${n.kase.client} (${n.kase.pkg}): ${n.reason}`);
    p();
  }
  p('## Against shared/conventions.md');
  p();
  const against = [];
  for (const r of rows) {
    if (r.kase.conv) {
      const agree = r.jf.verdict === 'pass' || (r.kase.conflict && r.jf.verdict === 'FAIL (predicted)');
      const newer = r.jw?.verdict === 'fails';
      const fp = r.jf.p;
      const got = fp ? `\`${fp.method} ${fp.path}\` ${fp.status}` : 'no request';
      const wgot = r.wrongRun ? (r.jw.p ? `\`${r.jw.p.method} ${r.jw.p.path}\` ${r.jw.p.status}` : `no request (“${md(clientMessage(r.wrongRun.out))}”)`) : null;
      const label = newer ? 'Not in conventions.md' : agree ? 'Confirmed' : 'Contradicted';
      against.push(`- **${label}**: ${r.kase.conv}. ${r.kase.client} ${r.version}, ${r.kase.setting}: \`${r.value}\` → ${got}${wgot ? `; ${r.kase.wrongValueLabel ?? `\`${r.wrong}\``} → ${wgot}` : ''}.`);
    }
  }
  for (const r of rows) if (r.kase.observe) against.push(`- **Observed**: ${r.kase.client} ${r.version}: ${r.kase.observe(r.jf.p, r.fixed.out, r.fixed.requests)}.`);
  const others = rows.filter((r) => !r.kase.conv && r.jf.verdict === 'pass' && (!r.jw || r.jw.verdict === 'pass'));
  against.push(`- **Confirmed** by the other ${others.length} cases (both verdicts pass): ${others.map((r) => r.kase.id).join(', ')}.`);
  for (const a of against) p(a);
  const ext = new Map();
  for (const r of rows) for (const run of [r.fixed, r.wrongRun]) for (const q of run?.requests ?? []) if (q.route === 'external') ext.set(`${r.kase.client}: ${q.method} ${q.path}`, 1 + (ext.get(`${r.kase.client}: ${q.method} ${q.path}`) ?? 0));
  p();
  p(`Requests for other hosts (sent to the loopback proxy and refused; none left the machine): ${ext.size ? [...ext].map(([k, n]) => `${k} (${n}×)`).join('; ') : 'none'}.`);
  p();
  p('## Facts for rules/');
  p();
  p('Not applied: `rules/` is owned by someone else right now. Each line: the fact (file, entry, mark now),');
  p('what the runs show, and the evidence (client version, value → request).');
  p();
  const seen = new Set();
  const proved = [];
  const contradicted = [];
  for (const r of rows) {
    for (const f of r.kase.facts ?? []) {
      const fp = r.jf.p;
      const wp = r.jw?.p;
      const ok = f.check ? !!fp && f.check(fp, wp) : r.jf.verdict === 'pass' && (!r.jw || r.jw.verdict === 'pass');
      const cur = currentFact(f);
      const name = f.variable ? `[[variables]] ${f.variable}` : `[[settings]] ${f.path}`;
      const ev = `${r.kase.client} ${r.version}: \`${r.value}\` → ${fp ? `\`${fp.method} ${fp.path}\` ${fp.status} [${fp.auth.join(',')}${fp.key ? `, key ${fp.key}` : ''}]${fp.model ? ` model=${fp.model}` : ''}` : 'no request'}${r.wrongRun ? `; wrong ${r.kase.wrongValueLabel ?? `\`${r.wrong}\``} → ${wp ? `\`${wp.method} ${wp.path}\` ${wp.status}` : `no request (${md(clientMessage(r.wrongRun.out))})`}` : ''}`;
      const entry = `\`${f.file}\` ${name} (mark ${cur?.mark ?? '?'}): ${f.claim}. Evidence: R ${ev}${f.note ? `. Note: ${f.note}` : ''}`;
      const k = `${f.file}|${name}|${r.kase.id}`;
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
  return out.join('\n');
}

function npmVersion() {
  const r = spawnSync('npm', ['--version'], { encoding: 'utf8' });
  return (r.stdout || '?').trim();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
