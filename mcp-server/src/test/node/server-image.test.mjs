// The server image (docker/Dockerfile.server) driven by the TypeScript SDK client exactly as the
// README's "Server image" configuration starts it: `docker run -i --rm` with the Docker socket
// mounted. Its sandboxes are siblings on the host's daemon; they and the server's container must be
// gone after the client closes, after `docker stop`, after the server's container is killed (its reaper), and, when the
// reaper is off, once the next server starts (it removes a dead server container's sandboxes).
// Verdicts come from the recorded transcript def_eval.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createWriteStream } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { IMAGE, LOG_DIR, SERVER_IMAGE, VERSION, transcriptCode, containersLabelled, sandboxesOfServerContainer,
  eventually } from './lib/server.mjs';
import { readmeServer } from './lib/readme.mjs';

const README_IMAGE = 'lean-sandbox/server';

/**
 * Starts the README's configuration with a marker label and `env` added before the image name (as a
 * user adds -e options), on the image under test; resolves to { client, container }.
 */
async function start(logName, env = {}) {
  const server = readmeServer('Server image');
  assert.equal(server.command, 'docker');
  assert.deepEqual(server.args.slice(0, 3), ['run', '-i', '--rm']);
  assert.ok(server.args.includes('/var/run/docker.sock:/var/run/docker.sock'), 'the socket is mounted');
  assert.equal(server.args.at(-1), README_IMAGE, 'the image is the last argument');
  const marker = `io.leansandbox.test=${randomUUID()}`;
  const added = ['--label', marker, '-e', `LEAN_DOCKER_MCP_IMAGE=${IMAGE}`, '-e', 'LEAN_DOCKER_MCP_POOL_SIZE=1',
    ...Object.entries(env).flatMap(([name, value]) => ['-e', `${name}=${value}`])];
  const args = [...server.args.slice(0, -1), ...added, SERVER_IMAGE];
  const transport = new StdioClientTransport({ command: 'docker', args, stderr: 'pipe' });
  transport.stderr.pipe(createWriteStream(path.join(LOG_DIR, logName)));
  const client = new Client({ name: 'server-image', version: '1' });
  await client.connect(transport);
  const [container] = containersLabelled(marker);
  assert.ok(container, 'the server runs in a container labelled with the marker');
  return { client, container };
}

/** One recorded answer through execute-lean; afterwards the server container has sandboxes labelled with it. */
async function answers(client, container) {
  const result = await client.callTool({ name: 'execute-lean', arguments: { code: transcriptCode('def_eval') } },
    undefined, { timeout: 150_000 });
  assert.equal(result.isError, false, JSON.stringify(result));
  assert.equal(result.structuredContent.status, 'SUCCESS');
  assert.ok(sandboxesOfServerContainer(container).length > 0, 'its sandboxes are labelled with its container');
}

function exists(container) {
  return containersLabelled('io.leansandbox.test').includes(container);
}

describe('the server image, through docker run -i with the socket mounted', () => {
  it('serves, and leaves nothing once the client closes', { timeout: 240_000 }, async () => {
    const { client, container } = await start('server-image-close-stderr.log');
    try {
      assert.equal(client.getServerVersion().name, 'lean-sandbox');
      assert.equal(client.getServerVersion().version, VERSION, "initialize's serverInfo carries the build's version");
      await answers(client, container);
    } finally {
      await client.close();
    }
    await eventually(() => !exists(container), 30_000, 'the server container is gone');
    assert.deepEqual(sandboxesOfServerContainer(container), [], 'no sandbox outlives the server');
  });

  it('leaves nothing within 10 s after its container is killed', { timeout: 240_000 }, async () => {
    const { client, container } = await start('server-image-kill-stderr.log');
    try {
      await answers(client, container);
      execFileSync('docker', ['kill', container]);
      await eventually(() => sandboxesOfServerContainer(container).length === 0, 10_000, 'the sandboxes are gone (reaper)');
      await eventually(() => !exists(container), 10_000, 'the server container is gone (--rm)');
    } finally {
      await client.close().catch(() => {});
    }
  });

  it('closes its engine on docker stop (SIGTERM), with no reaper to fall back on', { timeout: 240_000 }, async () => {
    const { client, container } = await start('server-image-stop-stderr.log', { LEAN_DOCKER_MCP_REAPER: 'false' });
    try {
      await answers(client, container);
      execFileSync('docker', ['stop', container]);
      assert.deepEqual(sandboxesOfServerContainer(container), [], 'docker stop returns once the engine removed its sandboxes');
      await eventually(() => !exists(container), 10_000, 'the server container is gone (--rm)');
    } finally {
      await client.close().catch(() => {});
    }
  });

  it("a second server leaves a live server's sandboxes alone", { timeout: 300_000 }, async () => {
    const first = await start('server-image-live-first-stderr.log');
    try {
      await answers(first.client, first.container);
      const before = sandboxesOfServerContainer(first.container);
      const second = await start('server-image-live-second-stderr.log');
      try {
        await answers(second.client, second.container); // its engine has started: its orphan sweep is done
        assert.deepEqual(sandboxesOfServerContainer(first.container), before, "the live server's sandboxes are still there");
        await answers(first.client, first.container);
      } finally {
        await second.client.close();
      }
    } finally {
      await first.client.close();
    }
    await eventually(() => !exists(first.container), 30_000, 'the first server container is gone');
  });

  it('without a reaper, the next server removes the sandboxes of a killed one', { timeout: 300_000 }, async () => {
    const first = await start('server-image-noreaper-stderr.log', { LEAN_DOCKER_MCP_REAPER: 'false' });
    let left;
    try {
      await answers(first.client, first.container);
      execFileSync('docker', ['kill', first.container]);
      await eventually(() => !exists(first.container), 10_000, 'the killed server container is gone (--rm)');
      left = sandboxesOfServerContainer(first.container);
      assert.ok(left.length > 0, 'with no reaper, the killed server leaves its sandboxes');
    } finally {
      await first.client.close().catch(() => {});
    }
    const second = await start('server-image-next-stderr.log');
    try {
      await answers(second.client, second.container);
      assert.deepEqual(sandboxesOfServerContainer(first.container), [], "the next server removed the dead server's sandboxes");
    } finally {
      await second.client.close();
      // Whatever the verdict, nothing of this test may outlive it.
      const stray = sandboxesOfServerContainer(first.container);
      if (stray.length > 0) {
        execFileSync('docker', ['rm', '-f', ...stray]);
      }
    }
    await eventually(() => !exists(second.container) && sandboxesOfServerContainer(second.container).length === 0,
      30_000, 'the second server and its sandboxes are gone');
  });
});
