// Global test setup (jest.setup.js, selected by the default include): automatic mocks of modules that moved, for
// every test file.
const { fetchReport } = require("./src/legacy/reports");

jest.mock('@/legacy/reports');

beforeEach(() => {
  fetchReport.mockReset();
});
