// A jest config names files by path from <rootDir>: mapper targets and setup files that are legacy files follow a
// module that moves whole, unrenamed; one whose names are renamed is reported; patterns ($1) are left alone.
module.exports = {
  moduleNameMapper: {
    '^@/(.*)$': '<rootDir>/src/$1',
    '^events$': '<rootDir>/src/services/events.ts',
    '^socket$': '<rootDir>/src/lib/socket',
  },
  setupFiles: ["<rootDir>/src/services/events"],
};
