// Raw stdio, without an SDK: lines that are not JSON-RPC messages. The server answers each with a
// JSON-RPC error response (-32700 parse error, -32600 invalid request; the request's id when it can be
// read, else null), logs it on stderr, and keeps serving the session. Every stdout line stays JSON-RPC.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createInterface } from 'node:readline';
import { startJar, serveArgs, exited, containersOf } from './lib/server.mjs';

describe('raw stdio: malformed input', () => {
  let server;
  const pending = [];
  const waiting = [];

  before(async () => {
    server = startJar(serveArgs(), 'raw-stdio-stderr.log');
    const lines = createInterface({ input: server.stdout });
    lines.on('line', (line) => {
      const message = JSON.parse(line); // throws (and fails the run) on a line that is not JSON
      assert.equal(message.jsonrpc, '2.0', `stdout line: ${line}`);
      const waiter = waiting.shift();
      if (waiter) {
        waiter(message);
      } else {
        pending.push(message);
      }
    });
    send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: {
      protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } });
    const initialized = await next();
    assert.equal(initialized.id, 1);
    assert.equal(initialized.result.serverInfo.name, 'lean-sandbox');
    send({ jsonrpc: '2.0', method: 'notifications/initialized' });
  });

  after(async () => {
    if (server.exitCode === null && server.signalCode === null) {
      server.kill('SIGKILL');
    }
  });

  const malformed = [
    ['text that is not JSON', 'this is not json', -32700, null],
    ['truncated JSON', '{"jsonrpc": "2.0", "id": 5, "method": "ping"', -32700, null],
    ['JSON followed by garbage', '{"jsonrpc":"2.0","id":6,"method":"ping"} trailing', -32700, null],
    ['a JSON number', '42', -32600, null],
    ['a batch (an array)', '[{"jsonrpc":"2.0","id":7,"method":"ping"}]', -32600, null],
    ['an object that is no message', '{"jsonrpc":"2.0","id":8}', -32600, 8],
    ['the wrong protocol version', '{"jsonrpc":"1.0","id":"nine","method":"ping"}', -32600, 'nine'],
    ['no jsonrpc member', '{"id":10,"method":"ping"}', -32600, 10],
  ];
  let pingId = 100;
  for (const [what, line, code, id] of malformed) {
    it(`${what}: error ${code}, then the session goes on`, async () => {
      server.stdin.write(line + '\n');
      const error = await next();
      assert.equal(error.error?.code, code, JSON.stringify(error));
      assert.equal(error.id, id);
      assert.equal(typeof error.error.message, 'string');
      await answersPing(pingId++);
    });
  }

  it('a line that is not UTF-8: parse error, then the session goes on', async () => {
    server.stdin.write(Buffer.from([0x7b, 0xff, 0xfe, 0x7d, 0x0a]));
    const error = await next();
    assert.equal(error.error?.code, -32700);
    assert.equal(error.id, null);
    await answersPing(pingId++);
  });

  it('blank lines are skipped silently', async () => {
    server.stdin.write('\n   \n\r\n');
    await answersPing(pingId++);
    assert.equal(pending.length, 0, 'nothing answered the blank lines');
  });

  it('an unknown method gets -32601 and the session goes on', async () => {
    send({ jsonrpc: '2.0', id: 200, method: 'no/such/method' });
    const error = await next();
    assert.equal(error.id, 200);
    assert.equal(error.error?.code, -32601);
    await answersPing(pingId++);
  });

  it('a message over 16 MiB is refused with its id, and the session goes on', { timeout: 60_000 }, async () => {
    const huge = JSON.stringify({ jsonrpc: '2.0', method: 'tools/call',
      params: { name: 'execute-lean', arguments: { code: 'x'.repeat(17 * 1024 * 1024) } }, id: 300 });
    server.stdin.write(huge + '\n');
    const error = await next(30_000);
    assert.equal(error.id, 300);
    assert.equal(error.error?.code, -32600);
    await answersPing(pingId++);
  });

  it('closing stdin ends the server with exit code 0, leaving no container', { timeout: 60_000 }, async () => {
    server.stdin.end();
    const { code } = await exited(server, 30_000);
    assert.equal(code, 0);
    assert.deepEqual(containersOf(server.pid), []);
  });

  function send(message) {
    server.stdin.write(JSON.stringify(message) + '\n');
  }

  function next(ms = 10_000) {
    if (pending.length > 0) {
      return Promise.resolve(pending.shift());
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no message from the server within ${ms} ms`)), ms);
      waiting.push((message) => {
        clearTimeout(timer);
        resolve(message);
      });
    });
  }

  async function answersPing(id) {
    send({ jsonrpc: '2.0', id, method: 'ping' });
    const pong = await next();
    assert.equal(pong.id, id, JSON.stringify(pong));
    assert.deepEqual(pong.result, {});
  }
});
