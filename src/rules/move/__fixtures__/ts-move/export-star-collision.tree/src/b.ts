export const B = 3;
