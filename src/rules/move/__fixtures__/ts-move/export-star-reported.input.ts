export * from '../lib/socket';
export * from '../services/legacy/wsClient';
export * as sock from '../lib/socket';
