// ai + @ai-sdk/openai: one generateText; base from --base (createOpenAI({baseURL}))
// or OPENAI_BASE_URL. `--api chat` uses openai.chat(); the default provider(model)
// is the Responses API.
import { generateText } from 'ai';
import { createOpenAI } from '@ai-sdk/openai';
import { DUMMY_KEY, arg, loopbackOrExit, run, version } from './_common.mjs';

const base = arg('base');
const report = { sdk: '@ai-sdk/openai', version: version('@ai-sdk/openai'), ai: version('ai') };
loopbackOrExit(report, base ?? process.env.OPENAI_BASE_URL);
const openai = createOpenAI({ apiKey: DUMMY_KEY, ...(base ? { baseURL: base } : {}) });
const model = arg('api') === 'chat' ? openai.chat('gpt-4o-mini') : openai('gpt-4o-mini');
await run(report, async () => (await generateText({ model, prompt: 'ping', maxRetries: 0 })).text);
