import type { NextConfig } from 'next';

const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The end-to-end tests build into their own folder so they never clobber a running `next dev`.
  distDir: process.env.NEXT_DIST_DIR ?? '.next',
  redirects: async () => [{ source: '/', destination: '/sessions', permanent: false }],
};

export default config;
