/** Small helpers the discovery modules share: list-valued maps, one order for every sort, and what a test file is. */

/** Append `value` to the list under `key`, creating it (in place: no copying, so grouping stays linear). */
export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Plain code-unit order, independent of locale. */
export const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Test files: under a `test` / `tests` / `__tests__` directory, or named `test_*.py`, `*_test.py`, `conftest.py`, `*.test.ts`, `*.spec.ts`. */
export function isTestPath(file: string): boolean {
  const parts = file.split('/');
  const base = parts[parts.length - 1]!;
  if (parts.slice(0, -1).some((d) => d === 'test' || d === 'tests' || d === '__tests__')) return true;
  return /^test_.*\.pyi?$|_test\.pyi?$|^conftest\.py$|\.(test|spec)\.[cm]?tsx?$/.test(base);
}
