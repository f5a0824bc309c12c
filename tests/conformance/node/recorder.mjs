// A loopback stand-in for the Crazyrouter gateway that logs every request.
//
// For: scripts/conformance.sh, which points a real Node client (SDK or CLI) at
// http://127.0.0.1:PORT and then reads what the client asked for. Same routes
// and canned answers as tests/support/recorder.rs (JSON and SSE for
// /v1/chat/completions, /v1/messages, /v1/responses,
// /v1beta/models/{m}:generateContent|streamGenerateContent, GET /v1/models,
// 404 JSON otherwise), plus POST /v1/messages/count_tokens, which the gateway
// serves undocumented and Claude Code calls. It also acts as the clients'
// HTTP(S) proxy: a CONNECT or absolute-form request (a client trying to reach
// a host other than this one) is logged as "external" and refused with 403.
// With `--console` it stands for the web console (`crazyrouter.com`, `www.`)
// instead: every request, whatever its method and path, gets 200 and the same
// HTML page a single-page web app serves (route "console"), as a console host
// answers API calls it does not serve.
//
// Not for: being a gateway. Plain HTTP on 127.0.0.1, no auth checks, no deps.
//
// Usage: node recorder.mjs --log FILE --port-file FILE [--console]
//          [--max-requests 200] [--max-seconds 120] [--text TEXT] [--key KEY]
// Writes its port to --port-file once listening; appends one JSON line per
// request to --log: {t (ms since the epoch), n, method, path, auth, key, status, route, sse, ua,
// upgrade, model, stream}. `key` is "expected" when the credential sent equals
// --key, "other" when it differs, absent when no credential was sent.
// Stops by itself after --max-seconds, answers 429 past --max-requests, and
// exits on SIGTERM.

import http from 'node:http';
import fs from 'node:fs';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => {
    if (a.startsWith('--')) acc.push([a.slice(2), all[i + 1] === undefined || all[i + 1].startsWith('--') ? true : all[i + 1]]);
    return acc;
  }, []),
);
const LOG = args.log;
const PORT_FILE = args['port-file'];
const MAX_REQUESTS = Number(args['max-requests'] ?? 200);
const MAX_SECONDS = Number(args['max-seconds'] ?? 120);
const TEXT = args.text ?? 'CONFORMANCE_OK';
const KEY = args.key;
const CONSOLE = args.console === true;
if (!LOG || !PORT_FILE) {
  console.error('usage: node recorder.mjs --log FILE --port-file FILE');
  process.exit(2);
}

const CREATED = 1_700_000_000;
let count = 0;

// ---- canned bodies, shaped like the real APIs' objects ----

const openaiModels = () => ({
  object: 'list',
  success: true,
  data: [
    { id: 'gpt-4o-mini', object: 'model', owned_by: 'openai', supported_endpoint_types: ['openai'] },
    { id: 'gpt-5', object: 'model', owned_by: 'openai', supported_endpoint_types: ['openai'] },
    { id: 'claude-sonnet-4-5', object: 'model', owned_by: 'anthropic', supported_endpoint_types: ['anthropic', 'openai'] },
    { id: 'gemini-2.5-flash', object: 'model', owned_by: 'google', supported_endpoint_types: ['gemini', 'openai'] },
  ],
});

const anthropicModels = () => ({
  data: [{ type: 'model', id: 'claude-sonnet-4-5', display_name: 'Claude Sonnet 4.5', created_at: '2025-09-29T00:00:00Z' }],
  has_more: false,
  first_id: 'claude-sonnet-4-5',
  last_id: 'claude-sonnet-4-5',
});

const usageChat = { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 };

const chat = (model) => ({
  id: 'chatcmpl-rec1',
  object: 'chat.completion',
  created: CREATED,
  model,
  choices: [{ index: 0, message: { role: 'assistant', content: TEXT, refusal: null }, logprobs: null, finish_reason: 'stop' }],
  usage: usageChat,
});

function chatSse(model) {
  const chunk = (delta, finish, usage) =>
    `data: ${JSON.stringify({
      id: 'chatcmpl-rec1',
      object: 'chat.completion.chunk',
      created: CREATED,
      model,
      choices: [{ index: 0, delta, finish_reason: finish }],
      ...(usage ? { usage } : {}),
    })}\n\n`;
  return (
    chunk({ role: 'assistant', content: '' }, null) +
    chunk({ content: TEXT }, null) +
    chunk({}, 'stop') +
    `data: ${JSON.stringify({ id: 'chatcmpl-rec1', object: 'chat.completion.chunk', created: CREATED, model, choices: [], usage: usageChat })}\n\n` +
    'data: [DONE]\n\n'
  );
}

const message = (model) => ({
  id: 'msg_rec1',
  type: 'message',
  role: 'assistant',
  model,
  content: [{ type: 'text', text: TEXT }],
  stop_reason: 'end_turn',
  stop_sequence: null,
  usage: { input_tokens: 1, output_tokens: 1, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
});

function messagesSse(model) {
  const events = [
    ['message_start', { type: 'message_start', message: { ...message(model), content: [], stop_reason: null, usage: { input_tokens: 1, output_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 } } }],
    ['content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }],
    ['ping', { type: 'ping' }],
    ['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: TEXT } }],
    ['content_block_stop', { type: 'content_block_stop', index: 0 }],
    ['message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 1 } }],
    ['message_stop', { type: 'message_stop' }],
  ];
  return events.map(([e, d]) => `event: ${e}\ndata: ${JSON.stringify(d)}\n\n`).join('');
}

const outputMessage = (status) => ({
  type: 'message',
  id: 'msg_rec1',
  status,
  role: 'assistant',
  content: status === 'completed' ? [{ type: 'output_text', text: TEXT, annotations: [], logprobs: [] }] : [],
});

const response = (model, status) => ({
  id: 'resp_rec1',
  object: 'response',
  created_at: CREATED,
  status,
  model,
  output: status === 'completed' ? [outputMessage('completed')] : [],
  parallel_tool_calls: true,
  tool_choice: 'auto',
  tools: [],
  temperature: 1.0,
  top_p: 1.0,
  error: null,
  incomplete_details: null,
  instructions: null,
  metadata: {},
  usage: {
    input_tokens: 1,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: 1,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: 2,
  },
});

function responsesSse(model) {
  const part = { type: 'output_text', text: '', annotations: [], logprobs: [] };
  const events = [
    ['response.created', { type: 'response.created', response: response(model, 'in_progress') }],
    ['response.in_progress', { type: 'response.in_progress', response: response(model, 'in_progress') }],
    ['response.output_item.added', { type: 'response.output_item.added', output_index: 0, item: outputMessage('in_progress') }],
    ['response.content_part.added', { type: 'response.content_part.added', item_id: 'msg_rec1', output_index: 0, content_index: 0, part }],
    ['response.output_text.delta', { type: 'response.output_text.delta', item_id: 'msg_rec1', output_index: 0, content_index: 0, delta: TEXT, logprobs: [] }],
    ['response.output_text.done', { type: 'response.output_text.done', item_id: 'msg_rec1', output_index: 0, content_index: 0, text: TEXT, logprobs: [] }],
    ['response.content_part.done', { type: 'response.content_part.done', item_id: 'msg_rec1', output_index: 0, content_index: 0, part: { ...part, text: TEXT } }],
    ['response.output_item.done', { type: 'response.output_item.done', output_index: 0, item: outputMessage('completed') }],
    ['response.completed', { type: 'response.completed', response: response(model, 'completed') }],
  ];
  return events
    .map(([e, d], i) => `event: ${e}\ndata: ${JSON.stringify({ ...d, sequence_number: i })}\n\n`)
    .join('');
}

const gemini = (model) => ({
  candidates: [{ content: { role: 'model', parts: [{ text: TEXT }] }, finishReason: 'STOP', index: 0 }],
  usageMetadata: { promptTokenCount: 1, candidatesTokenCount: 1, totalTokenCount: 2 },
  modelVersion: model,
  responseId: 'rec1',
});

function notFound(method, path) {
  return {
    error: {
      message: `Invalid URL (${method} ${path})`.replaceAll('"', "'"),
      type: 'invalid_request_error',
      param: '',
      code: 'not_found',
    },
  };
}

// The page a web console (a single-page app) serves for any path.
const CONSOLE_PAGE =
  '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n' +
  '<title>Crazyrouter Console</title>\n<script type="module" crossorigin src="/assets/index-rec1.js"></script>\n' +
  '<link rel="stylesheet" href="/assets/index-rec1.css">\n</head>\n<body>\n<noscript>You need to enable JavaScript to run this app.</noscript>\n<div id="root"></div>\n</body>\n</html>\n';

// ---- routing ----

// /v1beta/models/{m}:generateContent and friends → {route, model, stream}.
function geminiRoute(p) {
  let route;
  let rest;
  if (p.startsWith('/v1beta/models/')) {
    route = 'documented';
    rest = p.slice('/v1beta/models/'.length);
  } else if (p.startsWith('/v1/models/')) {
    route = 'alias';
    rest = p.slice('/v1/models/'.length);
  } else return null;
  const i = rest.indexOf(':');
  if (i <= 0) return null;
  const model = decodeURIComponent(rest.slice(0, i));
  const action = rest.slice(i + 1);
  if (model.includes('/')) return null;
  if (action === 'generateContent') return { route, model, stream: false };
  if (action === 'streamGenerateContent') return { route, model, stream: true };
  return null;
}

function route(method, path, query, body, headers) {
  const json = (status, routeKind, obj) => ({ status, route: routeKind, sse: false, body: JSON.stringify(obj) });
  const sse = (routeKind, text) => ({ status: 200, route: routeKind, sse: true, body: text });
  let parsed = {};
  try {
    parsed = body.length ? JSON.parse(body) : {};
  } catch {
    parsed = {};
  }
  const stream = parsed && parsed.stream === true;
  const model = typeof parsed?.model === 'string' && /^[\w.:\/-]+$/.test(parsed.model) ? parsed.model : 'gpt-4o-mini';

  if (method === 'GET' && path === '/v1/models') {
    const anthropic = headers['x-api-key'] !== undefined && headers['anthropic-version'] !== undefined;
    return json(200, 'documented', anthropic ? anthropicModels() : openaiModels());
  }
  if (method === 'POST') {
    switch (path) {
      case '/v1/chat/completions':
        return stream ? sse('documented', chatSse(model)) : json(200, 'documented', chat(model));
      case '/v1/messages':
        return stream ? sse('documented', messagesSse(model)) : json(200, 'documented', message(model));
      case '/v1/messages/count_tokens':
        return json(200, 'undocumented', { input_tokens: 1 });
      case '/v1/responses':
        return stream ? sse('documented', responsesSse(model)) : json(200, 'documented', response(model, 'completed'));
      default: {
        const g = geminiRoute(path);
        if (g) {
          const obj = gemini(g.model);
          if (!g.stream) return json(200, g.route, obj);
          if (query.get('alt') === 'sse') return sse(g.route, `data: ${JSON.stringify(obj)}\r\n\r\n`);
          return json(200, g.route, [obj]);
        }
      }
    }
  }
  return json(404, 'not_found', notFound(method, path));
}

function authKinds(headers, query) {
  const kinds = [];
  if (headers.authorization !== undefined) kinds.push('bearer');
  if (headers['x-api-key'] !== undefined) kinds.push('x-api-key');
  if (headers['x-goog-api-key'] !== undefined) kinds.push('x-goog-api-key');
  if (query.has('key')) kinds.push('query-key');
  return kinds;
}

// The credential of the first auth kind found, compared with --key.
function keyMatch(headers, query) {
  const value =
    headers.authorization?.replace(/^Bearer\s+/i, '') ??
    headers['x-api-key'] ??
    headers['x-goog-api-key'] ??
    query.get('key') ??
    undefined;
  if (value === undefined) return undefined;
  return KEY !== undefined && value === KEY ? 'expected' : 'other';
}

function log(entry) {
  fs.appendFileSync(LOG, JSON.stringify({ t: Date.now(), ...entry }) + '\n');
}

const server = http.createServer((req, res) => {
  const chunks = [];
  let size = 0;
  req.on('data', (c) => {
    size += c.length;
    if (size <= 16 * 1024 * 1024) chunks.push(c);
  });
  req.on('end', () => {
    count += 1;
    const headers = req.headers;
    const ua = String(headers['user-agent'] ?? '').slice(0, 120);
    // Absolute-form request line: the client used us as its HTTP proxy for another host.
    if (/^[a-z]+:\/\//i.test(req.url)) {
      log({ n: count, method: req.method, path: req.url, auth: [], status: 403, route: 'external', sse: false, ua });
      res.writeHead(403, { 'content-type': 'text/plain', connection: 'close' });
      res.end('recorder: no traffic beyond 127.0.0.1\n');
      return;
    }
    const url = new URL(req.url, 'http://127.0.0.1');
    const body = Buffer.concat(chunks).toString('utf8');
    let reply;
    if (CONSOLE && count <= MAX_REQUESTS) {
      reply = { status: 200, route: 'console', sse: false, html: true, body: CONSOLE_PAGE };
    } else if (count > MAX_REQUESTS) {
      reply = { status: 429, route: 'over-limit', sse: false, body: JSON.stringify({ error: { message: 'recorder: request limit reached', type: 'rate_limit_error' } }) };
    } else {
      reply = route(req.method, url.pathname, url.searchParams, body, headers);
    }
    let parsed = {};
    try {
      parsed = JSON.parse(body);
    } catch {}
    log({
      n: count,
      method: req.method,
      path: req.url,
      auth: authKinds(headers, url.searchParams),
      key: keyMatch(headers, url.searchParams),
      status: reply.status,
      route: reply.route,
      sse: reply.sse,
      ua,
      upgrade: headers.upgrade,
      model: typeof parsed?.model === 'string' ? parsed.model : undefined,
      stream: parsed?.stream === true ? true : undefined,
    });
    res.writeHead(reply.status, {
      'content-type': reply.html ? 'text/html; charset=utf-8' : reply.sse ? 'text/event-stream' : 'application/json',
      'content-length': Buffer.byteLength(reply.body),
      ...(reply.sse ? { 'cache-control': 'no-cache' } : {}),
    });
    res.end(reply.body);
  });
});

// HTTPS through us as a proxy: log the target and refuse.
server.on('connect', (req, socket) => {
  count += 1;
  log({ n: count, method: 'CONNECT', path: req.url, auth: [], status: 403, route: 'external', sse: false, ua: String(req.headers['user-agent'] ?? '').slice(0, 120) });
  socket.end('HTTP/1.1 403 Forbidden\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
});

server.keepAliveTimeout = 5000;
server.listen(0, '127.0.0.1', () => {
  // Written whole, then renamed: a reader never sees an empty port file.
  fs.writeFileSync(`${PORT_FILE}.tmp`, String(server.address().port));
  fs.renameSync(`${PORT_FILE}.tmp`, PORT_FILE);
});

const stop = () => {
  server.closeAllConnections?.();
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 1000).unref();
};
setTimeout(stop, MAX_SECONDS * 1000).unref();
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
