export const A = 1;
export const B = 2;
