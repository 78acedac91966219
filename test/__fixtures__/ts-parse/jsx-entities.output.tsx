import { fetchReport } from '@/services/reports';

// Entities tree-sitter reads, next to a bare `&` it does not.
export const Footer = () => (
  <footer>
    Terms &amp; conditions&nbsp;&#123;v2&#x7D; &mdash; Tom & Jerry &copy; 2026
  </footer>
);

export const load = fetchReport;
