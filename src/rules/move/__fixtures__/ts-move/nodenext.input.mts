// NodeNext: relative specifiers carry their runtime extension.
import { boot } from '../legacy.js';

boot();
export async function later(): Promise<void> {
  const { boot: again } = await import('../legacy.js');
  again();
}
