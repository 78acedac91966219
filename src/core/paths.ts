/** Where canonize's own files (presets, schema) are, whether it runs from `dist/` or from the sources. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/** The directory of canonize's package.json. */
/** The folder of the user's rule tests (`canonize test`), beside the config, when none is given; never source. */
export const DEFAULT_TEST_DIR = 'canonize-tests';

export function packageRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'canonize') {
      return (cached = dir);
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find canonize package.json');
    dir = parent;
  }
}

/** The version in canonize's package.json. */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

/**
 * canonize's home page and the folder of its docs on the web, from package.json (`homepage`, `repository`): what
 * SARIF links to. The docs are those of the main branch. Undefined when package.json names neither: no link is
 * better than a made-up one.
 */
export function packageLinks(): { homepage: string; docs: string } | undefined {
  const manifest = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { homepage?: string; repository?: string | { url?: string } };
  const raw = typeof manifest.repository === 'string' ? manifest.repository : (manifest.repository?.url ?? '');
  // `git+https://github.com/o/r.git` → `https://github.com/o/r`.
  const repository = raw.replace(/^git\+/, '').replace(/\.git$/, '');
  const homepage = manifest.homepage ?? repository;
  if (!homepage) return undefined;
  return { homepage, docs: `${repository || homepage.replace(/#.*$/, '')}/blob/main/docs/` };
}
