// A module that moves whole, unrenamed: its star re-exports follow it.
export * from '../old/events';
export * as events from "../old/events/index";
export { default as emitDefault } from '../old/events';
