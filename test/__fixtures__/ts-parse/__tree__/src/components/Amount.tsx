export function Amount(props: { value: number }) {
  return <b>{props.value.toFixed(2)}</b>;
}
