// A bare `&` in JSX text: tsc accepts it, tree-sitter's TSX grammar does not. The file is planned all the same.
import { fetchReport, type Report } from '@/services/reports';
import { Amount } from '@/components/Amount';

export function Savings({ report }: { report: Report }) {
  return (
    <section>
      <h2>Savings & ROI</h2>
      <p>R&D costs: <Amount value={report.savings} /></p>
    </section>
  );
}

export const load = () => fetchReport('q3');
