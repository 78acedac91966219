import { fetchReport } from "@/services/reports";
import { Amount } from "@/components/Amount";

export const View = () => (
  <div>
    Q&A 
    <Amount value={1} /> & more
  </div>
);

export const load = fetchReport;
