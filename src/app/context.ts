/**
 * What the composition root needs from its caller (the command line builds it from flags and config files).
 */
import type { Config } from '../config/schema.js';

export interface AppContext {
  config: Config;
  /** The date the rules are applied on (`--today`, config, or the real date in China time). */
  today: string;
}
