// @anthropic-ai/sdk: one messages.create; base from --base or ANTHROPIC_BASE_URL.
// `--no-key`: no key in code, so the SDK resolves its own (ANTHROPIC_API_KEY,
// ANTHROPIC_AUTH_TOKEN, else the profile under ~/.config/anthropic/), and with it
// maybe a base URL; `--any-host` then lets it pick the host (only under run.mjs,
// whose proxy variables and network namespace keep every request on loopback).
import Anthropic from '@anthropic-ai/sdk';
import { DUMMY_KEY, arg, loopbackOrExit, run, version } from './_common.mjs';

const base = arg('base');
const report = { sdk: '@anthropic-ai/sdk', version: version('@anthropic-ai/sdk') };
if (!process.argv.includes('--any-host')) loopbackOrExit(report, base ?? process.env.ANTHROPIC_BASE_URL);
const key = process.argv.includes('--no-key') ? {} : { apiKey: DUMMY_KEY };
const client = new Anthropic({ ...key, maxRetries: 0, timeout: 20_000, ...(base ? { baseURL: base } : {}) });
await run(report, async () => {
  const r = await client.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 16, messages: [{ role: 'user', content: 'ping' }] });
  return r.content[0].text;
});
