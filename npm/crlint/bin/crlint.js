#!/usr/bin/env node
// The `crlint` command of the npm package: finds the prebuilt binary that npm
// installed for this platform (one of the optionalDependencies, each limited to
// its `os` and `cpu`, as esbuild and biome do) and runs it with the same
// arguments, standard streams and exit code. Nothing is downloaded, at install
// or at run time. CRLINT_BINARY names another binary to run instead.
"use strict";

const { spawnSync } = require("child_process");

const PACKAGES = {
  "darwin arm64": "@crazyrouter/crlint-darwin-arm64",
  "darwin x64": "@crazyrouter/crlint-darwin-x64",
  "linux arm64": "@crazyrouter/crlint-linux-arm64",
  "linux x64": "@crazyrouter/crlint-linux-x64",
  "win32 x64": "@crazyrouter/crlint-win32-x64",
};

function fail(message) {
  process.stderr.write(`crlint: ${message}\n`);
  process.exit(2);
}

function binaryPath() {
  if (process.env.CRLINT_BINARY) {
    return process.env.CRLINT_BINARY;
  }
  const platform = `${process.platform} ${process.arch}`;
  const pkg = PACKAGES[platform];
  if (!pkg) {
    fail(
      `no prebuilt binary for ${platform}; build it with \`cargo install crlint\` ` +
        "(https://github.com/crazyrouter/crlint#install)",
    );
  }
  const exe = process.platform === "win32" ? "crlint.exe" : "crlint";
  try {
    return require.resolve(`${pkg}/bin/${exe}`);
  } catch (_) {
    fail(
      `the package ${pkg}, which holds the binary for ${platform}, is not installed. ` +
        "It is an optional dependency of crlint: reinstall without --omit=optional / --no-optional " +
        "(and with the same platform as the one that runs it).",
    );
  }
}

const binary = binaryPath();
const result = spawnSync(binary, process.argv.slice(2), { stdio: "inherit", windowsHide: true });
if (result.error) {
  fail(`cannot run ${binary}: ${result.error.message}`);
}
if (result.signal) {
  // Die of the same signal, so that the caller sees what the binary saw.
  process.kill(process.pid, result.signal);
}
process.exit(result.status === null ? 2 : result.status);
