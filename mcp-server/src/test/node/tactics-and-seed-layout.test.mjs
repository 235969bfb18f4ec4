// The TypeScript SDK client over stdio: apply-tactics tries its tactics at the same time, and the
// original server's three tools answer in its text layout, byte for byte.
//
// What comes from where. The proof state is Lean's (transcript proof_step: `def f : Nat := by sorry`,
// proof state 0). apply-tactics' parallelism and plumbing are real and measured: the proof state is
// pickled by the session's REPL, its bytes carried into other sandboxes, unpickled there (the
// stand-in refuses a missing or altered pickle), the tactics run side by side. Each tactic's outcome
// comes from its own directives (`sleep`, `say`); the stand-in's default answers (a pickling, an
// unpickling, a tactic without `say error`: "Completed", no goals) are not Lean's and nothing here
// relies on them as a verdict. The seed layout is compared on Lean's recorded answers.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createWriteStream, readFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { JAR, JAVA, IMAGE, LOG_DIR, transcriptCode } from './lib/server.mjs';

const CALL = { timeout: 120_000 };

/**
 * lean-docker-mcp's _format_execution_result (src/lean_docker_mcp/server.py, commit 8790804e,
 * lines 186-203), statement by statement.
 */
function formatExecutionResult(result, sessionId) {
  const stdout = result.stdout ?? '';
  const error = result.error ?? '';
  const status = result.status ?? '';
  const exitCode = 'exit_code' in result ? result.exit_code : -1;
  const sessionText = sessionId ? `Session ID: ${sessionId}\n\n` : '';
  const statusText = `Status: ${status}\n`;
  const exitCodeText = exitCode !== null && exitCode !== undefined ? `Exit Code: ${exitCode}\n\n` : '';
  const outputText = stdout ? `Output:\n${stdout}` : 'No output';
  const errorText = error ? `\n\nError: ${error}` : '';
  return `${sessionText}${statusText}${exitCodeText}${outputText}${errorText}`;
}

/** The first recorded answer of a transcript. */
function recordedAnswer(name) {
  const text = readFileSync(path.join(process.env.LEAN_TRANSCRIPTS, `${name}.expected.out`), 'utf8');
  return JSON.parse(text.split(/\n\s*\n/).find((block) => block.trim() !== ''));
}

/**
 * The original's result fields for a recorded answer: Lean's messages as the server prints them
 * (LINE:COL: severity: message), stripped; success unless an error; lean's exit code; the first
 * line of the first error, as the original's parse_lean_error took it.
 */
function seedFields(answer) {
  const messages = answer.messages ?? [];
  const lines = messages.map((m) => `${m.pos.line}:${m.pos.column}: ${m.severity}: ${m.data}`);
  const firstError = messages.find((m) => m.severity === 'error');
  const fields = { stdout: lines.join('\n').trim(), exit_code: firstError ? 1 : 0, status: firstError ? 'error' : 'success' };
  if (firstError) {
    fields.error = firstError.data.trim().split('\n')[0].trim();
  }
  return fields;
}

describe('apply-tactics and the original layout, with the TypeScript SDK client over stdio', () => {
  let client;

  before(async () => {
    const transport = new StdioClientTransport({
      command: JAVA,
      // Four warm sandboxes: the session's and room for copies of its proof state.
      args: ['-jar', JAR, 'serve', '--image', IMAGE, '--pool-size', '4', '--timeout', '30'],
      env: { ...process.env },
      stderr: 'pipe',
    });
    transport.stderr.pipe(createWriteStream(path.join(LOG_DIR, 'tactics-client-stderr.log')));
    client = new Client({ name: 'lean-sandbox-tactics-tests', version: '1.0.0' });
    await client.connect(transport);
  });

  after(async () => {
    await client?.close();
  });

  it('apply-tactics: four tactics of 1.5 s each take well under the sum of their times', CALL, async () => {
    const started = await client.callTool({ name: 'start-proof', arguments: { code: transcriptCode('proof_step') } },
      undefined, { timeout: 110_000 });
    assert.equal(started.isError, false, JSON.stringify(started));
    assert.equal(started.structuredContent.proof_states[0].proof_state, 0);
    const session = started.structuredContent.session_id;
    const tactics = [1, 2, 3, 4].map((i) => `--! standin: sleep 1500\n--! standin: say ${i === 2 ? 'error no luck' : `info attempt ${i}`}\nskip`);

    const t0 = Date.now();
    const result = await client.callTool({ name: 'apply-tactics', arguments: { session_id: session, proof_state: 0, tactics } },
      undefined, { timeout: 110_000 });
    const wall = Date.now() - t0;

    assert.equal(result.isError, false, JSON.stringify(result));
    const { attempts, repls } = result.structuredContent;
    const sum = attempts.reduce((total, a) => total + a.elapsed_ms, 0);
    const slowest = Math.max(...attempts.map((a) => a.elapsed_ms));
    console.log(`apply-tactics: wall ${wall} ms, slowest ${slowest} ms, sum ${sum} ms, ${repls} REPLs`);
    assert.ok(sum >= 6000, `each tactic slept 1.5 s: sum ${sum} ms`);
    assert.ok(wall < 0.65 * sum, `wall ${wall} ms is well under the sum ${sum} ms`);
    assert.ok(repls >= 3, `${repls} REPLs held the proof state`);

    assert.deepEqual(attempts.map((a) => a.tactic), tactics);
    assert.equal(attempts[1].outcome, 'failed');
    assert.equal(attempts[1].error, 'at 2:0 of the tactic: no luck');
    for (const i of [0, 2, 3]) {
      assert.ok(attempts[i].messages.some((m) => m.message === `attempt ${i + 1}`), JSON.stringify(attempts[i]));
    }
    assert.ok(attempts.some((a) => a.ran_on === 'copy'), 'some ran on copies');
    for (const a of attempts.filter((a) => a.ran_on === 'copy')) {
      assert.equal(a.proof_state, null, 'a copy hands out no proof state of the session');
    }
    assert.match(result.content[0].text, /^Session ID: .*\n\nProof State: 0: 4 tactics tried on \d REPLs in /);

    // The proof state stays valid.
    const again = await client.callTool({ name: 'apply-tactic',
      arguments: { session_id: session, proof_state: 0, tactic: '--! standin: say info still here\nskip' } }, undefined, CALL);
    assert.equal(again.isError, false, JSON.stringify(again));
    await client.callTool({ name: 'cleanup-session', arguments: { session_id: session } });
  });

  it("execute-lean: the original's layout, byte for byte, on recorded answers, unknown arguments ignored", CALL, async () => {
    for (const name of ['def_eval', 'app_type_mismatch']) {
      // An argument the original did not name is ignored, as the original ignored it.
      const result = await client.callTool({ name: 'execute-lean', arguments: { code: transcriptCode(name), kode: 'x' } },
        undefined, { timeout: 110_000 });
      assert.equal(result.isError, false, JSON.stringify(result));
      const expected = formatExecutionResult(seedFields(recordedAnswer(name)))
        + `\n\nRun Status: ${result.structuredContent.status}`;
      assert.equal(result.content[0].text, expected, name);
    }
  });

  it("execute-lean-persistent and cleanup-session: the original's layout and sentence, unknown arguments ignored", CALL, async () => {
    const result = await client.callTool({ name: 'execute-lean-persistent',
      arguments: { code: transcriptCode('def_eval'), session_id: 'seed-layout', language: 'lean4' } }, undefined, { timeout: 110_000 });
    assert.equal(result.isError, false, JSON.stringify(result));
    assert.equal(result.content[0].text, formatExecutionResult(seedFields(recordedAnswer('def_eval')), 'seed-layout')
      + '\n\nRun Status: SUCCESS');

    const closed = await client.callTool({ name: 'cleanup-session', arguments: { session_id: 'seed-layout', force: true } });
    assert.equal(closed.isError, false, JSON.stringify(closed));
    assert.ok(closed.content[0].text.startsWith('Session seed-layout cleaned up successfully: Session seed-layout cleaned up successfully\n\n'),
      closed.content[0].text);
    const nothing = await client.callTool({ name: 'cleanup-session', arguments: { session_id: 'seed-layout' } });
    assert.equal(nothing.isError, false);
    assert.equal(nothing.structuredContent.closed, false);
    assert.ok(nothing.content[0].text.startsWith(
      'Session seed-layout cleaned up successfully: No session found with ID seed-layout, so nothing was cleaned up'));
  });
});
