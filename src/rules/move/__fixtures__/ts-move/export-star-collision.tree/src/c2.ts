export const C = 4;
