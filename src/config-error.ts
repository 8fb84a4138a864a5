/** A setting whose value cannot be used: names the variable, the value and why (serve exits with it). */
export class ConfigError extends Error {
  constructor(readonly variable: string, readonly value: string, reason: string) {
    super(`invalid ${variable}=${JSON.stringify(value)}: ${reason}`);
    this.name = 'ConfigError';
  }
}
