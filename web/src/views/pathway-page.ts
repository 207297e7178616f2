/** A pathway: its AQCP essential-features scorecard, exits, credited transitions and map. */
import { fetchFamilyWage, fetchPathway, fetchPathwayMeasures } from '../api/queries.ts';
import type { Page } from '../app/page.ts';
import * as store from '../app/store.ts';
import { lang, t, vocabLabel } from '../i18n/i18n.ts';
import { h, nextId } from '../lib/dom.ts';
import { money, num } from '../lib/format.ts';
import { LatestRequest } from '../lib/latest-request.ts';
import { HOUSEHOLDS, isId, oneOf } from '../lib/vocab.ts';
import { MapPanel } from './map-panel.ts';
import { pathwayMeasures } from './pathway-measures.ts';
import { familyMark } from './route-card.ts';
import { errorBox, loading, section, selectField, table } from './ui.ts';

function passMark(pass: boolean): HTMLElement {
  return h(
    'span',
    { class: pass ? 'mark mark-yes' : 'mark mark-no' },
    h('span', { attrs: { 'aria-hidden': 'true' }, text: pass ? '✓ ' : '✗ ' }),
    pass ? t('quality.pass') : t('quality.fail'),
  );
}

export const renderPathwayPage: Page = (main, ctx) => {
  const id = ctx.pathParams.id ?? '';
  const household = oneOf(HOUSEHOLDS, ctx.params.get('household')) ? (ctx.params.get('household') as string) : '1A1C';
  let region = isId(ctx.params.get('region')) ? (ctx.params.get('region') as string) : '';
  const status = loading(t('status.loading'));
  const heading = h('h1', { text: t('page.pathway') });
  main.append(
    h(
      'div',
      { class: 'page-head' },
      heading,
      h('p', {}, h('a', { attrs: { href: '/analyst', 'data-link': true }, text: t('pathway.back') })),
    ),
    status,
  );
  const mapPanel = new MapPanel({ label: t('pathway.mapLabel'), announce: ctx.announce });
  // Leaving the page before the answer arrives must not let it render into the next page.
  const pageRequest = new LatestRequest();
  const request = pageRequest.start();

  (async () => {
    try {
      if (!isId(id)) throw new Error(t('pathway.notFound'));
      const catalog = await store.catalog();
      if (!region) region = (await store.defaultRegion()) ?? '';
      const [pathway, threshold, regionMap, measures] = await Promise.all([
        fetchPathway(id, region || undefined, { signal: request.signal }),
        region
          ? fetchFamilyWage(region, household, { signal: request.signal }).catch(() => null)
          : Promise.resolve(null),
        region ? store.graphMap({ regionId: region }) : store.graphMap({}),
        fetchPathwayMeasures(id, { signal: request.signal }),
      ]);
      if (!request.current()) return;
      status.remove();
      if (!pathway) {
        main.append(errorBox(t('pathway.notFound')));
        return;
      }
      heading.textContent = pathway.name;
      document.title = `${pathway.name} — ${t('app.title')}`;
      const l = lang();
      const labels = new Map<string, string>();
      for (const n of regionMap.nodes) if (!labels.has(n.id)) labels.set(n.id, n.label);
      for (const p of pathway.programs) labels.set(p.id, p.name);
      const q = pathway.quality;

      const regionSelect = selectField(
        t('filters.region'),
        catalog.regions.map((r) => ({ value: r.id, label: r.label })),
        region,
        (value) => ctx.navigate(`/pathway/${encodeURIComponent(id)}?region=${encodeURIComponent(value)}`),
      );
      const scoreTitle = nextId('h');
      const scorecard = h(
        'section',
        { class: 'scorecard', attrs: { 'aria-labelledby': scoreTitle, 'data-testid': 'scorecard' } },
        h('h2', { attrs: { id: scoreTitle }, text: t('quality.title') }),
        h('p', { class: 'overall' }, h('span', { text: `${t('quality.overall')}: ` }), passMark(q.pass)),
        table(
          t('quality.title'),
          [t('quality.feature'), t('quality.result'), t('quality.summary'), t('quality.evidence')],
          q.features.map((f) => [
            h(
              'span',
              {},
              h('strong', { text: vocabLabel(t, 'quality', f.feature) }),
              h('br'),
              h('span', { class: 'hint', text: vocabLabel(t, 'qualityHelp', f.feature) }),
            ),
            passMark(f.pass),
            h('span', { attrs: { lang: 'en' }, text: f.summary }),
            f.evidenceIds.length === 0
              ? '—'
              : h(
                  'ul',
                  { class: 'evidence' },
                  [...new Set(f.evidenceIds)].map((e) => h('li', { text: labels.get(e) ?? e })),
                ),
          ]),
          true,
        ),
      );
      const exits = section(
        t('pathway.exits'),
        'h2',
        threshold
          ? h('p', {
              class: 'hint',
              text: t('nav.threshold', {
                household: vocabLabel(t, 'household', household),
                wage: money(l, threshold.annual),
              }),
            })
          : null,
        table(
          t('pathway.exits'),
          [t('pathway.credential'), t('pathway.occupation'), t('pathway.wage'), t('pathway.family')],
          q.exits.map((e) => [
            e.credential.name,
            e.occupation.title,
            money(l, e.medianAnnual),
            threshold && e.medianAnnual !== null ? familyMark(t, e.medianAnnual >= threshold.annual) : '—',
          ]),
          true,
        ),
      );
      const transitions = section(
        t('pathway.transitions'),
        'h2',
        table(
          t('pathway.transitions'),
          [t('pathway.from'), t('pathway.via'), t('pathway.to'), t('pathway.credits')],
          q.transitions.map((tr) => [tr.from.name, tr.via.name, tr.to.name, num(l, tr.credits)]),
          true,
        ),
      );
      const facts = section(
        t('pathway.about'),
        'h2',
        h(
          'dl',
          { class: 'facts' },
          h('dt', { text: t('rel.sector') }),
          h('dd', { text: pathway.sector?.name ?? '—' }),
          h('dt', { text: t('pathway.entryPoints') }),
          h('dd', { text: q.entryPoints.map((e) => e.name).join(', ') || '—' }),
          h('dt', { text: t('rel.includes') }),
          h('dd', { text: pathway.programs.map((p) => `${p.name} (${p.provider.name})`).join('; ') || '—' }),
          h('dt', { text: t('rel.leadsTo') }),
          h('dd', { text: pathway.destinations.map((d) => d.title).join(', ') || '—' }),
          h('dt', { text: t('rel.partners') }),
          h('dd', {
            text: pathway.partners.map((p) => `${p.partner.name} (${vocabLabel(t, 'role', p.role)})`).join('; ') || '—',
          }),
        ),
      );
      main.append(
        h('div', { class: 'row' }, regionSelect.wrap),
        h(
          'div',
          { class: 'pathway-layout' },
          h('div', {}, scorecard, measures ? pathwayMeasures(measures) : null, exits, transitions, facts),
          h('section', { class: 'pathway-map', attrs: { 'aria-label': t('pathway.mapLabel') } }, mapPanel.el),
        ),
      );
      await mapPanel.load({ pathwayId: id }, {}, region || undefined);
    } catch (error) {
      if (!request.current()) return;
      status.remove();
      main.append(errorBox((error as Error).message));
    }
  })();

  return () => {
    pageRequest.cancel();
    mapPanel.destroy();
  };
};
