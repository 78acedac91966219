export * from '../lib/socket';
