// Tests of `drift.mjs report` (the comparison behind target/DRIFT.md), on results
// written here: no client runs, no registry. Run: `node --test drift.test.mjs`
// (scripts/conformance.sh --latest runs it before anything else).
import { spawnSync } from 'node:child_process';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'node:test';
import { fileURLToPath } from 'node:url';

const DRIFT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'drift.mjs');

const run = (verdict, route, status, extra = {}) => ({ verdict, route, path: route.split(' ')[1], status, server: 'api', auth: ['bearer'], key: 'expected', replied: status === 200, ...extra });

function results(mode, cases) {
  return { date: '2026-12-06T00:00:00.000Z', mode, node: 'v22.23.3', crlint: 'test build', seconds: 1, cases };
}

const valueCase = (version, wrongRun) => ({
  id: 'sdk-openai-env',
  client: 'openai (Node)',
  pkg: 'openai',
  version,
  kind: 'value',
  setting: 'env `OPENAI_BASE_URL`',
  value: 'https://api.crazyrouter.com/v1',
  wrong: 'https://api.crazyrouter.com',
  runs: { fixed: run('pass', 'POST /v1/chat/completions', 200), wrong: wrongRun, slash: null },
  facts: [{ file: 'rules/env.toml', entry: 'OPENAI_BASE_URL', contains: null, claim: 'shape v1', ok: wrongRun.verdict === 'pass' }],
});

const probeCase = (version, route, status) => ({
  id: 'probe-x',
  client: 'Qwen Code',
  pkg: '@qwen-code/qwen-code',
  version,
  kind: 'probe',
  setting: 'wireApi',
  runs: { 'probe:responses-root': { ...run(status === 200 ? 'pass' : 'FAIL', route, status), label: 'wireApi responses, root' } },
  facts: [],
});

const declared = { id: 'crush-openai-compat', client: 'Crush', pkg: '@charmland/crush', version: '0.96.1', kind: 'value', setting: 's', notRunnable: 'no binary', declared: true };

function versions(packages) {
  return { asked: '2026-12-06T00:00:00.000Z', packages, python: {} };
}
const pkg = (name, pinned, newest, more = {}) => ({ registry: 'npm', name, pinned, newest, error: null, installable: true, failure: null, venv: null, ...more });

function report(pinned, latest, vers) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drift-test-'));
  const f = (n, o) => (fs.writeFileSync(path.join(dir, n), JSON.stringify(o)), path.join(dir, n));
  const out = path.join(dir, 'DRIFT.md');
  const r = spawnSync(process.execPath, [DRIFT, 'report', '--pinned', f('p.json', pinned), '--latest', f('l.json', latest), '--versions', f('v.json', vers), '--out', out], { encoding: 'utf8' });
  const text = fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : '';
  fs.rmSync(dir, { recursive: true, force: true });
  return { code: r.status, text, stderr: r.stderr };
}

test('the same routes and verdicts on the newest releases: exit 0', () => {
  const wrong = run('pass', 'POST /chat/completions', 404);
  const r = report(
    results('pinned', [valueCase('7.57.0', wrong), probeCase('0.24.4', 'POST /v1/responses', 200), declared]),
    results('latest', [valueCase('7.60.0', wrong), probeCase('0.24.4', 'POST /v1/responses', 200), declared]),
    versions([pkg('openai', '7.57.0', '7.60.0'), pkg('@qwen-code/qwen-code', '0.24.4', '0.24.4'), pkg('@charmland/crush', '0.96.1', '0.96.1')]),
  );
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.text, /Result: the newest releases behave like the pins/);
  assert.match(r.text, /\| npm \| `openai` \| 7\.57\.0 \| 7\.60\.0 \| 7\.60\.0 \| 1 \| same \(1 case\) \|/);
  assert.match(r.text, /crush-openai-compat: not runnable in either run: no binary/);
});

test('a route that changed on the newest release: exit 1, the case and the fact listed', () => {
  const r = report(
    results('pinned', [valueCase('7.57.0', run('pass', 'POST /chat/completions', 404))]),
    results('latest', [valueCase('7.60.0', run('FAIL', 'POST /v1/chat/completions', 200))]),
    versions([pkg('openai', '7.57.0', '7.60.0')]),
  );
  assert.equal(r.code, 1);
  assert.match(r.text, /### sdk-openai-env \(openai \(Node\) 7\.57\.0 → 7\.60\.0\)/);
  assert.match(r.text, /wrong value \(`https:\/\/api\.crazyrouter\.com`\), differs in verdict, route, status, replied:/);
  assert.match(r.text, /pins: `\/chat\/completions` 404 .*\*\*pass\*\*/);
  assert.match(r.text, /newest: `\/v1\/chat\/completions` 200 .*\*\*FAIL\*\*/);
  assert.match(r.text, /fact `rules\/env.toml` OPENAI_BASE_URL: “shape v1” was proved on the pins, is \*\*not proved\*\* on the newest/);
});

test('a probe whose route changed counts as a difference', () => {
  const r = report(
    results('pinned', [probeCase('0.24.4', 'POST /v1/responses', 200)]),
    results('latest', [probeCase('0.25.0', 'POST /responses', 404)]),
    versions([pkg('@qwen-code/qwen-code', '0.24.4', '0.25.0')]),
  );
  assert.equal(r.code, 1);
  assert.match(r.text, /probe wireApi responses, root, differs in verdict, route, status, replied/);
});

test('a newest release that cannot be installed is reported as such, not as a pass: exit 1', () => {
  const pinnedCase = { ...valueCase('2.0.0', run('pass', 'POST /v1', 404)), id: 'ccr-openai', client: 'claude-code-router', pkg: '@musistudio/claude-code-router' };
  const latestCase = { id: 'ccr-openai', client: 'claude-code-router', pkg: '@musistudio/claude-code-router', version: null, kind: 'value', setting: 's', notRunnable: '@musistudio/claude-code-router cannot be installed: E404', declared: false };
  const r = report(
    results('pinned', [pinnedCase]),
    results('latest', [latestCase]),
    versions([pkg('@musistudio/claude-code-router', '2.0.0', '3.1.1', { installable: false, failure: '@musistudio/claude-code-router@3.1.1: code E404: 404 Not Found' })]),
  );
  assert.equal(r.code, 1);
  assert.match(r.text, /1 newest release\(s\) cannot be installed/);
  assert.match(r.text, /\*\*newest cannot be installed\*\*: @musistudio\/claude-code-router@3\.1\.1: code E404/);
  assert.match(r.text, /\*\*the newest release did not run\*\*: @musistudio\/claude-code-router cannot be installed: E404/);
  assert.doesNotMatch(r.text, /behave like the pins/);
});

test('a missing results file is a setup error: exit 2', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drift-test-'));
  const r = spawnSync(process.execPath, [DRIFT, 'report', '--pinned', path.join(dir, 'none.json'), '--latest', path.join(dir, 'none.json'), '--versions', path.join(dir, 'none.json'), '--out', path.join(dir, 'D.md')], { encoding: 'utf8' });
  fs.rmSync(dir, { recursive: true, force: true });
  assert.equal(r.status, 2);
});
