import * as z from 'zod';
import { resolveLocations } from '../shared/paths.js';
import { configSchema } from './config-schema.js';
import { createDefaultConfig } from './default-config.js';

/**
 * Creates the contents of the files kept in `config/`, keyed by file name: the JSON Schema of
 * `config.json` (generated from the zod schema, describing the file as written) and the default
 * config. `npm run config:generate` writes them; a test checks that they match.
 */
export function createConfigFiles(): Record<string, unknown> {
  const schema = z.toJSONSchema(configSchema, { io: 'input', target: 'draft-2020-12' });
  // The placeholder home never appears in the output: default folders are written with `~/`.
  const locations = resolveLocations({}, 'linux', '/home/user');
  return {
    'config.schema.json': { ...schema, title: 'MetaClear config.json' },
    'default-config.json': createDefaultConfig(locations),
  };
}
