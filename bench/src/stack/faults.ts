import { ADMIN_PATHS, type FaultConfigInput, type ServiceName } from '@talknshop/contracts';
import type { ServiceUrls } from './stack';

/** Installs fault configs on the running reference services (PUT replaces; services not named are cleared). */
export async function setFaults(
  services: ServiceUrls,
  faults: Partial<Record<ServiceName, FaultConfigInput>>,
): Promise<void> {
  for (const [name, url] of Object.entries(services) as [ServiceName, string][]) {
    const config = faults[name];
    const response = await fetch(new URL(ADMIN_PATHS.faults, url), {
      method: config ? 'PUT' : 'DELETE',
      headers: { 'content-type': 'application/json' },
      ...(config ? { body: JSON.stringify(config) } : {}),
    });
    if (!response.ok) throw new Error(`${name} refused the fault config: ${await response.text()}`);
  }
}
