export class Socket {}
export function connect(): Socket {
  return new Socket();
}
