import { fetchReport } from '@/services/reports';
import { Amount } from '@/components/Amount';

// JavaScript with JSX: the compiler reads it as JSX too.
export function Total({ items }) {
  return (
    <div>
      Shipping & handling: <Amount value={items.length} />
    </div>
  );
}

export const load = fetchReport;
