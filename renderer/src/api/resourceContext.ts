import { createContext, useContext, type Context } from 'react';
import type { Resource } from './useResource';

/** A context for one shared Resource (loaded once by a provider) and the hook that reads it. */
export function createResourceContext<T>(name: string): [Context<Resource<T> | null>, () => Resource<T>] {
  const context = createContext<Resource<T> | null>(null);
  const use = (): Resource<T> => {
    const value = useContext(context);
    if (!value) throw new Error(`${name} is read outside its provider`);
    return value;
  };
  return [context, use];
}
