import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Nothing leaves the machine: the only socket is the daemon's Unix socket, so Node's network
// modules are allowed only in the modules that serve or connect to it.
const NETWORK_MODULE = '^(node:)?(http|https|http2|dgram|dns|tls|net)(/.*)?$';
// esquery ends a regex at the first `/`, so selectors spell it as an escape.
const NETWORK_MODULE_IN_SELECTOR = NETWORK_MODULE.replace('/', '\\u002F');
const NETWORK_MESSAGE =
  'MetaClear opens no network connection; only the socket modules may use this module.';
const SOCKET_MODULES = [
  'src/daemon/claim-socket.ts',
  'src/daemon/control-server*.ts',
  'src/daemon/control-connection.ts',
  'src/shared/protocol/**',
];
const NETWORK_GLOBALS = ['fetch', 'WebSocket', 'EventSource'].map((name) => ({
  name,
  message: `MetaClear opens no network connection, so \`${name}\` is not allowed in src/.`,
}));

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      globals: globals.node,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      'no-console': 'error',
    },
  },
  {
    files: ['src/cli/**', 'test/**', 'scripts/**', 'bin/**', '.ci/**'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['src/**'],
    ignores: SOCKET_MODULES,
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: NETWORK_MODULE, message: NETWORK_MESSAGE }, { group: ['undici'] }] },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: `ImportExpression[source.value=/${NETWORK_MODULE_IN_SELECTOR}/]`,
          message: NETWORK_MESSAGE,
        },
        {
          selector: `CallExpression[callee.name='require'][arguments.0.value=/${NETWORK_MODULE_IN_SELECTOR}/]`,
          message: NETWORK_MESSAGE,
        },
      ],
    },
  },
  {
    files: ['src/**'],
    rules: {
      'no-restricted-globals': ['error', ...NETWORK_GLOBALS],
      'no-restricted-properties': [
        'error',
        ...NETWORK_GLOBALS.flatMap(({ name, message }) =>
          ['globalThis', 'window', 'self', 'global'].map((object) => ({
            object,
            property: name,
            message,
          })),
        ),
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
  },
);
