export { Amount as Money } from '../components/Amount';
