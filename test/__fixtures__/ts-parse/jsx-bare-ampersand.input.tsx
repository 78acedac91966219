// A bare `&` in JSX text: tsc accepts it, tree-sitter's TSX grammar does not. The file is planned all the same.
import { fetchReport, type Report } from '../legacy/reports';
import { Money } from '../legacy/Money';

export function Savings({ report }: { report: Report }) {
  return (
    <section>
      <h2>Savings & ROI</h2>
      <p>R&D costs: <Money value={report.savings} /></p>
    </section>
  );
}

export const load = () => fetchReport('q3');
