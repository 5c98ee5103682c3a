/**
 * A small router for the bureau's server: routes by method and path pattern (`/api/v1/leads/:id`), each handler
 * getting the request, the response, the parsed URL and the path's parameters. The intake API and the console
 * each register their routes on the same router.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** What a handler gets for one request. */
export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** `:name` parts of the path, decoded. */
  params: Record<string, string>;
}

export type Handler = (ctx: RequestContext) => Promise<void> | void;

interface Route {
  method: string;
  parts: string[];
  handler: Handler;
}

/** What a path resolves to: a handler with its parameters, a path known under other methods, or nothing. */
export type RouteMatch =
  | { kind: 'found'; handler: Handler; params: Record<string, string> }
  | { kind: 'method'; allow: string[] }
  | { kind: 'none' };

/** Routes in the order added; the first that matches wins. */
export class Router {
  private readonly routes: Route[] = [];

  /** Add a route; `pattern` segments starting with `:` are parameters. */
  add(method: string, pattern: string, handler: Handler): this {
    this.routes.push({ method: method.toUpperCase(), parts: split(pattern), handler });
    return this;
  }

  get(pattern: string, handler: Handler): this {
    return this.add('GET', pattern, handler);
  }

  post(pattern: string, handler: Handler): this {
    return this.add('POST', pattern, handler);
  }

  /** The route for `method` and `pathname`. HEAD is answered by a GET route. */
  match(method: string, pathname: string): RouteMatch {
    const parts = split(pathname);
    const allow: string[] = [];
    for (const route of this.routes) {
      const params = matchParts(route.parts, parts);
      if (!params) continue;
      if (route.method === method || (method === 'HEAD' && route.method === 'GET')) {
        return { kind: 'found', handler: route.handler, params };
      }
      allow.push(route.method);
    }
    return allow.length > 0 ? { kind: 'method', allow: [...new Set(allow)] } : { kind: 'none' };
  }
}

function split(path: string): string[] {
  return path.split('/').filter((p) => p !== '');
}

function matchParts(pattern: string[], parts: string[]): Record<string, string> | undefined {
  if (pattern.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const want = pattern[i] as string;
    const got = parts[i] as string;
    if (want.startsWith(':')) {
      try {
        params[want.slice(1)] = decodeURIComponent(got);
      } catch {
        return undefined;
      }
    } else if (want !== got) return undefined;
  }
  return params;
}
