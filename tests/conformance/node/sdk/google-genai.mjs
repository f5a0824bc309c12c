// @google/genai: one models.generateContent; base from --base (httpOptions.baseUrl)
// or GOOGLE_GEMINI_BASE_URL.
import { GoogleGenAI } from '@google/genai';
import { DUMMY_KEY, arg, loopbackOrExit, run, version } from './_common.mjs';

const base = arg('base');
const report = { sdk: '@google/genai', version: version('@google/genai') };
loopbackOrExit(report, base ?? process.env.GOOGLE_GEMINI_BASE_URL);
const ai = new GoogleGenAI({ apiKey: DUMMY_KEY, httpOptions: { timeout: 20_000, ...(base ? { baseUrl: base } : {}) } });
await run(report, async () => {
  const r = await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'ping' });
  return r.text;
});
