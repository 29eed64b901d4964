// Writes config/config.schema.json and config/default-config.json from the compiled zod schema.
// Run it with `npm run config:generate`, which builds dist/ first.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import { createConfigFiles } from '../dist/config/create-config-files.js';

const configDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'config');

for (const [name, content] of Object.entries(createConfigFiles())) {
  const file = path.join(configDir, name);
  const options = await prettier.resolveConfig(file);
  const text = await prettier.format(JSON.stringify(content, null, 2), {
    ...options,
    filepath: file,
  });
  await writeFile(file, text);
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}
