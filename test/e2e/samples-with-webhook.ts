/**
 * The real services on the simulator with the sample people, beside a fake of WeCom's group-robot API that
 * knows `key`, the configuration pointed at it (`wecom.webhook.key` = `key`).
 */
import { join } from 'node:path';
import type { Config } from '../../src/config/schema.js';
import { loadSimulatorData } from '../../src/simulator/server.js';
import { type FakeWecomWebhookApi, startWecomWebhookApi } from '../fakes/wecom-webhook-api.js';
import { type AppOnSimulator, startAppOnSimulator } from '../faults/app-on-simulator.js';
import { SAMPLES, TODAY } from './doors-on-simulator.js';

export interface SamplesWithWebhook {
  webhook: FakeWecomWebhookApi;
  env: AppOnSimulator;
  close(): Promise<void>;
}

/** Start both; `adjust` changes the configuration further before the services start. */
export async function samplesWithWebhook(
  key: string,
  adjust: (config: Config) => void = () => {},
): Promise<SamplesWithWebhook> {
  const webhook = await startWecomWebhookApi({ keys: [key] });
  const env = await startAppOnSimulator({
    data: await loadSimulatorData(join(SAMPLES, 'people.json')),
    seed: 20261124,
    today: TODAY,
    adjust: (config) => {
      config.wecom = { ...config.wecom, apiBaseUrl: webhook.url, webhook: { key, groups: {} } };
      adjust(config);
    },
  });
  return {
    webhook,
    env,
    async close() {
      await env.close();
      await webhook.close();
    },
  };
}
