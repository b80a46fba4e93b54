import type { Metadata } from 'next';
import { Suspense } from 'react';
import { LoginForm } from '../../src/components/login-form';

export const metadata: Metadata = { title: 'Sign in' };

export default function LoginPage() {
  return (
    <main id="main" className="login-page">
      <div className="login-card">
        <h1>
          TalknShop <span>console</span>
        </h1>
        <p className="muted">
          Operators only. Sign in to inspect sessions, replay requests and watch latency.
        </p>
        <Suspense>
          <LoginForm />
        </Suspense>
      </div>
    </main>
  );
}
