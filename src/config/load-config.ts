/**
 * loadConfig(env): every setting of lm-doctor, parsed once, with one parser per kind of value (read-env.ts). The
 * only reader of the environment: `bin/` hands `process.env` in, and tests pass plain objects. Every problem of
 * every slice is reported at once, each saying what to set; secrets never appear in a problem.
 */
import { createEnvReader, type Env } from './read-env';
import { ConfigError } from '../support/errors';
import { readKnowledgeConfig, type KnowledgeConfig } from './knowledge-settings';
import { readSlackConfig, type SlackConfig } from './slack-settings';
import { readLdapConfig, type LdapConfig } from './ldap-settings';
import { readOpsConfig, type OpsConfig } from './ops-settings';
import { readOcrConfig, type OcrConfig } from './ocr-settings';
import { readWorkConfig, type WorkConfig } from './work-settings';
import { readFeedbackConfig, type FeedbackConfig } from './feedback-settings';

export interface Config {
  knowledge: KnowledgeConfig;
  /** Undefined: no Slack variables, so `serve` runs the local console. */
  slack?: SlackConfig;
  /** Undefined: no LDAP_URL, so checks read the bundled demo snapshot. */
  ldap?: LdapConfig;
  ops: OpsConfig;
  ocr: OcrConfig;
  work: WorkConfig;
  feedback: FeedbackConfig;
}

export function loadConfig(env: Env, packageRoot: string): Config {
  const r = createEnvReader(env);
  const slack = readSlackConfig(r, env);
  const ldap = readLdapConfig(r);
  const config: Config = {
    knowledge: readKnowledgeConfig(r, packageRoot),
    ops: readOpsConfig(r),
    ocr: readOcrConfig(r),
    work: readWorkConfig(r),
    feedback: readFeedbackConfig(r),
    ...(slack ? { slack } : {}),
    ...(ldap ? { ldap } : {}),
  };
  if (r.problems.length > 0) throw new ConfigError(r.problems);
  return config;
}
