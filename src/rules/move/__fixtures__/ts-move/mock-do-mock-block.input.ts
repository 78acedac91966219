it('loads the socket lazily', () => {
  jest.doMock('../lib/socket', function () {
    const actual = jest.requireActual('../lib/socket');
    const Socket = class {};
    return { ...actual, Socket, getSocket: jest.fn(() => actual.createSocket({ url: '' })), async ['createSocket']() {} };
  });
  const { getSocket, Socket: S } = require('../lib/socket');
  expect(getSocket).toBeDefined();
  expect(S).toBeDefined();
});
