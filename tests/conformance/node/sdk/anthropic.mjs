// @anthropic-ai/sdk: one messages.create; base from --base or ANTHROPIC_BASE_URL.
import Anthropic from '@anthropic-ai/sdk';
import { DUMMY_KEY, arg, loopbackOrExit, run, version } from './_common.mjs';

const base = arg('base');
const report = { sdk: '@anthropic-ai/sdk', version: version('@anthropic-ai/sdk') };
loopbackOrExit(report, base ?? process.env.ANTHROPIC_BASE_URL);
const client = new Anthropic({ apiKey: DUMMY_KEY, maxRetries: 0, timeout: 20_000, ...(base ? { baseURL: base } : {}) });
await run(report, async () => {
  const r = await client.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 16, messages: [{ role: 'user', content: 'ping' }] });
  return r.content[0].text;
});
