// One legacy module mocked under two spellings: after the move they are one mock, so the first is kept (respelled)
// and the second goes; never both.
jest.mock('../old/events');
jest.mock('@/old/events/index');
