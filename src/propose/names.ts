/**
 * Similar names: when `init --discover` takes two definitions in different modules to be one symbol under an old
 * and a new name (`UnifiedWebSocketManager` and `WebSocketManager`), and when it only reports the likeness. A name
 * is reduced to its core by stripping old-name markers (a rename) or variant markers (reported, never proposed)
 * from its ends; nothing else is fuzzy. The markers and their effect: docs/discover.md (How similar names are
 * matched).
 */

/** Words that mark an earlier name of the same symbol. */
const OLD_NAME_PREFIXES = ['Unified', 'Legacy', 'Deprecated', 'Old', 'Compat'];
const OLD_NAME_SUFFIXES = ['Implementation', 'Impl', 'Compat', 'Legacy'];
/** Words that mark a variant: related, but not interchangeable. */
const VARIANT_PREFIXES = ['Isolated', 'Async', 'Sync', 'Base', 'Abstract', 'Default', 'Mock', 'Fake', 'Stub', 'Dummy', 'Test'];
const VARIANT_SUFFIXES = ['Async', 'Sync', 'Base', 'Mock', 'Fake', 'Stub'];

/** The shortest core a name may be reduced to (so `OldAB` never becomes `AB`). */
const MIN_CORE = 3;

/** A name reduced to its core, and what was stripped. */
export interface NameCore {
  name: string;
  core: string;
  /** The stripped markers in the order they were removed: `_`, `Unified`, `_sync`, … */
  markers: string[];
  /** `none`: nothing stripped; `old-name`: only old-name markers; `variant`: at least one variant marker. */
  kind: 'none' | 'old-name' | 'variant';
}

interface Marker {
  word: string;
  variant: boolean;
  at: 'start' | 'end';
}

const MARKERS: Marker[] = [
  ...OLD_NAME_PREFIXES.map((word): Marker => ({ word, variant: false, at: 'start' })),
  ...OLD_NAME_SUFFIXES.map((word): Marker => ({ word, variant: false, at: 'end' })),
  ...VARIANT_PREFIXES.map((word): Marker => ({ word, variant: true, at: 'start' })),
  ...VARIANT_SUFFIXES.map((word): Marker => ({ word, variant: true, at: 'end' })),
];

/** Strip one marker from `name` if it stands at a word boundary, returning the rest and the marker as written. */
function stripOne(name: string, marker: Marker): { rest: string; written: string } | undefined {
  const { word, at } = marker;
  const snake = word.toLowerCase();
  if (at === 'start') {
    // CamelCase: `UnifiedWebSocketManager`; snake_case: `legacy_create_manager`.
    if (name.startsWith(word) && /^[A-Z]/.test(name.slice(word.length))) return { rest: name.slice(word.length), written: word };
    if (name.startsWith(`${snake}_`)) return { rest: name.slice(snake.length + 1), written: `${snake}_` };
    return undefined;
  }
  if (name.endsWith(word) && /[a-z0-9]$/.test(name.slice(0, -word.length))) return { rest: name.slice(0, -word.length), written: word };
  if (name.endsWith(`_${snake}`)) return { rest: name.slice(0, -(snake.length + 1)), written: `_${snake}` };
  return undefined;
}

/** Reduce a name to its core (see the module comment). */
export function nameCore(name: string): NameCore {
  const markers: string[] = [];
  let variant = false;
  let core = name;
  const underscores = /^_+/.exec(core)?.[0] ?? '';
  if (underscores !== '' && core.length - underscores.length >= MIN_CORE && !core.endsWith('__')) {
    core = core.slice(underscores.length);
    markers.push(underscores);
  }
  for (let changed = true; changed; ) {
    changed = false;
    for (const marker of MARKERS) {
      const stripped = stripOne(core, marker);
      if (!stripped || stripped.rest.length < MIN_CORE) continue;
      core = stripped.rest;
      markers.push(stripped.written);
      variant ||= marker.variant;
      changed = true;
      break;
    }
  }
  return { name, core, markers, kind: markers.length === 0 ? 'none' : variant ? 'variant' : 'old-name' };
}

/** How the markers of a name read in a comment: `prefix "Unified"`, `leading "_" and suffix "Impl"`. */
export function describeMarkers(core: NameCore): string {
  return core.markers.map((m) => (m.startsWith('_') && /^_+$/.test(m) ? `leading "${m}"` : `"${m}"`)).join(' and ');
}
