// ai + @ai-sdk/google: one generateText; base from --base (createGoogleGenerativeAI({baseURL})).
import { generateText } from 'ai';
import { createGoogleGenerativeAI } from '@ai-sdk/google';
import { DUMMY_KEY, arg, loopbackOrExit, run, version } from './_common.mjs';

const base = arg('base');
const report = { sdk: '@ai-sdk/google', version: version('@ai-sdk/google'), ai: version('ai') };
loopbackOrExit(report, base);
const google = createGoogleGenerativeAI({ apiKey: DUMMY_KEY, baseURL: base });
await run(report, async () => (await generateText({ model: google('gemini-2.5-flash'), prompt: 'ping', maxRetries: 0 })).text);
