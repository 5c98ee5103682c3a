/**
 * The real application services (store in a fresh temp directory, pipeline, chat services) against the
 * simulator on loopback, with captchas read through the simulator's test header.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AppServices, createServices, type ServiceOptions } from '../../src/app/services.js';
import { loadConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/schema.js';
import { type RunningSimulator, type SimulatorData, startSimulator } from '../../src/simulator/server.js';
import { seamClient, testSettings } from '../lookup/helpers.js';

export interface AppOnSimulator {
  simulator: RunningSimulator;
  dataDir: string;
  config: Config;
  app: AppServices;
  /** Close the services and the simulator and remove the data directory. */
  close(): Promise<void>;
}

/** Start the simulator with `data`, then the services; `adjust` changes the configuration before they start. */
export async function startAppOnSimulator(options: {
  data: SimulatorData;
  seed: number;
  today: string;
  adjust?: (config: Config) => void;
  /** More service options (the national client is the simulator's). */
  services?: ServiceOptions;
}): Promise<AppOnSimulator> {
  const simulator = await startSimulator({
    data: options.data,
    exposeCaptchaAnswer: true,
    seed: options.seed,
  });
  const dataDir = await mkdtemp(join(tmpdir(), 'app-on-sim-'));
  const config = loadConfig({
    env: {},
    overrides: [
      { key: 'dataDir', value: dataDir, source: 'test' },
      { key: 'today', value: options.today, source: 'test' },
    ],
  });
  config.lookup = testSettings(simulator.url);
  options.adjust?.(config);
  const app = await createServices(
    { config, today: options.today },
    { ...options.services, national: seamClient(config.lookup).client },
  );
  return {
    simulator,
    dataDir,
    config,
    app,
    async close() {
      await app.close().catch(() => {});
      await simulator.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
