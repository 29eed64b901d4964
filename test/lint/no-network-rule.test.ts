import { ESLint } from 'eslint';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// The samples are not on disk, so the type-aware rules (which need the TypeScript project)
// are switched off; the network rules need no types.
const eslint = new ESLint({
  cwd: REPO_ROOT,
  overrideConfig: [{ files: ['**/*.ts'], ...tseslint.configs.disableTypeChecked }],
});

const NETWORK_RULES = new Set([
  'no-restricted-imports',
  'no-restricted-syntax',
  'no-restricted-globals',
  'no-restricted-properties',
]);

/** Lints `code` as if it were the file `filePath` and returns the network rules that fired. */
async function lintNetworkRules(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(REPO_ROOT, filePath) });
  return (result?.messages ?? [])
    .map((message) => message.ruleId ?? `fatal: ${message.message}`)
    .filter((ruleId) => NETWORK_RULES.has(ruleId) || ruleId.startsWith('fatal'));
}

const MODULES = ['http', 'https', 'http2', 'dgram', 'dns', 'tls', 'net'];

describe('no-network lint rule', () => {
  it.each(MODULES.flatMap((name) => [name, `node:${name}`]))('rejects %s in src', async (name) => {
    const rules = await lintNetworkRules(
      `import m from '${name}';\nexport { m };\n`,
      'src/cli/x.ts',
    );

    expect(rules).toEqual(['no-restricted-imports']);
  });

  it.each([
    ["import { lookup } from 'node:dns/promises';\nexport { lookup };\n", 'no-restricted-imports'],
    ["import { request } from 'undici';\nexport { request };\n", 'no-restricted-imports'],
    ["export const m = await import('node:https');\n", 'no-restricted-syntax'],
    ["export const m = require('net');\n", 'no-restricted-syntax'],
    ["export const r = fetch('https://example.invalid');\n", 'no-restricted-globals'],
    ["export const r = globalThis.fetch('/x');\n", 'no-restricted-properties'],
    ["export const s = new WebSocket('ws://example.invalid');\n", 'no-restricted-globals'],
    ["export const e = new EventSource('/events');\n", 'no-restricted-globals'],
  ])('rejects %j', async (code, rule) => {
    expect(await lintNetworkRules(code, 'src/daemon/x.ts')).toEqual([rule]);
  });

  it.each([
    'src/daemon/claim-socket.ts',
    'src/daemon/control-server.ts',
    'src/daemon/control-server-handlers.ts',
    'src/shared/protocol/socket-client.ts',
  ])('allows net in %s', async (filePath) => {
    const rules = await lintNetworkRules(
      "import net from 'node:net';\nexport { net };\n",
      filePath,
    );

    expect(rules).toEqual([]);
  });

  it('rejects fetch in a socket module', async () => {
    const rules = await lintNetworkRules(
      "export const r = fetch('/x');\n",
      'src/shared/protocol/socket-client.ts',
    );

    expect(rules).toEqual(['no-restricted-globals']);
  });

  it('allows other modules', async () => {
    const code = "import path from 'node:path';\nimport os from 'node:os';\nexport { path, os };\n";

    expect(await lintNetworkRules(code, 'src/cli/x.ts')).toEqual([]);
  });

  it('leaves tests alone', async () => {
    const code = "import http from 'node:http';\nexport { http };\n";

    expect(await lintNetworkRules(code, 'test/x.test.ts')).toEqual([]);
  });
});
