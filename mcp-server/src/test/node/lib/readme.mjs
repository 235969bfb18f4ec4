// The README's client configurations, as a user copies them: the json block of each way to install
// (README "Install": "### Server image", "### Release jar", "### From source").
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';

export const CHECKOUT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', '..');

/** The `mcpServers['lean-sandbox']` entry of the first json block under the README heading `### heading` in "## Install". */
export function readmeServer(heading) {
  const readme = readFileSync(path.join(CHECKOUT, 'README.md'), 'utf8');
  const install = readme.indexOf('\n## Install\n');
  assert.ok(install >= 0, 'README has a section "Install"');
  const start = readme.indexOf(`\n### ${heading}\n`, install);
  assert.ok(start >= 0, `README's Install has a subsection "${heading}"`);
  const next = readme.slice(start + 1).search(/\n##+ /);
  const section = next < 0 ? readme.slice(start) : readme.slice(start, start + 1 + next);
  const block = /```json\n([\s\S]*?)```/.exec(section);
  assert.ok(block, `"${heading}" has a json block`);
  return JSON.parse(block[1]).mcpServers['lean-sandbox'];
}
