'use client';

import { useRouter, useSearchParams } from 'next/navigation';
import { type FormEvent, useEffect, useState } from 'react';
import { describeError } from '../lib/api-error';
import { safeNextPath } from '../lib/next-path';
import { trpc } from '../trpc';

export function LoginForm() {
  const router = useRouter();
  const next = safeNextPath(useSearchParams().get('next'));
  const [username, setUsername] = useState('operator');
  const [password, setPassword] = useState('');
  const me = trpc.admin.me.useQuery(undefined, { retry: false });
  const utils = trpc.useUtils();
  const login = trpc.admin.login.useMutation({
    onSuccess: (operator) => {
      // The header reads who is signed in from this cache entry, which still says "nobody".
      utils.admin.me.setData(undefined, operator);
      router.replace(next);
    },
  });

  // Someone already signed in has nothing to do here.
  useEffect(() => {
    if (me.data) router.replace(next);
  }, [me.data, next, router]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    login.mutate({ username: username.trim(), password });
  };
  const failure = login.error ? describeError(login.error) : null;

  return (
    <form className="stack" onSubmit={submit} noValidate={false}>
      <div className="field">
        <label htmlFor="username">Username</label>
        <input
          id="username"
          name="username"
          autoComplete="username"
          required
          value={username}
          onChange={(e) => setUsername(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor="password">Password</label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </div>
      {failure ? (
        <p className="feedback error" role="alert">
          {failure.status === 401 ? 'Wrong username or password.' : failure.message}
        </p>
      ) : null}
      <button type="submit" className="button primary" disabled={login.isPending || login.isSuccess}>
        {login.isPending || login.isSuccess ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
