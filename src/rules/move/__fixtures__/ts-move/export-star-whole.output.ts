// A module that moves whole, unrenamed: its star re-exports follow it.
export * from '@/services/events';
export * as events from "@/services/events";
export { default as emitDefault } from '@/services/events';
