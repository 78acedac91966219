// NodeNext: relative specifiers carry their runtime extension.
import { start } from '../runtime.js';

start();
export async function later(): Promise<void> {
  const { start: again } = await import('../runtime.js');
  again();
}
