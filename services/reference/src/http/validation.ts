import type { z } from 'zod';
import { invalidRequest, type ServiceError } from './errors';

interface Problem {
  path: PropertyKey[];
  message: string;
}

/** Turns a zod failure into the 400 the services answer with, naming the first offending field. */
export function validationError(error: z.ZodError, pathPrefix: PropertyKey[] = []): ServiceError {
  const problem = firstProblem(error.issues, pathPrefix);
  const field = problem.path.length > 0 ? problem.path.map(String).join('.') : undefined;
  const message = field === undefined ? problem.message : `${field}: ${problem.message}`;
  return invalidRequest(message, field);
}

function firstProblem(issues: readonly z.core.$ZodIssue[], prefix: PropertyKey[]): Problem {
  const issue = issues[0];
  if (issue === undefined) return { path: prefix, message: 'Invalid input' };
  const path = [...prefix, ...issue.path];
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    // The branch with the fewest complaints is the one the caller most likely meant.
    const closest = [...issue.errors].sort((a, b) => a.length - b.length)[0] ?? [];
    if (closest.length > 0) return firstProblem(closest, path);
  }
  if (issue.code === 'unrecognized_keys' && issue.keys.length > 0) {
    return { path: [...path, issue.keys[0] as string], message: issue.message };
  }
  return { path, message: issue.message };
}
