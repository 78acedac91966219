import { fetchReport } from "../legacy/reports";
import { Money } from "../legacy/Money";

export const View = () => (
  <div>
    Q&A 
    <Money value={1} /> & more
  </div>
);

export const load = fetchReport;
