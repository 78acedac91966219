export * from '../../services/events';
export { default } from '../../services/events';
