export * from './a';
export * from './b';
export * from './c2';
