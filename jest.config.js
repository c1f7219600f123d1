// ESM + ts-jest, as in actions/typescript-action: tests import src/*.js paths, ts-jest-resolver maps them to .ts.
export default {
  extensionsToTreatAsEsm: ['.ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  preset: 'ts-jest',
  resolver: 'ts-jest-resolver',
  testEnvironment: 'node',
  testMatch: ['**/__tests__/**/*.test.ts'],
  testPathIgnorePatterns: ['/dist/', '/node_modules/'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', useESM: true, isolatedModules: true }]
  },
  testTimeout: 30000,
  // Every skipped test says why, once per reason, after the summary.
  reporters: ['default', '<rootDir>/__tests__/support/skip-reporter.js']
}
