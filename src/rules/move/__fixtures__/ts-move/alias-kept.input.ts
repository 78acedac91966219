import { getSocket as connect, Socket as S } from '../lib/socket';

export async function open(): Promise<S> {
  return connect();
}
