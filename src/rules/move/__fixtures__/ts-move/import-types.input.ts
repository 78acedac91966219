// import('…').Name in type positions: respelled, and the name renamed, when that name moves.
type K = typeof import('../lib/socket').getSocket;
function f(x: import('../old/events').EventName): import("../lib/socket").SocketOptions | null { return null; }
type Z = Parameters<typeof import('../lib/socket').createSocket>;
type W = import('./legacy/wsClient').WsClient;
let m: Array<import('../lib/socket').Socket> = [];
