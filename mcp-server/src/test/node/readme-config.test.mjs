// The README's client configurations work as written: each way to install's command, args and env
// start a server the TypeScript SDK client can use. The substitutions are a user's: absolute paths
// for the placeholders, and (only here) the stand-in image, since the build machines cannot build
// the production image. The verdict comes from the recorded transcript def_eval. The server image's
// configuration is driven by server-image.test.mjs.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { IMAGE, JAR, LOG_DIR, VERSION, transcriptCode, containersOf, eventually } from './lib/server.mjs';
import { CHECKOUT, readmeServer } from './lib/readme.mjs';

/** Starts `server` (command, args, env as the README has them), checks one recorded answer, closes; nothing may be left. */
async function serves(server, logName) {
  assert.ok(Object.keys(server.env ?? {}).every((name) => name.startsWith('LEAN_DOCKER_MCP_')));
  const transport = new StdioClientTransport({
    command: server.command,
    args: server.args,
    // The client passes its own PATH/HOME (getDefaultEnvironment) plus this env.
    env: { ...server.env, LEAN_DOCKER_MCP_IMAGE: IMAGE, LEAN_DOCKER_MCP_POOL_SIZE: '1' },
    stderr: 'pipe',
  });
  transport.stderr.pipe(createWriteStream(path.join(LOG_DIR, logName)));
  const client = new Client({ name: 'readme-config', version: '1' });
  await client.connect(transport);
  const pid = transport.pid;
  try {
    assert.equal(client.getServerVersion().name, 'lean-sandbox');
    assert.equal(client.getServerVersion().version, VERSION, "initialize's serverInfo carries the build's version");
    const result = await client.callTool({ name: 'execute-lean', arguments: { code: transcriptCode('def_eval') } },
      undefined, { timeout: 150_000 });
    assert.equal(result.isError, false, JSON.stringify(result));
    assert.equal(result.structuredContent.status, 'SUCCESS');
  } finally {
    await client.close();
  }
  await eventually(() => containersOf(pid).length === 0, 30_000, `the containers of server ${pid} are gone`);
}

describe("the README's MCP client configurations", () => {
  it('from source: bin/lean-sandbox in the checkout', { timeout: 180_000 }, async () => {
    const server = readmeServer('From source');
    const placeholder = '/ABSOLUTE/PATH/TO/lean-sandbox';
    assert.ok(server.command.startsWith(placeholder), 'the command is the absolute-path placeholder');
    await serves({ ...server, command: server.command.replace(placeholder, CHECKOUT) }, 'readme-config-source-stderr.log');
  });

  it('release jar: java -jar on the runnable jar', { timeout: 180_000 }, async () => {
    const server = readmeServer('Release jar');
    const placeholder = '/ABSOLUTE/PATH/TO/lean-sandbox.jar';
    assert.equal(server.command, 'java');
    assert.ok(server.args.includes(placeholder), 'the jar is the absolute-path placeholder');
    await serves({ ...server, args: server.args.map((arg) => (arg === placeholder ? JAR : arg)) }, 'readme-config-jar-stderr.log');
  });
});
