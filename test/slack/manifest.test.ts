/** manifest.yml: complete for "Create an app from a manifest", within Slack's field limits, least privilege. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from '../support/paths';
import { COMMAND } from '../../src/slack/messages';
import { SHORTCUT_DIAGNOSE } from '../../src/slack/on-shortcut';

const manifest = parse(readFileSync(join(REPO_ROOT, 'manifest.yml'), 'utf8'));

describe('manifest.yml', () => {
  it('stays within Slack\'s field limits', () => {
    expect(manifest._metadata.major_version).toBe(1);
    expect(manifest.display_information.name.length).toBeLessThanOrEqual(35);
    expect(manifest.display_information.description.length).toBeLessThanOrEqual(140);
    expect(manifest.features.bot_user.display_name).toMatch(/^[a-z0-9._-]{1,80}$/);
  });

  it('declares /lm-check with a usage hint', () => {
    const [command] = manifest.features.slash_commands;
    expect(command.command).toBe(COMMAND);
    expect(command.usage_hint).toContain('HV01 HV02');
  });

  it('declares the message shortcut the app listens for', () => {
    expect(manifest.features.shortcuts).toEqual([expect.objectContaining({ type: 'message', callback_id: SHORTCUT_DIAGNOSE, name: 'Diagnose with lm-doctor' })]);
    for (const s of manifest.features.shortcuts) {
      expect(s.name.length).toBeLessThanOrEqual(24);
      expect(s.description.length).toBeLessThanOrEqual(150);
    }
  });

  it('subscribes to the events the listeners handle, with interactivity for the buttons and Socket Mode on', () => {
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual(['app_home_opened', 'app_mention', 'message.channels', 'message.groups', 'message.im']);
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.settings.socket_mode_enabled).toBe(true);
  });

  it('asks only for the scopes lm-doctor uses', () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(
      ['app_mentions:read', 'channels:history', 'chat:write', 'commands', 'files:read', 'groups:history', 'im:history']);
  });
});
