import { describe, expect, it } from 'vitest';
import { configSchema, type FolderConfig } from '../../src/config/config-schema.js';
import { planFolderChanges } from '../../src/daemon/plan-folder-changes.js';

function parseFolders(folders: unknown[]): FolderConfig[] {
  return configSchema.parse({ version: 1, folders }).folders;
}

describe('planFolderChanges', () => {
  const inbox = { path: '/home/ada/Inbox', mode: 'output', output: '/home/ada/Out' };
  const shots = { path: '/home/ada/Shots', mode: 'in-place' };

  it('finds added and removed folders by path', () => {
    const changes = planFolderChanges(parseFolders([inbox]), parseFolders([shots]));

    expect(changes.added.map((folder) => folder.path)).toEqual([shots.path]);
    expect(changes.removed.map((folder) => folder.path)).toEqual([inbox.path]);
    expect(changes.updated).toEqual([]);
  });

  it('reports nothing for equal folders', () => {
    const changes = planFolderChanges(parseFolders([inbox, shots]), parseFolders([shots, inbox]));

    expect(changes).toEqual({ added: [], removed: [], updated: [] });
  });

  it('keeps the watcher when only keep rules change', () => {
    const previous = parseFolders([shots]);
    const next = parseFolders([{ ...shots, keep: { orientation: false } }]);

    const changes = planFolderChanges(previous, next);

    expect(changes.updated).toHaveLength(1);
    expect(changes.updated[0]?.next.keep).toEqual({ orientation: false });
    expect(changes.updated[0]?.needsRewatch).toBe(false);
  });

  it('watches again when recursive changes', () => {
    const changes = planFolderChanges(
      parseFolders([shots]),
      parseFolders([{ ...shots, recursive: false }]),
    );

    expect(changes.updated[0]?.needsRewatch).toBe(true);
  });
});
