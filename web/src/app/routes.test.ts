import { describe, expect, it } from 'vitest';
import { APP_ROUTES, matchRoute } from './routes.ts';

describe('the app route table', () => {
  it('matches each view and its :params, and nothing else', () => {
    expect(matchRoute('/')?.route.view).toBe('map');
    expect(matchRoute('/map')?.route.view).toBe('map');
    expect(matchRoute('/navigator')?.route.view).toBe('navigator');
    expect(matchRoute('/analyst')?.route.view).toBe('analyst');
    expect(matchRoute('/pathway/pw-nursing-ladder')).toEqual({
      route: { path: '/pathway/:id', view: 'pathway' },
      params: { id: 'pw-nursing-ladder' },
    });
    for (const path of ['/nope', '/navigator/extra', '/pathway/a/b', '/pathway/', '/index.html', '/mapx']) {
      expect(matchRoute(path), path).toBeUndefined();
    }
  });

  it('lists paths the server can route (Fastify syntax, each unique)', () => {
    const paths = APP_ROUTES.map((r) => r.path);
    expect(new Set(paths).size).toBe(paths.length);
    for (const path of paths) expect(path).toMatch(/^\/([a-z]+(\/(:[a-z]+|[a-z]+))*)?$/);
  });
});
