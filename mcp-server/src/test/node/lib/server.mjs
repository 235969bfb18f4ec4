// What the tests need to know about the server under test, from the environment Maven sets
// (mcp-server/pom.xml): the shaded jar, the toolchain image, the recorded REPL transcripts.
import { spawn, execFileSync } from 'node:child_process';
import { readFileSync, mkdirSync, createWriteStream } from 'node:fs';
import path from 'node:path';

function required(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run these tests through Maven (mvn -pl mcp-server verify), or set it by hand`);
  }
  return value;
}

export const JAR = required('LEAN_SANDBOX_JAR');
export const IMAGE = process.env.LEAN_TEST_IMAGE || 'lean-sandbox/standin:latest';
export const JAVA = process.env.LEAN_SANDBOX_JAVA || 'java';
export const LOG_DIR = process.env.LEAN_SANDBOX_TEST_LOGS || path.join(path.dirname(JAR), 'node-tests');
mkdirSync(LOG_DIR, { recursive: true });

/** The java arguments that run `serve` on the test image, plus `extra`. */
export function serveArgs(...extra) {
  return ['-jar', JAR, 'serve', '--image', IMAGE, '--pool-size', '1', '--timeout', '30', ...extra];
}

/**
 * The code of the first command of a recorded transcript of the real Lean REPL. Verdicts in these
 * tests come from such recordings (the stand-in replays them), never from the stand-in's default answer.
 */
export function transcriptCode(name) {
  const dir = required('LEAN_TRANSCRIPTS');
  const text = readFileSync(path.join(dir, `${name}.in`), 'utf8');
  const first = text.split(/\n\s*\n/).find((block) => block.trim() !== '');
  return JSON.parse(first).cmd;
}

/** Starts the jar with `args`; its stderr goes to LOG_DIR/`logName`. */
export function startJar(args, logName, env = {}) {
  const child = spawn(JAVA, args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  child.stderr.pipe(createWriteStream(path.join(LOG_DIR, logName)));
  return child;
}

/** Waits for `child` to exit, at most `ms`; resolves to { code, signal }, rejects on timeout. */
export function exited(child, ms) {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  }
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`process ${child.pid} still running after ${ms} ms`)), ms);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal });
    });
  });
}

/** Containers (running or not) that the process `pid` owns, by the labels every engine puts on them. */
export function containersOf(pid) {
  const out = execFileSync('docker', ['ps', '-aq', '--filter', 'label=io.leansandbox.managed=true',
    '--filter', `label=io.leansandbox.pid=${pid}`], { encoding: 'utf8' });
  return out.split('\n').filter((line) => line.trim() !== '');
}

/** The sandbox containers of the process `pid`: `containersOf(pid)` but its engine's reaper (label io.leansandbox.role=reaper). */
export function sandboxesOf(pid) {
  const out = execFileSync('docker', ['ps', '-a', '--filter', 'label=io.leansandbox.managed=true',
    '--filter', `label=io.leansandbox.pid=${pid}`, '--format', '{{.ID}} {{.Label "io.leansandbox.role"}}'], { encoding: 'utf8' });
  return out.split('\n').map((line) => line.trim().split(' ')).filter(([id, role]) => id && role !== 'reaper').map(([id]) => id);
}

/** The server image under test (mcp-server/pom.xml builds it with docker/build-server-image.sh before these tests). */
export const SERVER_IMAGE = process.env.LEAN_SERVER_IMAGE || 'lean-sandbox/server:latest';

/** The version the build gives the jar (and so `initialize`'s serverInfo and `--version`). */
export const VERSION = process.env.LEAN_SANDBOX_VERSION;

/** The full ids of the containers (running or not) labelled `label`. */
export function containersLabelled(label) {
  const out = execFileSync('docker', ['ps', '-aq', '--no-trunc', '--filter', `label=${label}`], { encoding: 'utf8' });
  return out.split('\n').filter((line) => line.trim() !== '');
}

/** The sandboxes (not the reaper) that an engine running in the server container `id` made. */
export function sandboxesOfServerContainer(id) {
  const out = execFileSync('docker', ['ps', '-a', '--filter', 'label=io.leansandbox.managed=true',
    '--filter', `label=io.leansandbox.container=${id}`, '--format', '{{.ID}} {{.Label "io.leansandbox.role"}}'], { encoding: 'utf8' });
  return out.split('\n').map((line) => line.trim().split(' ')).filter(([cid, role]) => cid && role !== 'reaper').map(([cid]) => cid);
}

/** Waits until `condition()` holds, polling every 250 ms, at most `ms`; resolves to the milliseconds it took, or rejects. */
export async function eventually(condition, ms, what) {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > ms) {
      throw new Error(`not within ${ms} ms: ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return Date.now() - start;
}
