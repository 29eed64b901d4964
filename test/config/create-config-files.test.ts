import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { configSchema } from '../../src/config/config-schema.js';
import { createConfigFiles } from '../../src/config/create-config-files.js';
import { createDefaultConfig } from '../../src/config/default-config.js';
import { resolveLocations } from '../../src/shared/paths.js';

const CONFIG_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../config');

async function readJson(name: string): Promise<unknown> {
  return JSON.parse(await readFile(path.join(CONFIG_DIR, name), 'utf8'));
}

describe('createConfigFiles', () => {
  it.each(Object.keys(createConfigFiles()))(
    'matches config/%s (run npm run config:generate)',
    async (name) => {
      expect(await readJson(name)).toEqual(createConfigFiles()[name]);
    },
  );

  it('covers every JSON file in config/', async () => {
    const jsonFiles = (await readdir(CONFIG_DIR)).filter((name) => name.endsWith('.json'));

    expect(jsonFiles.sort()).toEqual(Object.keys(createConfigFiles()).sort());
  });

  it('writes a default config the schema accepts unchanged', async () => {
    const defaults = await readJson('default-config.json');

    expect(configSchema.parse(defaults)).toEqual(defaults);
  });

  it('writes the same default config for every home', () => {
    const files = createConfigFiles();

    expect(files['default-config.json']).toEqual(
      createDefaultConfig(resolveLocations({}, 'darwin', '/Users/someone')),
    );
  });

  it('generates the schema from the zod schema', () => {
    const schema = createConfigFiles()['config.schema.json'] as Record<string, unknown>;

    expect(schema).toMatchObject(z.toJSONSchema(configSchema, { io: 'input' }));
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(['version', 'folders']);
  });
});
