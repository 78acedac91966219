export function Badge(props: { state: string; children?: unknown }): unknown {
  return props.state;
}
