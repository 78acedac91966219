import { fetchReport } from '../legacy/reports';
import { Money } from '../legacy/Money';

// JavaScript with JSX: the compiler reads it as JSX too.
export function Total({ items }) {
  return (
    <div>
      Shipping & handling: <Money value={items.length} />
    </div>
  );
}

export const load = fetchReport;
