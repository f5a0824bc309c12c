// openai (Node): one chat.completions.create; base from --base or OPENAI_BASE_URL.
import OpenAI from 'openai';
import { DUMMY_KEY, arg, loopbackOrExit, run, version } from './_common.mjs';

const base = arg('base');
const report = { sdk: 'openai', version: version('openai') };
loopbackOrExit(report, base ?? process.env.OPENAI_BASE_URL);
const client = new OpenAI({ apiKey: DUMMY_KEY, maxRetries: 0, timeout: 20_000, ...(base ? { baseURL: base } : {}) });
await run(report, async () => {
  if (arg('api') === 'responses') {
    const r = await client.responses.create({ model: 'gpt-4o-mini', input: 'ping' });
    return r.output_text;
  }
  const r = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'ping' }] });
  return r.choices[0].message.content;
});
