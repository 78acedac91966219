expect(issues).toEqual([
  {
    code: "too_small",
    minimum: 2,
    type: "number",
    input: 1,
  },
]);
const alone = { code: "too_small", minimum: 2, input: 1 };
const canonical = { type_v2: "number", data: { code: "too_small", minimum: 2 } };
