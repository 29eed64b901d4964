// Starts the MetaClear tray: `npm run tray`. Electron and menubar live in their own package,
// src/tray/runtime. Electron 45 installs only on Node.js 22.12 or later, while the daemon and
// CLI support Node.js 20. Electron also downloads its binary at install time, which must not
// make the project's own `npm ci` fail. The first start installs that
// package with `npm ci`; every start rebuilds dist/ and the tray app, then runs Electron in the
// foreground. `metaclear tray` starts the same app in the background.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RUNTIME_DIR = path.join(REPO_ROOT, 'src', 'tray', 'runtime');
const APP_DIR = path.join(REPO_ROOT, 'dist', 'tray-app');
const MIN_NODE = [22, 12];

const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
if (major < MIN_NODE[0] || (major === MIN_NODE[0] && minor < MIN_NODE[1])) {
  console.error(
    `metaclear tray: Electron needs Node.js ${MIN_NODE.join('.')} or later to install, and this is ${process.versions.node}. ` +
      'Install a newer Node.js, or use the daemon and CLI, which run on Node.js 20.',
  );
  process.exit(1);
}

if (!existsSync(path.join(RUNTIME_DIR, 'node_modules', 'electron', 'package.json'))) {
  console.log('metaclear tray: installing Electron and menubar into src/tray/runtime (once)');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: RUNTIME_DIR, stdio: 'inherit' });
}

const tsc = path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
  cwd: REPO_ROOT,
  stdio: 'inherit',
});
execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'build-tray.js'), APP_DIR], {
  cwd: REPO_ROOT,
  stdio: 'inherit',
});

const launcherUrl = pathToFileURL(path.join(REPO_ROOT, 'dist', 'cli', 'tray', 'launch-tray.js'));
const { getTrayPaths, launchTray } = await import(launcherUrl.href);
const child = await launchTray({
  paths: getTrayPaths(REPO_ROOT),
  env: process.env,
  detached: false,
});
child.on('exit', (code, signal) => {
  process.exitCode = code ?? (signal === null ? 0 : 1);
});
