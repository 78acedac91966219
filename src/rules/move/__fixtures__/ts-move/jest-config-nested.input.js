// A config below the root whose rootDir climbs back to it: <rootDir> paths are read from there.
module.exports = {
  rootDir: '..',
  setupFiles: ['<rootDir>/src/old/events/index.ts'],
  moduleNameMapper: { '^events$': '<rootDir>/src/old/events' },
};
