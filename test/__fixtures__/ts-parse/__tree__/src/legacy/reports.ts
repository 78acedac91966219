export * from '../services/reports';
