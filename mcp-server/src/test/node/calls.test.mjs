// The official TypeScript MCP client controls its calls to `lean-sandbox serve`: it cancels them (an
// AbortSignal sends notifications/cancelled), gets progress notifications while they run (and
// resetTimeoutOnProgress keeps a long call alive past its request timeout), and, over HTTP, keeps
// its Lean sessions to itself. Only the stand-in's fault directives are used (hang, sleep): no verdict
// of Lean's is asserted here.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { JAVA, LOG_DIR, serveArgs, startJar, exited, containersOf, sandboxesOf } from './lib/server.mjs';

const HANGS = '--! standin: hang\ndef f := 37';
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `check()` holds, at most `ms`; resolves to the time it took. */
async function within(ms, check, what) {
  const start = Date.now();
  while (!(await check())) {
    assert.ok(Date.now() - start < ms, `${what} within ${ms} ms`);
    await sleep(25);
  }
  return Date.now() - start;
}

/** The pool once it has settled (no sandbox in use or being reset, every container counted): its number of containers. */
async function settled(client, pid) {
  let alive;
  await within(30_000, async () => {
    const pool = (await client.callTool({ name: 'status', arguments: {} })).structuredContent.pool;
    alive = pool.alive;
    return pool.idle === pool.alive && sandboxesOf(pid).length === pool.alive;
  }, 'the pool settled');
  return alive;
}

/** A call that is aborted `afterMs` after it starts; resolves to the error it was rejected with. */
async function cancelledCall(client, args, afterMs) {
  const controller = new AbortController();
  const call = client.callTool(args, undefined, { signal: controller.signal, timeout: 60_000 });
  await sleep(afterMs);
  controller.abort('the test no longer needs it');
  return call.then(() => assert.fail('a cancelled call must not resolve'), (error) => error);
}

describe('calls a client controls, over stdio', () => {
  let client;
  let transport;
  let pid;

  before(async () => {
    transport = new StdioClientTransport({ command: JAVA, args: serveArgs(), env: { ...process.env }, stderr: 'pipe' });
    transport.stderr.pipe(createWriteStream(path.join(LOG_DIR, 'calls-stdio-stderr.log')));
    client = new Client({ name: 'lean-sandbox-calls-tests', version: '1.0.0' });
    await client.connect(transport);
    pid = transport.pid;
    const warm = await client.callTool({ name: 'execute-lean', arguments: { code: 'def f := 37' } }, undefined, { timeout: 110_000 });
    assert.equal(warm.isError, false, JSON.stringify(warm));
  });

  after(async () => {
    await client?.close();
  });

  it('initialize tells agents how to work; every tool carries its hints', async () => {
    assert.match(client.getInstructions(), /start-proof/);
    const { tools } = await client.listTools();
    for (const tool of tools) {
      assert.equal(tool.annotations?.openWorldHint, false, `${tool.name}: openWorldHint`);
      for (const hint of ['readOnlyHint', 'destructiveHint', 'idempotentHint']) {
        assert.equal(typeof tool.annotations?.[hint], 'boolean', `${tool.name}: ${hint}`);
      }
    }
    assert.equal(tools.find((t) => t.name === 'execute-lean').annotations.readOnlyHint, true);
    assert.equal(tools.find((t) => t.name === 'cleanup-session').annotations.destructiveHint, true);
    assert.ok(tools.find((t) => t.name === 'execute-lean').inputSchema.properties.timeout, 'execute-lean takes timeout');
  });

  it('a cancelled hanging call frees its sandbox: the containers are back within 2 s, and the next call runs at once',
    { timeout: 60_000 }, async () => {
      const containers = await settled(client, pid);
      const error = await cancelledCall(client, { name: 'execute-lean', arguments: { code: HANGS } }, 1000);
      assert.match(String(error), /no longer needs it|abort/i);
      const took = await within(2000, async () => {
        const status = await client.callTool({ name: 'status', arguments: {} });
        const pool = status.structuredContent.pool;
        return pool.idle === pool.alive && sandboxesOf(pid).length === containers;
      }, 'every sandbox idle again, no container added');
      assert.ok(took < 2000);
      const start = Date.now();
      const next = await client.callTool({ name: 'execute-lean', arguments: { code: 'def g := 1' } });
      assert.equal(next.isError, false, JSON.stringify(next));
      assert.ok(Date.now() - start < 2000, `the next call took ${Date.now() - start} ms`);
      assert.equal(sandboxesOf(pid).length, containers, 'the same containers');
    });

  it('three hanging calls, cancelled: the containers are back to the pool size within 2 s', { timeout: 60_000 }, async () => {
    const containers = await settled(client, pid);
    const calls = [0, 1, 2].map(() => cancelledCall(client, { name: 'execute-lean', arguments: { code: HANGS } }, 2500));
    await sleep(1500);
    assert.ok(sandboxesOf(pid).length >= 3, `${sandboxesOf(pid).length} containers for three runs`);
    await Promise.all(calls);
    await within(2000, async () => sandboxesOf(pid).length === containers, `back to ${containers} containers`);
  });

  it('a cancelled session command leaves the session usable at once; the next reply says it was restored',
    { timeout: 60_000 }, async () => {
      const opened = await client.callTool({ name: 'execute-lean-persistent', arguments: { code: 'def s := 1' } });
      const session = opened.structuredContent.session_id;
      await cancelledCall(client, { name: 'execute-lean-persistent', arguments: { code: HANGS, session_id: session } }, 1000);
      const start = Date.now();
      const next = await client.callTool({ name: 'execute-lean-persistent', arguments: { code: 'def t := 2', session_id: session } });
      assert.ok(Date.now() - start < 2000, `the next command took ${Date.now() - start} ms`);
      assert.equal(next.isError, false, JSON.stringify(next));
      assert.equal(next.structuredContent.session_id, session);
      assert.match(next.structuredContent.notice, /cancelled/);
      assert.match(next.structuredContent.notice, /replayed/);
      const again = await client.callTool({ name: 'execute-lean-persistent', arguments: { code: 'def u := 3', session_id: session } });
      assert.equal(again.structuredContent.notice ?? null, null, 'the notice comes once');
      await client.callTool({ name: 'cleanup-session', arguments: { session_id: session } });
    });

  it('progress arrives during a 5 s run, and resetTimeoutOnProgress keeps it alive past its 3 s request timeout',
    { timeout: 60_000 }, async () => {
      const progress = [];
      const start = Date.now();
      const result = await client.callTool({ name: 'execute-lean', arguments: { code: '--! standin: sleep 5000\ndef f := 37' } },
        undefined, { timeout: 3000, resetTimeoutOnProgress: true, onprogress: (p) => progress.push(p) });
      assert.equal(result.isError, false, JSON.stringify(result));
      assert.ok(Date.now() - start >= 5000, 'the run took its 5 s');
      assert.ok(progress.length >= 3, `${progress.length} progress notifications`);
      for (let i = 1; i < progress.length; i++) {
        assert.ok(progress[i].progress > progress[i - 1].progress, 'progress increases');
      }
      assert.ok(progress.some((p) => /^elaborating \(/.test(p.message)), JSON.stringify(progress));
    });

  it('without resetTimeoutOnProgress the same call times out, and the server stops it', { timeout: 60_000 }, async () => {
    await assert.rejects(client.callTool({ name: 'execute-lean', arguments: { code: '--! standin: sleep 5000\ndef f := 37' } },
      undefined, { timeout: 1500 }), /timed out|timeout/i);
    // The client's timeout sent notifications/cancelled: the sandbox is free long before the 5 s are up.
    await within(2500, async () => {
      const pool = (await client.callTool({ name: 'status', arguments: {} })).structuredContent.pool;
      return pool.idle === pool.alive;
    }, 'the timed-out call stopped in its sandbox');
  });

  it('a timeout argument stops Lean sooner', { timeout: 60_000 }, async () => {
    const start = Date.now();
    const result = await client.callTool({ name: 'execute-lean', arguments: { code: HANGS, timeout: 1 } });
    assert.equal(result.structuredContent.status, 'TIMEOUT');
    assert.ok(Date.now() - start < 5000, `took ${Date.now() - start} ms`);
  });
});

describe('calls a client controls, over HTTP', () => {
  let server;
  let url;
  const clients = [];

  before(async () => {
    server = startJar(serveArgs('--http', '127.0.0.1:0'), 'calls-http-stderr.log');
    url = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no URL logged within 60 s')), 60_000);
      createInterface({ input: server.stderr }).on('line', (line) => {
        const match = /serving MCP at (http:\/\/\S+)/.exec(line);
        if (match) {
          clearTimeout(timer);
          resolve(new URL(match[1]));
        }
      });
      server.once('exit', (code) => reject(new Error(`the server exited with ${code}`)));
    });
  });

  after(async () => {
    for (const client of clients) {
      await client.close().catch(() => {});
    }
    if (server.exitCode === null && server.signalCode === null) {
      server.kill('SIGTERM');
      await exited(server, 30_000).catch(() => server.kill('SIGKILL'));
    }
    assert.deepEqual(containersOf(server.pid), [], 'containers left by the server');
  });

  async function connect(name) {
    const client = new Client({ name, version: '1' });
    await client.connect(new StreamableHTTPClientTransport(url));
    clients.push(client);
    return client;
  }

  /** Sandboxes in use (or being reset), by the status tool. */
  const busySandboxes = async (client) => {
    const pool = (await client.callTool({ name: 'status', arguments: {} })).structuredContent.pool;
    return pool.alive - pool.idle;
  };

  const sessionsOf = async (client) =>
    (await client.callTool({ name: 'list-sessions', arguments: {} })).structuredContent.sessions.map((s) => s.session_id);

  it('two clients cannot see or touch each other\'s sessions', { timeout: 120_000 }, async () => {
    const alice = await connect('alice');
    const bob = await connect('bob');
    const opened = await alice.callTool({ name: 'execute-lean-persistent', arguments: { code: 'def f := 37' } },
      undefined, { timeout: 110_000 });
    assert.equal(opened.isError, false, JSON.stringify(opened));
    const generated = opened.structuredContent.session_id;
    await alice.callTool({ name: 'execute-lean-persistent', arguments: { code: 'def g := 1', session_id: 'main' } });

    assert.deepEqual(await sessionsOf(bob), [], 'bob lists none of alice\'s sessions');
    assert.deepEqual((await bob.callTool({ name: 'status', arguments: {} })).structuredContent.sessions, []);
    const closing = await bob.callTool({ name: 'cleanup-session', arguments: { session_id: generated } });
    assert.equal(closing.structuredContent.closed, false, 'bob cannot close alice\'s session');
    const tactic = await bob.callTool({ name: 'apply-tactic', arguments: { session_id: 'main', proof_state: 0, tactic: 'rfl' } });
    assert.equal(tactic.isError, true, 'bob cannot use alice\'s session');
    // Naming the same id gives bob a session of his own: alice's is untouched.
    const own = await bob.callTool({ name: 'execute-lean-persistent', arguments: { code: 'def h := 2', session_id: 'main' } });
    assert.equal(own.isError, false, JSON.stringify(own));
    assert.equal(own.structuredContent.env, 0, 'a fresh session');

    assert.deepEqual((await sessionsOf(alice)).sort(), [generated, 'main'].sort());
    assert.deepEqual(await sessionsOf(bob), ['main']);
    const aliceMain = (await alice.callTool({ name: 'list-sessions', arguments: {} })).structuredContent.sessions
      .find((s) => s.session_id === 'main');
    assert.equal(aliceMain.commands, 1, 'bob\'s command went to his own session');
    for (const [client, id] of [[alice, generated], [alice, 'main'], [bob, 'main']]) {
      assert.equal((await client.callTool({ name: 'cleanup-session', arguments: { session_id: id } })).structuredContent.closed, true);
    }
  });

  it('a cancelled call over HTTP frees its sandbox within 2 s', { timeout: 60_000 }, async () => {
    const client = await connect('canceller');
    const containers = await settled(client, server.pid); // the other test's sessions are closed: nothing in use
    await cancelledCall(client, { name: 'execute-lean', arguments: { code: HANGS } }, 1000);
    await within(2000, async () => (await busySandboxes(client)) === 0 && sandboxesOf(server.pid).length === containers,
      'the sandbox idle again, the containers back to the pool\'s');
  });

  it('a client that goes away mid-call frees its sandbox', { timeout: 60_000 }, async () => {
    const watcher = await connect('watcher');
    const busy = await busySandboxes(watcher);
    const leaver = new Client({ name: 'leaver', version: '1' });
    await leaver.connect(new StreamableHTTPClientTransport(url));
    const inFlight = leaver.callTool({ name: 'execute-lean', arguments: { code: HANGS } }, undefined, { timeout: 60_000 })
      .catch((error) => error);
    await within(10_000, async () => (await busySandboxes(watcher)) > busy, 'the call running');
    await sleep(500);
    await leaver.close(); // its connections go
    await inFlight;
    await within(3000, async () => (await busySandboxes(watcher)) <= busy, 'the sandbox idle again');
  });
});
