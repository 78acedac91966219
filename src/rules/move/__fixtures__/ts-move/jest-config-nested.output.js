// A config below the root whose rootDir climbs back to it: <rootDir> paths are read from there.
module.exports = {
  rootDir: '..',
  setupFiles: ['<rootDir>/src/services/events.ts'],
  moduleNameMapper: { '^events$': '<rootDir>/src/services/events' },
};
