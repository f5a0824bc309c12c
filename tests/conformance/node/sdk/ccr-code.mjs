// claude-code-router: `ccr code -p PROMPT` once, then `ccr stop`.
//
// For: run.mjs (the claude-code-router cases). The case has written
// ~/.claude-code-router/config.json; this picks a free loopback port for the
// router's service (the `PORT` of that file), runs `ccr code -p`, which starts
// the service in the background and runs the real Claude Code (CLAUDE_PATH)
// against it, and stops the service afterwards, whatever happened, so nothing
// outlives the run. Output: the client's, unchanged; exit code: `ccr code`'s.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const cli = path.join(here, '..', 'node_modules', '@musistudio', 'claude-code-router', 'dist', 'cli.js');
const dir = path.join(os.homedir(), '.claude-code-router');
const configFile = path.join(dir, 'config.json');
const prompt = process.argv[2] ?? 'Reply with one word.';

const port = await new Promise((resolve, reject) => {
  const s = net.createServer();
  s.on('error', reject);
  s.listen(0, '127.0.0.1', () => {
    const p = s.address().port;
    s.close(() => resolve(p));
  });
});
const config = JSON.parse(fs.readFileSync(configFile, 'utf8'));
config.PORT = port;
fs.writeFileSync(configFile, JSON.stringify(config, null, 2) + '\n');

const ccr = (args, timeout) => spawnSync(process.execPath, [cli, ...args], { stdio: 'inherit', timeout });
const run = ccr(['code', '-p', prompt], 50_000);
ccr(['stop'], 10_000);
// The service's pid file outlives `ccr stop` only if stopping failed.
const pidFile = path.join(dir, '.claude-code-router.pid');
if (fs.existsSync(pidFile)) {
  const pid = Number(fs.readFileSync(pidFile, 'utf8').trim());
  if (pid > 0) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {}
  }
}
process.exit(run.status ?? 1);
