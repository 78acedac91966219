export interface Report {
  title: string;
  savings: number;
}

export function fetchReport(id: string): Promise<Report> {
  return Promise.resolve({ title: id, savings: 0 });
}
