// The official TypeScript MCP client drives `lean-sandbox serve --http` with a bearer token: requests
// without the token are refused, several clients share one server (and one engine pool), and SIGTERM
// ends the server without leaving a container behind. Verdicts come from recorded transcripts.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { createInterface } from 'node:readline';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { startJar, serveArgs, transcriptCode, exited, containersOf, sandboxesOf } from './lib/server.mjs';

const TOKEN = 'node-test-token-0123456789';
const INITIALIZE = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: {
  protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } });

describe('MCP over streamable HTTP, with the TypeScript SDK client', () => {
  let server;
  let url;
  const clients = [];

  before(async () => {
    server = startJar(serveArgs('--http', '127.0.0.1:0'), 'http-serve-stderr.log', { LEAN_SANDBOX_MCP_TOKEN: TOKEN });
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
      server.kill('SIGKILL');
    }
  });

  it('refuses requests without the token (401), with a wrong one, and from foreign hosts or origins', async () => {
    const none = await post({});
    assert.equal(none.status, 401);
    assert.match(none.headers['www-authenticate'], /^Bearer/);
    assert.equal((await post({ Authorization: 'Bearer wrong' })).status, 401);
    assert.equal((await post({ Authorization: `Bearer ${TOKEN}`, Host: 'evil.example.com' })).status, 421);
    assert.equal((await post({ Authorization: `Bearer ${TOKEN}`, Origin: 'http://evil.example.com' })).status, 403);
    assert.equal((await post({ Authorization: `Bearer ${TOKEN}` })).status, 200);
  });

  it('the SDK client without the token cannot connect', async () => {
    const client = new Client({ name: 'no-token', version: '1' });
    await assert.rejects(client.connect(new StreamableHTTPClientTransport(url)), /401|Unauthorized/i);
  });

  it('several clients share one server: separate sessions, concurrent calls', { timeout: 180_000 }, async () => {
    for (let i = 0; i < 3; i++) {
      const client = new Client({ name: `agent-${i}`, version: '1' });
      await client.connect(new StreamableHTTPClientTransport(url, {
        requestInit: { headers: { Authorization: `Bearer ${TOKEN}` } },
      }));
      clients.push(client);
    }
    const sessions = new Set(clients.map((client) => client.transport.sessionId));
    assert.equal(sessions.size, 3, 'one MCP session per client');
    const code = transcriptCode('def_eval'); // accepted by the real REPL
    const results = await Promise.all(clients.map((client) =>
      client.callTool({ name: 'execute-lean', arguments: { code } }, undefined, { timeout: 170_000 })));
    for (const result of results) {
      assert.equal(result.isError, false, JSON.stringify(result));
      assert.equal(result.structuredContent.status, 'SUCCESS');
    }
    const refused = await clients[0].callTool({ name: 'execute-lean', arguments: { code: '' } });
    assert.equal(refused.isError, true);
    assert.ok((await clients[1].listTools()).tools.length >= 1, 'the other sessions go on');
  });

  it('SIGTERM ends the server and its sandboxes, with a call in flight', { timeout: 90_000 }, async () => {
    assert.ok(sandboxesOf(server.pid).length > 0, 'the server has sandboxes');
    // A stand-in fault directive: the run hangs until the engine's timeout, so it is in flight at SIGTERM.
    const inFlight = clients[0].callTool({ name: 'execute-lean', arguments: { code: '--! standin: hang\ndef f := 37' } },
      undefined, { timeout: 60_000 }).then((result) => ({ result }), (error) => ({ error }));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    server.kill('SIGTERM');
    const { code, signal } = await exited(server, 30_000);
    assert.ok(code === 143 || code === 0, `exit code ${code}, signal ${signal}`);
    const outcome = await inFlight;
    if (outcome.result) {
      assert.equal(outcome.result.isError, true, `the cancelled call says so: ${JSON.stringify(outcome.result)}`);
    }
    assert.deepEqual(containersOf(server.pid), [], 'containers left by the server');
  });

  /** A raw initialize POST with `headers` (node:http, so that Host can be set); resolves to { status, headers }. */
  function post(headers) {
    return new Promise((resolve, reject) => {
      const request = http.request(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream', ...headers },
      }, (response) => {
        response.resume();
        response.on('end', () => resolve({ status: response.statusCode, headers: response.headers }));
      });
      request.on('error', reject);
      request.end(INITIALIZE);
    });
  }
});
