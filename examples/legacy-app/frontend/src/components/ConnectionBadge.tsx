import type { ConnectionState } from '../services/webSocketService';

const LABELS: Record<ConnectionState, string> = {
  idle: 'Not connected',
  connecting: 'Connecting…',
  open: 'Live',
  closing: 'Disconnecting…',
  closed: 'Offline',
};

export interface ConnectionBadgeProps {
  state: ConnectionState;
}

export function ConnectionBadge({ state }: ConnectionBadgeProps): JSX.Element {
  return <span className={`badge badge--${state}`}>{LABELS[state]}</span>;
}
