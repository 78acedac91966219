// Not the legacy socket module: a raw TCP helper that happens to share its file name.
export function helper(): void {}
