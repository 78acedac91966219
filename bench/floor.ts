/**
 * The floor: read every source file of a tree once (what any tool that looks at every file must at least do), from
 * the same runtime canonize runs on. `node floor.js DIR` prints the files and bytes read.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const SOURCE = /\.(py|pyi|ts|tsx|mts|cts)$/;
let files = 0;
let bytes = 0;
const walk = (dir: string): void => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === '.git' || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path);
    else if (entry.isFile() && SOURCE.test(entry.name)) {
      bytes += readFileSync(path).length;
      files++;
    }
  }
};
walk(process.argv[2] ?? '.');
console.log(`${files} files, ${bytes} bytes`);
