function makeClient(o: unknown) {
  return o;
}

export const c = makeClient({});
