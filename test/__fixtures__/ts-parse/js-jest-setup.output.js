// Global test setup (jest.setup.js, selected by the default include): automatic mocks of modules that moved, for
// every test file.
const { fetchReport } = require("@/services/reports");

jest.mock('@/services/reports');

beforeEach(() => {
  fetchReport.mockReset();
});
