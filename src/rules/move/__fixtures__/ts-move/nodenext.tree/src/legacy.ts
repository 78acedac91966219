export { start as boot } from './runtime.js';
