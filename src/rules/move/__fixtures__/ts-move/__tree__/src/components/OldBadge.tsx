export { Badge as OldBadge } from './Badge';
