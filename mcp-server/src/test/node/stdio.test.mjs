// The official TypeScript MCP client drives `lean-sandbox serve` over stdio.
//
// Tools are discovered from tools/list: every listed tool gets its schemas checked and is called with
// bad arguments, so tools added later are covered without touching this file. execute-lean also gets
// good calls whose verdicts come from recorded transcripts of the real Lean REPL.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import Ajv2020 from 'ajv/dist/2020.js';
import { JAVA, LOG_DIR, serveArgs, transcriptCode, containersOf, sandboxesOf } from './lib/server.mjs';

const CALL_TIMEOUT = { timeout: 120_000 };

describe('MCP over stdio, with the TypeScript SDK client', () => {
  let client;
  let transport;
  let tools;
  let serverPid;

  before(async () => {
    transport = new StdioClientTransport({
      command: JAVA,
      args: serveArgs(),
      env: { ...process.env },
      stderr: 'pipe',
    });
    // stderr must be drained, or the server would block once the pipe is full.
    transport.stderr.pipe(createWriteStream(path.join(LOG_DIR, 'stdio-client-stderr.log')));
    client = new Client({ name: 'lean-sandbox-node-tests', version: '1.0.0' });
    await client.connect(transport);
    serverPid = transport.pid;
  });

  after(async () => {
    await client?.close(); // a no-op when the last test closed it
  });

  it('initializes: server name and the tools capability', () => {
    assert.equal(client.getServerVersion().name, 'lean-sandbox');
    assert.ok(client.getServerCapabilities().tools, 'tools capability advertised');
  });

  it('lists tools whose input and output schemas are valid JSON Schema objects', async () => {
    ({ tools } = await client.listTools());
    assert.ok(tools.length >= 1, 'at least one tool');
    assert.ok(tools.some((tool) => tool.name === 'execute-lean'), 'execute-lean is listed');
    const names = new Set();
    for (const tool of tools) {
      assert.match(tool.name, /^[A-Za-z0-9_.-]{1,128}$/, `tool name ${tool.name}`);
      assert.ok(!names.has(tool.name), `tool ${tool.name} listed once`);
      names.add(tool.name);
      assert.equal(typeof tool.description, 'string', `${tool.name}: description`);
      assert.ok(tool.description.length > 0, `${tool.name}: description not empty`);
      for (const kind of ['inputSchema', 'outputSchema']) {
        const schema = tool[kind];
        if (kind === 'outputSchema' && schema === undefined) {
          continue;
        }
        assert.equal(schema?.type, 'object', `${tool.name}: ${kind}.type must be "object"`);
        const ajv = new Ajv2020({ strict: false, allErrors: true });
        assert.ok(ajv.validateSchema(schema), `${tool.name}: ${kind} is not valid JSON Schema: ${ajv.errorsText(ajv.errors)}`);
        assert.doesNotThrow(() => ajv.compile(schema), `${tool.name}: ${kind} compiles`);
      }
      for (const required of tool.inputSchema.required ?? []) {
        assert.ok(required in (tool.inputSchema.properties ?? {}), `${tool.name}: required '${required}' is a property`);
      }
    }
  });

  it('execute-lean: accepted code (transcript def_eval) is SUCCESS and matches the output schema', CALL_TIMEOUT, async () => {
    const result = await client.callTool({ name: 'execute-lean', arguments: { code: transcriptCode('def_eval') } },
      undefined, { timeout: 110_000 });
    assert.equal(result.isError, false, JSON.stringify(result));
    assert.equal(result.structuredContent.status, 'SUCCESS');
    assert.equal(result.structuredContent.exit_code, 0);
    assert.deepEqual(result.structuredContent.diagnostics, []);
    assert.equal(result.content[0].type, 'text');
    assertMatchesOutputSchema('execute-lean', result.structuredContent);
  });

  it('execute-lean: a Lean error (transcript app_type_mismatch) is a verdict, not a tool error', CALL_TIMEOUT, async () => {
    const result = await client.callTool({ name: 'execute-lean', arguments: { code: transcriptCode('app_type_mismatch') } },
      undefined, { timeout: 110_000 });
    assert.equal(result.isError, false, JSON.stringify(result));
    assert.equal(result.structuredContent.status, 'ERROR');
    assert.equal(result.structuredContent.exit_code, 1);
    const errors = result.structuredContent.diagnostics.filter((d) => d.severity === 'error');
    assert.equal(errors[0].message, "(kernel) declaration has metavariables '_example'");
    assert.equal(errors[0].line, 1);
    assertMatchesOutputSchema('execute-lean', result.structuredContent);
  });

  const badExecuteLeanArguments = [
    ['missing code', {}, /code/],
    ['empty code', { code: '' }, /empty/],
    ['blank code', { code: '  \n\t' }, /empty/],
    ['code as a number', { code: 42 }, /string/],
    ['code as null', { code: null }, /string|code/],
    ['code as an array', { code: ['def f := 37'] }, /string/],
    ['code as an object', { code: { text: 'def f := 37' } }, /string/],
    // An unknown argument is ignored, as the original server ignored it (tactics-and-seed-layout.test.mjs).
    ['10 MB of code', { code: 'def f := 37\n' + '-'.repeat(10 * 1024 * 1024) }, /byte|large|long|size|limit/i],
  ];
  for (const [what, args, message] of badExecuteLeanArguments) {
    it(`execute-lean with ${what} is refused, and the server answers the next call`, CALL_TIMEOUT, async () => {
      const refusal = await refused('execute-lean', args);
      assert.match(refusal, message);
      await stillServing();
    });
  }

  it('an unknown tool is refused, and the server answers the next call', async () => {
    const refusal = await refused('no-such-tool', { code: 'def f := 37' });
    assert.match(refusal, /no-such-tool|unknown|not found/i);
    await stillServing();
  });

  it('every listed tool refuses bad arguments, and the server answers the next call', CALL_TIMEOUT, async () => {
    tools ??= (await client.listTools()).tools;
    for (const tool of tools) {
      for (const [what, args] of badArgumentsFor(tool.inputSchema)) {
        const refusal = await refused(tool.name, args);
        assert.ok(refusal.length > 0, `${tool.name} with ${what}: the refusal says why`);
        await stillServing();
      }
    }
  });

  it('the server owns its sandboxes while it runs', () => {
    assert.ok(serverPid > 0);
    assert.ok(sandboxesOf(serverPid).length > 0, 'containers labelled with the server pid');
  });

  it('closing the client ends the server, and its sandboxes go with it', { timeout: 60_000 }, async () => {
    await client.close(); // ends stdin; the SDK waits 2 s, then sends SIGTERM, then SIGKILL
    const deadline = Date.now() + 30_000;
    while ((isAlive(serverPid) || containersOf(serverPid).length > 0) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    assert.equal(isAlive(serverPid), false, 'the server process has exited');
    assert.deepEqual(containersOf(serverPid), [], 'containers left by the server');
  });

  /** Calls a tool that must refuse: an isError result or a JSON-RPC error. Returns the reason. */
  async function refused(name, args) {
    try {
      const result = await client.callTool({ name, arguments: args }, undefined, { timeout: 110_000 });
      assert.equal(result.isError, true, `${name}(${preview(args)}) must be refused, got ${preview(result)}`);
      return result.content.map((part) => part.text ?? '').join('\n');
    } catch (error) {
      assert.ok(error instanceof McpError, `${name}(${preview(args)}): ${error}`);
      return error.message;
    }
  }

  async function stillServing() {
    const { tools: listed } = await client.listTools();
    assert.ok(listed.length >= 1);
  }

  function assertMatchesOutputSchema(name, structured) {
    const schema = tools.find((tool) => tool.name === name).outputSchema;
    const validate = new Ajv2020({ strict: false, allErrors: true }).compile(schema);
    assert.ok(validate(structured), `${name}: structuredContent fails its outputSchema: ${JSON.stringify(validate.errors)}`);
  }
});

/**
 * Bad argument sets derived from an input schema: an unknown argument (when additionalProperties is
 * false), no arguments (when some are required), and each property with a value of a type it does
 * not allow (the other required properties given plausible values).
 */
function badArgumentsFor(schema) {
  const properties = schema.properties ?? {};
  const required = schema.required ?? [];
  const cases = [];
  if (schema.additionalProperties === false) {
    cases.push(['an unknown argument', { ...plausible(properties, required), no_such_argument: 1 }]);
  }
  if (required.length > 0) {
    cases.push(['no arguments', {}]);
  }
  for (const [name, property] of Object.entries(properties)) {
    const wrong = wrongValueFor(property);
    if (wrong !== undefined) {
      cases.push([`${name} of the wrong type`, { ...plausible(properties, required), [name]: wrong }]);
    }
  }
  return cases;
}

function plausible(properties, required) {
  const values = {};
  for (const name of required) {
    const types = typesOf(properties[name]);
    values[name] = types.includes('string') ? 'x' : types.includes('integer') || types.includes('number') ? 0
      : types.includes('boolean') ? false : types.includes('array') ? [] : types.includes('object') ? {} : null;
  }
  return values;
}

function wrongValueFor(property) {
  const types = typesOf(property);
  if (types.length === 0) {
    return undefined; // anything goes
  }
  const candidates = [['object', { not: 'expected' }], ['array', [1, 2]], ['boolean', true], ['integer', 42], ['string', 'x']];
  for (const [type, value] of candidates) {
    const allowed = types.includes(type) || (type === 'integer' && types.includes('number'));
    if (!allowed) {
      return value;
    }
  }
  return undefined;
}

function typesOf(property) {
  if (!property || property.type === undefined) {
    return [];
  }
  return Array.isArray(property.type) ? property.type : [property.type];
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function preview(value) {
  const text = JSON.stringify(value);
  return text.length > 200 ? `${text.slice(0, 200)}...` : text;
}
