import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  expandHome,
  getSocketFallbackDir,
  MAX_SOCKET_PATH_BYTES,
  resolveLocations,
} from '../../src/shared/paths.js';

const HOME = '/home/ada';

describe('resolveLocations', () => {
  it('uses Application Support and Logs on macOS', () => {
    const locations = resolveLocations({}, 'darwin', '/Users/ada');
    const support = '/Users/ada/Library/Application Support/MetaClear';

    expect(locations.home).toBe('/Users/ada');
    expect(locations.configFile).toBe(`${support}/config.json`);
    expect(locations.stateDir).toBe(support);
    expect(locations.socketPath).toBe(`${support}/metaclear.sock`);
    expect(locations.logDir).toBe('/Users/ada/Library/Logs/MetaClear');
    expect(locations.defaultInbox).toBe('/Users/ada/MetaClear/To Clean');
    expect(locations.defaultOutput).toBe('/Users/ada/MetaClear/Cleaned');
    expect(locations.defaultVault).toBe('/Users/ada/MetaClear/Originals');
  });

  it('ignores XDG variables on macOS', () => {
    const env = { XDG_CONFIG_HOME: '/xdg/config', XDG_RUNTIME_DIR: '/run/user/501' };
    const locations = resolveLocations(env, 'darwin', '/Users/ada');

    expect(locations.configFile).toBe(
      '/Users/ada/Library/Application Support/MetaClear/config.json',
    );
    expect(locations.socketPath).toBe(
      '/Users/ada/Library/Application Support/MetaClear/metaclear.sock',
    );
  });

  it('uses XDG defaults on Linux', () => {
    const locations = resolveLocations({}, 'linux', HOME);

    expect(locations.configFile).toBe(`${HOME}/.config/metaclear/config.json`);
    expect(locations.stateDir).toBe(`${HOME}/.local/state/metaclear`);
    expect(locations.socketPath).toBe(`${HOME}/.local/state/metaclear/metaclear.sock`);
    expect(locations.logDir).toBe(`${HOME}/.local/state/metaclear/logs`);
    expect(locations.defaultInbox).toBe(`${HOME}/MetaClear/To Clean`);
    expect(locations.defaultOutput).toBe(`${HOME}/MetaClear/Cleaned`);
    expect(locations.defaultVault).toBe(`${HOME}/MetaClear/Originals`);
  });

  it('follows XDG variables on Linux', () => {
    const env = {
      XDG_CONFIG_HOME: '/xdg/config',
      XDG_STATE_HOME: '/xdg/state',
      XDG_RUNTIME_DIR: '/run/user/1000',
    };
    const locations = resolveLocations(env, 'linux', HOME);

    expect(locations.configFile).toBe('/xdg/config/metaclear/config.json');
    expect(locations.stateDir).toBe('/xdg/state/metaclear');
    expect(locations.socketPath).toBe('/run/user/1000/metaclear.sock');
    expect(locations.logDir).toBe('/xdg/state/metaclear/logs');
  });

  it('ignores relative and empty XDG variables', () => {
    const env = { XDG_CONFIG_HOME: 'relative/config', XDG_STATE_HOME: '', XDG_RUNTIME_DIR: 'run' };
    const locations = resolveLocations(env, 'linux', HOME);

    expect(locations.configFile).toBe(`${HOME}/.config/metaclear/config.json`);
    expect(locations.stateDir).toBe(`${HOME}/.local/state/metaclear`);
    expect(locations.socketPath).toBe(`${HOME}/.local/state/metaclear/metaclear.sock`);
  });

  it.each(['darwin', 'linux'] as const)(
    'puts everything under METACLEAR_HOME on %s',
    (platform) => {
      const env = { METACLEAR_HOME: '/srv/mc', XDG_RUNTIME_DIR: '/run/user/1000' };
      const locations = resolveLocations(env, platform, HOME);

      expect(locations.home).toBe(HOME);
      expect(locations.configFile).toBe('/srv/mc/config/config.json');
      expect(locations.stateDir).toBe('/srv/mc/state');
      expect(locations.socketPath).toBe('/srv/mc/state/metaclear.sock');
      expect(locations.logDir).toBe('/srv/mc/logs');
      expect(locations.defaultInbox).toBe('/srv/mc/To Clean');
      expect(locations.defaultOutput).toBe('/srv/mc/Cleaned');
      expect(locations.defaultVault).toBe('/srv/mc/Originals');
    },
  );

  it('resolves a relative METACLEAR_HOME against the working directory', () => {
    const locations = resolveLocations({ METACLEAR_HOME: 'mc-home' }, 'linux', HOME);

    expect(locations.stateDir).toBe(path.resolve('mc-home', 'state'));
  });

  it('moves a socket path over 100 bytes to the temp folder', () => {
    const longHome = `/srv/${'deep-folder-name/'.repeat(6)}mc`;
    const locations = resolveLocations({ METACLEAR_HOME: longHome }, 'linux', HOME);
    const digest = createHash('sha256').update(`${longHome}/state`).digest('hex');
    const uid = process.getuid?.() ?? os.userInfo().uid;

    expect(Buffer.byteLength(`${longHome}/state/metaclear.sock`)).toBeGreaterThan(
      MAX_SOCKET_PATH_BYTES,
    );
    expect(locations.socketPath).toBe(
      path.join(os.tmpdir(), `metaclear-${uid}`, `${digest.slice(0, 12)}.sock`),
    );
    expect(path.dirname(locations.socketPath)).toBe(getSocketFallbackDir());
  });

  it('counts the socket path length in bytes, not characters', () => {
    // 30 three-byte characters: 30 characters but 90 bytes, which overflows with the rest.
    const locations = resolveLocations({ METACLEAR_HOME: `/m/${'文'.repeat(30)}` }, 'linux', HOME);

    expect(path.dirname(locations.socketPath)).toBe(getSocketFallbackDir());
  });

  it('keeps a socket path of exactly 100 bytes', () => {
    const suffix = '/state/metaclear.sock';
    const metaclearHome = `/${'a'.repeat(MAX_SOCKET_PATH_BYTES - suffix.length - 1)}`;
    const locations = resolveLocations({ METACLEAR_HOME: metaclearHome }, 'linux', HOME);

    expect(Buffer.byteLength(locations.socketPath)).toBe(MAX_SOCKET_PATH_BYTES);
    expect(locations.socketPath).toBe(`${metaclearHome}${suffix}`);
  });
});

describe('expandHome', () => {
  it('expands a bare tilde', () => {
    expect(expandHome('~', HOME)).toBe(HOME);
  });

  it('expands a leading tilde and slash', () => {
    expect(expandHome('~/MetaClear/To Clean', HOME)).toBe(`${HOME}/MetaClear/To Clean`);
  });

  it('leaves other paths unchanged', () => {
    expect(expandHome('/srv/photos', HOME)).toBe('/srv/photos');
    expect(expandHome('~ada/photos', HOME)).toBe('~ada/photos');
    expect(expandHome('photos/~', HOME)).toBe('photos/~');
  });

  it('uses the given home even when METACLEAR_HOME is set', () => {
    const locations = resolveLocations({ METACLEAR_HOME: '/srv/mc' }, 'linux', HOME);

    expect(expandHome('~/Pictures', locations.home)).toBe(`${HOME}/Pictures`);
  });
});
