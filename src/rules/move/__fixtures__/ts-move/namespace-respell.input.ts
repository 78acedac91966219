import * as sock from '../lib/socket';

export function open(options: sock.SocketOptions): sock.Socket {
  const state: sock.SocketState = 'idle';
  void state;
  return sock.createSocket(options);
}
