export { connect as openSocket, Socket as LegacySocket } from './socket';
