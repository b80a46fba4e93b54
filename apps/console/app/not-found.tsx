import Link from 'next/link';

export default function NotFound() {
  return (
    <main className="page narrow">
      <h1>Page not found</h1>
      <p>
        <Link href="/sessions">Back to sessions</Link>
      </p>
    </main>
  );
}
