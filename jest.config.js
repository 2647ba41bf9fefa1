/**
 * Every test (`npm test`): the unit tier below plus the integration tests, which run the real Bolt app against a
 * loopback Slack API, a Samba AD DC, redis-server, tesseract and the CLI as a process. The DC starts in globalSetup
 * when the run includes tests that need it.
 * @type {import('jest').Config}
 */
const { transform } = require('./jest.unit.config.js');

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  transform,
  testTimeout: 20000,
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
};
