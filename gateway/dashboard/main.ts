/**
 * The decision-analysis dashboard: six panels, each one named GraphQL operation (queries/<panel>.graphql) sent to
 * the gateway's public endpoint with an analyst's token, drawn with ECharts (or a table). Plain DOM, no framework.
 *
 * Each panel's <section data-panel="…"> gets data-state="loading", then "ready" once its query returned and its
 * chart finished drawing, or "error" with the GraphQL errors shown. window.__dashboard reports the same, with the
 * number of values each chart holds, for tests and for anyone curious in the console.
 *
 * The place (place.ts: city → district → street → community, chosen in the picker or by clicking a place in a chart)
 * drives every panel: each sends its operation for that level, or says that nothing is published there.
 * The time range (range.ts) drives the panels marked `ranged`; each panel downloads what it shows as CSV or XLSX
 * (export.ts); printed, the page is an A4 report (style.css @media print), its charts redrawn to the paper's width.
 */
import './style.css';
import { drawnPoints, echarts, markedPoints } from './charts';
import { download, toCsv, toXlsx } from './export';
import { graphql, GraphQLErrorItem, GraphQLResult } from './graphql';
import type { DashboardPlacesStreetQuery } from './generated/operations';
import { L, Label, Lang, Named, placeName, storedLang, storeLang, t } from './i18n';
import { below, CITY, Level, levelOf, Place, placeFromUrl, placeToUrl } from './place';
import placesQuery from './queries/places.graphql';
import placesDistrictQuery from './queries/places-district.graphql';
import placesStreetQuery from './queries/places-street.graphql';
import { MonthRange, Preset, PRESETS, presetRange, rangeFromUrl, rangeProblem, rangeText, rangeToUrl } from './range';
import type { Panel } from './panel';
import { coverage } from './panels/coverage';
import { origins } from './panels/origins';
import { rollout } from './panels/rollout';
import { spending } from './panels/spending';
import { trends } from './panels/trends';
import { vaccination } from './panels/vaccination';
import { cleanToken, forgetToken, saveToken, tokenFromPage } from './token';

const PANELS: Panel[] = [coverage, rollout, trends, origins, vaccination, spending];

type State = 'idle' | 'loading' | 'ready' | 'error';

interface PanelStatus {
  state: State;
  /** Non-null values drawn, over all the panel's charts (or table rows). */
  points: number;
  /** Non-null values of each chart. */
  charts: number[];
  /** Points drawn with a style of their own, as "series@category" (charts.ts markedPoints). */
  marked?: string[];
  /** The categories (x axis) of the first chart, e.g. the trend's months. */
  categories?: string[];
  /** The variables of the last request. */
  variables?: Record<string, unknown>;
  errors: string[];
  /** The language of the last finished drawing. */
  lang?: Lang;
  /** The level of the place drawn, and whether the panel said that nothing is published there. */
  level?: Level;
  unpublished?: boolean;
  /** Where to click in a chart (its index in the panel, pixels from its top left) to drill into each place it shows. */
  drillTargets?: { code: string; chart: number; x: number; y: number }[];
}

declare global {
  interface Window {
    __dashboard: {
      lang: Lang;
      /** The time range of the ranged panels, and the release's cut-off (asOf) once a panel has said it. */
      range: MonthRange;
      /** The place the panels show, and the names the picker knows for it. */
      place: Place;
      placeNames: string[];
      release: string | null;
      panels: Record<string, PanelStatus>;
    };
  }
}

let lang: Lang = storedLang();
let token: string | null = null;
let range: MonthRange = rangeFromUrl();
let place: Place = placeFromUrl();
/** The picker's lists: the districts, the chosen district's streets, the chosen street's communities. */
let choices: { districts: Named[]; streets: Named[]; communities: Named[] } = { districts: [], streets: [], communities: [] };
/** The release the figures come from (its cut-off day), as the last answer said; its month is the latest there is. */
let release: string | null = null;
/** Increases with every load of all panels, so that a refused token is asked for once, for the latest load. */
let generation = 0;

window.__dashboard = { lang, range, place, placeNames: [], release, panels: {} };

const latestMonth = () => release?.slice(0, 7) ?? null;

/** The names of the place's path (district, street, community) in the language, codes until the picker knows them. */
function placePath(lang: Lang): string[] {
  const named = (list: Named[], code: string | null) =>
    code === null ? [] : [placeName(list.find((item) => item.code === code) ?? { code, name: null, nameEn: null }, lang)];
  return [...named(choices.districts, place.district), ...named(choices.streets, place.street), ...named(choices.communities, place.community)];
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

/** Resolves once the chart has finished drawing (animation included); a timeout keeps a hidden chart from blocking. */
function finished(chart: echarts.ECharts): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      chart.off('finished', done);
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(done, 3000);
    chart.on('finished', done);
  });
}

/** Errors said once for the page rather than in a panel: a refused token, a refused time range (of a ranged panel). */
/** Whether a chart's categories run down its y axis (horizontal bars) rather than along its x axis. */
function horizontal(chart: echarts.ECharts): boolean {
  const option = chart.getOption() as { yAxis?: { type?: string }[] };
  return option.yAxis?.[0]?.type === 'category';
}

function pageLevel(error: GraphQLErrorItem, panel: Panel): boolean {
  const code = error.extensions?.code;
  return code === 'UNAUTHENTICATED' || (panel.ranged === true && code === 'BAD_USER_INPUT');
}

function errorText(error: GraphQLErrorItem): string {
  const code = error.extensions?.code;
  return code ? `${error.message} [${code}]` : error.message;
}

class PanelView {
  readonly section = element('section', 'panel');
  private readonly heading = element('h2');
  private readonly exportButtons = { csv: element('button', undefined, 'CSV'), xlsx: element('button', undefined, 'XLSX') };
  private readonly errorBox = element('div', 'error');
  private readonly body = element('div', 'body');
  private readonly footnote = element('p', 'footnote');
  /** What the panel says at a level where nothing of it is published. */
  private readonly unpublishedNote = element('p', 'unpublished');
  private readonly querySummary = element('summary');
  private readonly querySummaryText = document.createTextNode('');
  private readonly queryText = element('pre');
  private charts: echarts.ECharts[] = [];
  /** Charts follow their container's size (window resized, a scroll bar appearing, the grid reflowing). */
  private readonly resizeObserver = new ResizeObserver((entries) => {
    for (const entry of entries) echarts.getInstanceByDom(entry.target as HTMLElement)?.resize();
  });
  private result: GraphQLResult<unknown> | undefined;
  /** The place each category of each chart stands for (ChartSpec.drill). */
  private drill: string[][] = [];
  /** Increases with every request, so that the answer to an older one (older token or range) is dropped. */
  private requests = 0;

  constructor(readonly panel: Panel) {
    this.section.dataset.panel = panel.name;
    if (panel.wide) this.section.classList.add('wide');
    this.errorBox.hidden = true;
    this.errorBox.setAttribute('role', 'alert');
    this.footnote.hidden = !panel.suppressible;
    this.unpublishedNote.hidden = true;
    // The operation itself, for dashboard developers to copy.
    const details = element('details', 'query');
    details.append(this.querySummary);
    const head = element('div', 'panel-head');
    const exports = element('div', 'export');
    for (const [format, button] of Object.entries(this.exportButtons)) {
      button.type = 'button';
      button.dataset.export = format;
      button.disabled = true;
      button.addEventListener('click', () => void this.export(format as 'csv' | 'xlsx'));
      exports.append(button);
    }
    head.append(this.heading, exports);
    this.querySummary.append(this.querySummaryText);
    details.append(this.queryText);
    this.section.append(head, this.errorBox, this.unpublishedNote, this.body, this.footnote, details);
    this.setState('idle');
    this.renderLabels();
  }

  private status(): PanelStatus {
    return (window.__dashboard.panels[this.panel.name] ??= { state: 'idle', points: 0, charts: [], errors: [] });
  }

  private setState(state: State): void {
    this.section.dataset.state = state;
    this.status().state = state;
  }

  /** The operation for the place's level, or undefined where nothing of the panel is published. */
  private levelQuery() {
    return this.panel.levels[levelOf(place)];
  }

  /** Whether the panel follows the time range at the place's level (not where its operation gives the whole span). */
  followsRange(): boolean {
    return this.panel.ranged === true && !this.levelQuery()?.wholeSpan;
  }

  renderLabels(): void {
    const level = levelOf(place);
    const title = typeof this.panel.title === 'function' ? this.panel.title(range, level) : this.panel.title;
    const parts = [
      t(title, lang),
      ...(level === 'city' ? [] : [placePath(lang).join(' › ')]),
      ...(this.followsRange() ? [rangeText(range, latestMonth(), lang)] : []),
    ];
    this.heading.textContent = parts.join(' · ');
    this.unpublishedNote.textContent = this.panel.unpublished ? t(this.panel.unpublished, lang) : '';
    this.exportButtons.csv.title = t(L.exportCsv, lang);
    this.exportButtons.xlsx.title = t(L.exportXlsx, lang);
    this.footnote.textContent = t(L.suppressedNote, lang);
    const levelQuery = this.levelQuery();
    this.querySummary.parentElement!.hidden = !levelQuery;
    this.querySummaryText.textContent = levelQuery ? `${t(L.queryFile, lang)}: queries/${levelQuery.file}.graphql` : '';
    this.queryText.textContent = levelQuery?.query.trim() ?? '';
  }

  async load(currentToken: string): Promise<GraphQLErrorItem[]> {
    const request = ++this.requests;
    this.result = undefined;
    this.setState('loading');
    this.errorBox.hidden = true;
    this.setExportable(false);
    this.body.setAttribute('aria-busy', 'true');
    const levelQuery = this.levelQuery();
    this.status().level = levelOf(place);
    if (!levelQuery) {
      this.result = { data: null };
      await this.render();
      return [];
    }
    const variables = levelQuery.variables?.(range, place) ?? {};
    this.status().variables = variables;
    const answer = await graphql<unknown>(levelQuery.query, variables, currentToken);
    if (request !== this.requests) return [];
    const result = { ...answer, data: answer.data && levelQuery.data ? levelQuery.data(answer.data, place) : answer.data };
    this.result = result;
    const asOf = result.data ? this.panel.asOf(result.data) : null;
    if (asOf && asOf !== release) {
      release = asOf;
      window.__dashboard.release = asOf;
      renderLabels();
    }
    await this.render();
    return result.errors ?? [];
  }

  private setExportable(exportable: boolean): void {
    for (const button of Object.values(this.exportButtons)) button.disabled = !exportable;
  }

  /** Downloads the data drawn, as CSV or XLSX, in the page's language, with the release and the range. */
  private async export(format: 'csv' | 'xlsx'): Promise<void> {
    const data = this.result?.data;
    if (!data) return;
    const tables = this.panel.table(data, lang);
    const stamp = {
      panel: this.heading.textContent ?? this.panel.name,
      asOf: this.panel.asOf(data),
      range: this.followsRange() ? rangeText(range, latestMonth(), lang) : null,
    };
    const period = this.followsRange() ? `-${range.from}_${range.to ?? latestMonth() ?? ''}` : '';
    const code = place.community ?? place.street ?? place.district;
    const fileName = `${this.panel.name}${code ? `-${code}` : ''}${period}-${lang}.${format}`;
    if (format === 'csv') download(new Blob([toCsv(tables, stamp, lang)], { type: 'text/csv;charset=utf-8' }), fileName);
    else download(await toXlsx(tables, stamp, lang), fileName);
  }

  /**
   * Redraws the charts for paper or screen: a zoom slider is a control, left out on paper; the width is the
   * container's, or `width` pixels (printing, before the layout changes).
   */
  printing(on: boolean, width?: number): void {
    for (const chart of this.charts) {
      const zooms = (chart.getOption() as { dataZoom?: unknown[] }).dataZoom ?? [];
      if (zooms.length > 0) chart.setOption({ dataZoom: zooms.map(() => ({ show: !on })) });
      chart.resize(width ? { width } : undefined);
    }
  }

  /** Draws the last result in the current language. */
  async render(): Promise<void> {
    this.renderLabels();
    const result = this.result;
    if (!result) return;
    const unpublished = !this.levelQuery();
    this.unpublishedNote.hidden = !unpublished;
    this.footnote.hidden = unpublished || !this.panel.suppressible;
    if (unpublished) {
      this.clearBody();
      this.body.removeAttribute('aria-busy');
      this.showErrors([]);
      Object.assign(this.status(), {
        points: 0,
        charts: [],
        errors: [],
        lang,
        unpublished: true,
        marked: [],
        categories: [],
        drillTargets: [],
        variables: undefined,
      });
      this.setExportable(false);
      this.setState('ready');
      return;
    }
    this.status().unpublished = false;
    const errors = (result.errors ?? []).map(errorText);
    let drawnValues: number[] = [];
    if (result.data) {
      try {
        drawnValues = await this.draw(result.data);
      } catch (error) {
        // Partial data (e.g. a bureau unavailable) that cannot be drawn: the GraphQL errors already say why.
        this.clearBody();
        if (errors.length === 0) errors.push(`${(error as Error).message} [CLIENT_ERROR]`);
      }
    } else {
      this.clearBody();
    }
    this.body.removeAttribute('aria-busy');
    // A refused token or time range is said once, for the page, in its language (loadAll, showRangeRefused); the
    // panels do not repeat it.
    const saidForPage = (result.errors ?? []).every((error) => pageLevel(error, this.panel));
    this.showErrors(saidForPage ? [] : errors);
    if (this.followsRange()) showRangeRefused((result.errors ?? []).some((error) => error.extensions?.code === 'BAD_USER_INPUT'));
    Object.assign(this.status(), { points: drawnValues.reduce((a, b) => a + b, 0), charts: drawnValues, errors, lang });
    this.setExportable(errors.length === 0 && Boolean(result.data));
    this.setState(errors.length > 0 ? 'error' : 'ready');
  }

  /** Draws the data; returns the values each chart holds (or the table's rows). */
  private async draw(data: unknown): Promise<number[]> {
    const drawing = this.panel.draw(data, lang);
    if ('table' in drawing) {
      this.clearBody();
      this.body.append(drawing.table);
      this.status().drillTargets = [];
      return [drawing.rows];
    }
    if (this.charts.length !== drawing.charts.length) {
      this.clearBody();
      // Several charts of a wide panel stand side by side (style.css).
      this.body.classList.toggle('multi', drawing.charts.length > 1);
      // Every container in place before the first chart measures its size.
      const containers = drawing.charts.map((spec) => {
        const container = element('div', 'chart');
        container.style.height = `${spec.height}px`;
        return container;
      });
      this.body.append(...containers);
      for (const container of containers) {
        const chart = echarts.init(container, null, { renderer: 'canvas' });
        this.charts.push(chart);
        this.resizeObserver.observe(container);
      }
      // A click anywhere in a category's band of a chart (its bars, or a withheld gap) drills into its place.
      this.charts.forEach((chart, i) =>
        chart.getZr().on('click', (event: { offsetX: number; offsetY: number }) => {
          const codes = this.drill[i] ?? [];
          if (codes.length === 0 || !chart.containPixel('grid', [event.offsetX, event.offsetY])) return;
          const values = chart.convertFromPixel({ gridIndex: 0 }, [event.offsetX, event.offsetY]) as number[];
          const code = codes[Math.round(values[horizontal(chart) ? 1 : 0])];
          if (code) choosePlace(below(place, code));
        }),
      );
    }
    this.drill = drawing.charts.map((spec) => spec.drill ?? []);
    const done = this.charts.map((chart, i) => {
      const spec = drawing.charts[i];
      const container = chart.getDom();
      if (container.style.height !== `${spec.height}px`) {
        container.style.height = `${spec.height}px`;
        chart.resize();
      }
      const drawn = finished(chart);
      chart.setOption(spec.option, { notMerge: true });
      return drawn;
    });
    await Promise.all(done);
    this.status().marked = this.charts.flatMap(markedPoints);
    this.status().drillTargets = this.drillTargets();
    const xAxis = (this.charts[0]?.getOption() as { xAxis?: { data?: unknown[] }[] } | undefined)?.xAxis;
    this.status().categories = (xAxis?.[0]?.data ?? []).map(String);
    return this.charts.map(drawnPoints);
  }

  /** The middle of each drillable category's band in each chart, for a test (or a curious user) to click. */
  private drillTargets(): { code: string; chart: number; x: number; y: number }[] {
    // Half way across the other axis: inside the grid of every panel's layout (its margins are a sixth of it at most).
    return this.charts.flatMap((chart, c) =>
      (this.drill[c] ?? []).map((code, i) =>
        horizontal(chart)
          ? { code, chart: c, x: chart.getWidth() / 2, y: chart.convertToPixel({ yAxisIndex: 0 }, i) as number }
          : { code, chart: c, x: chart.convertToPixel({ xAxisIndex: 0 }, i) as number, y: chart.getHeight() / 2 },
      ),
    );
  }

  private clearBody(): void {
    this.resizeObserver.disconnect();
    for (const chart of this.charts) chart.dispose();
    this.charts = [];
    this.body.replaceChildren();
    this.body.classList.remove('multi');
  }

  private showErrors(errors: string[]): void {
    this.errorBox.hidden = errors.length === 0;
    this.errorBox.replaceChildren();
    if (errors.length === 0) return;
    const list = element('ul');
    for (const text of errors) list.append(element('li', undefined, text));
    this.errorBox.append(element('strong', undefined, t(L.errorTitle, lang)), list);
  }
}

const views = PANELS.map((panel) => new PanelView(panel));

/** Texts outside the panels, marked data-label="<key of L>". */
function renderLabels(): void {
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  document.title = t(L.pageTitle, lang);
  for (const node of document.querySelectorAll<HTMLElement>('[data-label]')) {
    const label = (L as Record<string, Label>)[node.dataset.label!];
    if (label) node.textContent = t(label, lang);
  }
  byId<HTMLTextAreaElement>('token-input').placeholder = t(L.tokenPlaceholder, lang);
  renderRange();
  renderPicker();
}

/** The range form (presets, from/to, the latest month allowed) and the report line, from the range and the release. */
function renderRange(): void {
  const latest = latestMonth();
  const from = byId<HTMLInputElement>('range-from');
  const to = byId<HTMLInputElement>('range-to');
  from.value = range.from;
  to.value = range.to ?? latest ?? '';
  for (const input of [from, to]) {
    if (latest) input.max = latest;
    input.setCustomValidity('');
  }
  const presets = byId('range-presets');
  presets.replaceChildren(
    ...(Object.keys(PRESETS) as Preset[]).map((preset) => {
      const button = element('button', undefined, t(PRESETS[preset].label, lang));
      button.type = 'button';
      button.dataset.preset = preset;
      // The presets end with the release's month: known once a panel has answered (since 2013 needs none).
      button.disabled = !latest && PRESETS[preset].months !== null;
      const chosen = latest ? presetRange(preset, latest) : null;
      button.setAttribute('aria-pressed', String(chosen !== null && chosen.from === range.from && (chosen.to ?? latest) === (range.to ?? latest)));
      button.addEventListener('click', () => chooseRange(presetRange(preset, latestMonth() ?? '')));
      return button;
    }),
  );
  const parts = [`${t(L.reportRange, lang)} ${rangeText(range, latest, lang)}`];
  if (levelOf(place) !== 'city') parts.unshift(`${t(L.reportPlace, lang)} ${placePath(lang).join(' › ')}`);
  if (release) parts.push(`${t(L.reportRelease, lang)} ${release}`);
  byId('report-line').textContent = parts.join(' · ');
}

/** The picker: a list per level down to the place's, each with "the whole …" first; the chosen place selected. */
function renderPicker(): void {
  const lists: [string, Named[], string | null, Label, boolean][] = [
    ['place-district', choices.districts, place.district, L.wholeCity, true],
    ['place-street', choices.streets, place.street, L.wholeDistrict, place.district !== null],
    ['place-community', choices.communities, place.community, L.wholeStreet, place.street !== null],
  ];
  for (const [id, items, chosen, whole, shown] of lists) {
    const select = byId<HTMLSelectElement>(id);
    select.parentElement!.hidden = !shown;
    const all = element('option', undefined, t(whole, lang));
    all.value = '';
    select.replaceChildren(
      all,
      ...items.map((item) => {
        const option = element('option', undefined, placeName(item, lang));
        option.value = item.code;
        return option;
      }),
    );
    select.value = chosen ?? '';
  }
}

/** Loads the picker's lists for the place: one operation per level (places*.graphql). */
async function loadPicker(currentToken: string): Promise<void> {
  const wanted = place;
  // The three answers differ only in how far down they go.
  const result = await graphql<Partial<DashboardPlacesStreetQuery>>(
    ...((place.street
      ? [placesStreetQuery, { district: place.district, street: place.street }]
      : place.district
        ? [placesDistrictQuery, { district: place.district }]
        : [placesQuery, {}]) as [string, Record<string, unknown>]),
    currentToken,
  );
  if (wanted !== place) return;
  const data = result.data;
  choices = {
    districts: data?.districts ?? [],
    streets: (data?.district?.streets ?? []).map((s) => ({ ...s, nameEn: null })),
    communities: (data?.street?.communities ?? []).map((c) => ({ ...c, nameEn: null })),
  };
  window.__dashboard.placeNames = placePath(lang);
  renderPicker();
  renderLabels();
  for (const view of views) view.renderLabels();
}

/** Applies a place: into the address bar, then the picker and every panel load again. */
function choosePlace(chosen: Place): void {
  place = chosen;
  window.__dashboard.place = place;
  placeToUrl(place);
  renderPicker();
  if (token) void loadAll();
}

/** Why the server refused the range, said once, in the page's language (its own words stay in __dashboard). */
function showRangeRefused(refused: boolean): void {
  const box = byId('range-refused');
  box.hidden = !refused;
  box.textContent = refused ? `${t(L.rangeRefused, lang)}${lang === 'zh' ? '：' : ': '}${rangeText(range, latestMonth(), lang)}` : '';
}

/** Applies a range: into the address bar, then the ranged panels load again (the others keep what they drew). */
function chooseRange(chosen: MonthRange): void {
  range = chosen;
  window.__dashboard.range = range;
  rangeToUrl(range);
  renderRange();
  if (!token) return;
  for (const view of views) if (view.followsRange()) void view.load(token);
}

/** The form's months, checked before anything is sent: the browser's checks (format, min, max) and from ≤ to. */
function checkRangeForm(): boolean {
  const from = byId<HTMLInputElement>('range-from');
  const to = byId<HTMLInputElement>('range-to');
  const problem = rangeProblem({ from: from.value, to: to.value || null }, latestMonth());
  to.setCustomValidity(problem ? t(problem, lang) : '');
  return byId<HTMLFormElement>('range-form').reportValidity();
}

/**
 * Printing lays the page out on A4 (style.css): charts are redrawn to the paper's width before it prints (the
 * layout has not changed yet at beforeprint), to their containers once the print media applies, and back after.
 */
// A4's 210 mm less the 12 mm margins (style.css @page) is 186 mm, 703 px at 96 dpi; less a panel's print padding and border.
const PRINT_CHART_WIDTH = 680;
function watchPrinting(): void {
  window.addEventListener('beforeprint', () => views.forEach((view) => view.printing(true, PRINT_CHART_WIDTH)));
  window.addEventListener('afterprint', () => views.forEach((view) => view.printing(false)));
  const print = window.matchMedia('print');
  print.addEventListener('change', () => views.forEach((view) => view.printing(print.matches)));
}

function showTokenForm(refused: boolean): void {
  byId('token-form').hidden = false;
  byId('token-refused').hidden = !refused;
  byId('token-input').focus();
}

async function loadAll(): Promise<void> {
  if (!token) {
    byId('panels').hidden = true;
    byId('range-form').hidden = true;
    byId('place-form').hidden = true;
    showTokenForm(false);
    return;
  }
  byId('token-form').hidden = true;
  byId('panels').hidden = false;
  byId('range-form').hidden = false;
  byId('place-form').hidden = false;
  generation += 1;
  const loadGeneration = generation;
  void loadPicker(token);
  const errors = (await Promise.all(views.map((view) => view.load(token!)))).flat();
  // A refused token: ask for another (the panels keep showing why).
  if (loadGeneration === generation && errors.some((error) => error.extensions?.code === 'UNAUTHENTICATED')) {
    forgetToken();
    showTokenForm(true);
  }
}

function start(): void {
  byId('panels').append(...views.map((view) => view.section));
  renderLabels();

  byId('lang-toggle').addEventListener('click', () => {
    lang = lang === 'zh' ? 'en' : 'zh';
    window.__dashboard.lang = lang;
    storeLang(lang);
    renderLabels();
    window.__dashboard.placeNames = placePath(lang);
    for (const view of views) void view.render();
  });
  byId('change-token').addEventListener('click', () => showTokenForm(false));
  // Choosing in a list drills to that place (or back up to "the whole …"); the levels below start again.
  byId('place-district').addEventListener('change', (event) => choosePlace({ ...CITY, district: (event.target as HTMLSelectElement).value || null }));
  byId('place-street').addEventListener('change', (event) =>
    choosePlace({ ...place, street: (event.target as HTMLSelectElement).value || null, community: null }),
  );
  byId('place-community').addEventListener('change', (event) => choosePlace({ ...place, community: (event.target as HTMLSelectElement).value || null }));
  byId('range-form').addEventListener('input', () => byId<HTMLInputElement>('range-to').setCustomValidity(''));
  byId('range-form').addEventListener('submit', (event) => {
    event.preventDefault();
    if (!checkRangeForm()) return;
    chooseRange({ from: byId<HTMLInputElement>('range-from').value, to: byId<HTMLInputElement>('range-to').value || null });
  });
  watchPrinting();
  byId('token-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const pasted = cleanToken(byId<HTMLTextAreaElement>('token-input').value);
    if (!pasted) return;
    saveToken(pasted);
    byId<HTMLTextAreaElement>('token-input').value = '';
    token = pasted;
    void loadAll();
  });
  // A new #token=… pasted into the address bar of the open page.
  window.addEventListener('hashchange', () => {
    const fromHash = tokenFromPage();
    if (fromHash && fromHash !== token) {
      token = fromHash;
      void loadAll();
    }
  });

  token = tokenFromPage();
  void loadAll();
}

start();
