/**
 * The planner's prefilter: which transforms could apply to a file, decided on its raw bytes or text before any
 * parse, from each transform's literal needles and its own `mightApply`. See docs/performance.md.
 */
import type { ProjectIndex, SourceFile, Transform } from '../core/types.js';
import { EMPTY_PROJECT } from './project-index.js';

const minimal = new WeakMap<readonly string[], readonly string[]>();

/** Needles without those that contain another one of the list (if `manager` is absent, so is `unified_manager`). */
function minimalNeedles(needles: readonly string[]): readonly string[] {
  let out = minimal.get(needles);
  if (!out) minimal.set(needles, (out = [...new Set(needles)].filter((n, _, all) => !all.some((m) => m !== n && n.includes(m)))));
  return out;
}

/** The transforms that could apply to a file, by language, literal needles and each one's `mightApply` (the rules' own, such as rules/move/prefilter.ts). */
export function applicableTransforms(
  file: { language: SourceFile['language']; path?: string },
  haystack: string | Buffer,
  transforms: readonly Transform[],
  project: ProjectIndex = EMPTY_PROJECT,
  collectSites = false,
): Transform[] {
  // A needle is searched for once per file, however many transforms list it.
  const seen = new Map<string, boolean>();
  const has = (needle: string) => {
    let hit = seen.get(needle);
    if (hit === undefined) seen.set(needle, (hit = haystack.includes(needle)));
    return hit;
  };
  const found = (needles: readonly string[]) => minimalNeedles(needles).some(has);
  let text: string | undefined;
  const finer = (t: Transform) => !t.mightApply || t.mightApply((text ??= typeof haystack === 'string' ? haystack : haystack.toString('latin1')), { collectSites, project });
  return transforms.filter(
    (t) =>
      t.languages.includes(file.language) &&
      (t.needles.length === 0 ||
        found(t.needles) ||
        found(t.projectNeedles?.(project) ?? []) ||
        (file.path !== undefined && found(t.pathNeedles?.(file.path) ?? [])) ||
        (collectSites && found(t.siteNeedles ?? []))) &&
      finer(t),
  );
}
