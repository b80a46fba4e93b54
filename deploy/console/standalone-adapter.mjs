/**
 * Next.js build adapter for the console's container image, enabled with NEXT_ADAPTER_PATH during
 * `next build` only. It turns on standalone output (a server.js plus only the node_modules files the
 * build traced) so the image carries no package manager install; `next start` and `next dev` elsewhere
 * keep the project's own configuration.
 */
export default {
  name: 'talknshop-standalone-output',
  modifyConfig: (config) => ({ ...config, output: 'standalone' }),
};
