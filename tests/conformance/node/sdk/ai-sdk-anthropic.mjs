// ai + @ai-sdk/anthropic: one generateText; base from --base (createAnthropic({baseURL}))
// or ANTHROPIC_BASE_URL.
import { generateText } from 'ai';
import { createAnthropic } from '@ai-sdk/anthropic';
import { DUMMY_KEY, arg, loopbackOrExit, run, version } from './_common.mjs';

const base = arg('base');
const report = { sdk: '@ai-sdk/anthropic', version: version('@ai-sdk/anthropic'), ai: version('ai') };
loopbackOrExit(report, base ?? process.env.ANTHROPIC_BASE_URL);
const anthropic = createAnthropic({ apiKey: DUMMY_KEY, ...(base ? { baseURL: base } : {}) });
await run(report, async () => (await generateText({ model: anthropic('claude-sonnet-4-5'), prompt: 'ping', maxRetries: 0 })).text);
