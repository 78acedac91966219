export default function a() {}
export const x = 1;
