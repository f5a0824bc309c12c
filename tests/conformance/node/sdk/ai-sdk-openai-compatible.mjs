// ai + @ai-sdk/openai-compatible: one generateText; base from --base.
import { generateText } from 'ai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { DUMMY_KEY, arg, loopbackOrExit, run, version } from './_common.mjs';

const base = arg('base');
const report = { sdk: '@ai-sdk/openai-compatible', version: version('@ai-sdk/openai-compatible'), ai: version('ai') };
loopbackOrExit(report, base);
const cr = createOpenAICompatible({ name: 'crazyrouter', apiKey: DUMMY_KEY, baseURL: base });
await run(report, async () => (await generateText({ model: cr('gpt-4o-mini'), prompt: 'ping', maxRetries: 0 })).text);
