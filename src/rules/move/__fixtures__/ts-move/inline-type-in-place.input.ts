// The whole statement moves: it is rewritten in place, its comment and layout kept.
import { getSocket, /* the state type */ type SocketState } from '@/lib/socket';

export async function ready(): Promise<SocketState> {
  await getSocket();
  return 'open';
}
