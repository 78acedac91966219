/** Small helpers the discovery modules share: list-valued maps, and one order for every sort. */

/** Append `value` to the list under `key`, creating it (in place: no copying, so grouping stays linear). */
export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Plain code-unit order, independent of locale. */
export const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
