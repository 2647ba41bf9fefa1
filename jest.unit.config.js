/**
 * The fast tier (`npm run test:unit`): the core, the knowledge base, delegation rules, configuration, rendering and
 * parsers, with no server, no child process and no OCR. Under 30 s on 2 cores. `npm test` runs these too.
 * @type {import('jest').Config}
 */
const transform = {
  '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
};

const UNIT = [
  'architecture/**', 'config/**', 'core/**', 'delegation/**', 'console/**', 'docs/**',
  'knowledge/catalog.test.ts', 'knowledge/fix-steps.test.ts', 'knowledge/load-knowledge.test.ts',
  'eval/score-predictions.test.ts',
  'slack/render-blocks.test.ts', 'slack/listener-parts.test.ts', 'slack/extract-message-text.test.ts', 'slack/manifest.test.ts',
  'slack/check-slack-body.test.ts',
  'ocr/clean-ocr-text.test.ts', 'ocr/image-format.test.ts', 'ocr/upscale-image.test.ts',
  'directory/ldap-filter.test.ts', 'directory/parse-ldif.test.ts', 'directory/security-descriptor.test.ts', 'directory/create-directory.test.ts',
  'ops/logger-and-config.test.ts',
];

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: UNIT.map((p) => `<rootDir>/test/${p}`),
  transform,
  testTimeout: 20000,
};
module.exports.transform = transform;
