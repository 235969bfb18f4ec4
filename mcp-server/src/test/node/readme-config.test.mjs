// The README's Claude Desktop configuration works as written: its command, args and env start a
// server the TypeScript SDK client can use. Two substitutions, as a user makes them: the checkout's
// absolute path for the placeholder, and (only here) the stand-in image, since the build machines
// cannot build the production image. The verdict comes from the recorded transcript def_eval.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, createWriteStream } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { IMAGE, LOG_DIR, transcriptCode, containersOf } from './lib/server.mjs';

const checkout = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const PLACEHOLDER = '/ABSOLUTE/PATH/TO/lean-sandbox';

/** The first ```json block of the README's "MCP server" section. */
function readmeConfiguration() {
  const readme = readFileSync(path.join(checkout, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('\n## MCP server\n'));
  assert.ok(section.length < readme.length, 'README has a section "MCP server"');
  const block = /```json\n([\s\S]*?)```/.exec(section.slice(0, section.indexOf('\n## ', 1)));
  assert.ok(block, 'the section has a json block');
  return JSON.parse(block[1]);
}

describe("the README's MCP client configuration", () => {
  it('starts a working server', { timeout: 180_000 }, async () => {
    const server = readmeConfiguration().mcpServers['lean-sandbox'];
    assert.ok(server.command.startsWith(PLACEHOLDER), 'the command is the absolute-path placeholder');
    assert.ok(Object.keys(server.env).every((name) => name.startsWith('LEAN_DOCKER_MCP_')));
    const transport = new StdioClientTransport({
      command: server.command.replace(PLACEHOLDER, checkout),
      args: server.args,
      // The client passes its own PATH/HOME (getDefaultEnvironment) plus this env.
      env: { ...server.env, LEAN_DOCKER_MCP_IMAGE: IMAGE, LEAN_DOCKER_MCP_POOL_SIZE: '1' },
      stderr: 'pipe',
    });
    transport.stderr.pipe(createWriteStream(path.join(LOG_DIR, 'readme-config-stderr.log')));
    const client = new Client({ name: 'readme-config', version: '1' });
    await client.connect(transport);
    const pid = transport.pid;
    try {
      assert.equal(client.getServerVersion().name, 'lean-sandbox');
      const result = await client.callTool({ name: 'execute-lean', arguments: { code: transcriptCode('def_eval') } },
        undefined, { timeout: 150_000 });
      assert.equal(result.isError, false, JSON.stringify(result));
      assert.equal(result.structuredContent.status, 'SUCCESS');
    } finally {
      await client.close();
    }
    const deadline = Date.now() + 30_000;
    while (containersOf(pid).length > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    assert.deepEqual(containersOf(pid), []);
  });
});
