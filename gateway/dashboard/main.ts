/**
 * The decision-analysis dashboard: six panels, each one named GraphQL operation (queries/<panel>.graphql) sent to
 * the gateway's public endpoint with an analyst's token, drawn with ECharts (or a table). Plain DOM, no framework.
 *
 * Each panel's <section data-panel="…"> gets data-state="loading", then "ready" once its query returned and its
 * chart finished drawing, or "error" with the GraphQL errors shown. window.__dashboard reports the same, with the
 * number of values each chart holds, for tests and for anyone curious in the console.
 */
import './style.css';
import { drawnPoints, echarts, markedPoints } from './charts';
import { graphql, GraphQLErrorItem, GraphQLResult } from './graphql';
import { L, Label, Lang, storedLang, storeLang, t } from './i18n';
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
  errors: string[];
  /** The language of the last finished drawing. */
  lang?: Lang;
}

declare global {
  interface Window {
    __dashboard: { lang: Lang; panels: Record<string, PanelStatus> };
  }
}

let lang: Lang = storedLang();
let token: string | null = null;
/** Increases with every load, so that answers to an older load (e.g. before the token changed) are dropped. */
let generation = 0;

window.__dashboard = { lang, panels: {} };

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

function errorText(error: GraphQLErrorItem): string {
  const code = error.extensions?.code;
  return code ? `${error.message} [${code}]` : error.message;
}

class PanelView {
  readonly section = element('section', 'panel');
  private readonly heading = element('h2');
  private readonly errorBox = element('div', 'error');
  private readonly body = element('div', 'body');
  private readonly footnote = element('p', 'footnote');
  private readonly querySummary = element('summary');
  private charts: echarts.ECharts[] = [];
  /** Charts follow their container's size (window resized, a scroll bar appearing, the grid reflowing). */
  private readonly resizeObserver = new ResizeObserver((entries) => {
    for (const entry of entries) echarts.getInstanceByDom(entry.target as HTMLElement)?.resize();
  });
  private result: GraphQLResult<unknown> | undefined;

  constructor(readonly panel: Panel) {
    this.section.dataset.panel = panel.name;
    if (panel.wide) this.section.classList.add('wide');
    this.errorBox.hidden = true;
    this.errorBox.setAttribute('role', 'alert');
    this.footnote.hidden = !panel.suppressible;
    // The operation itself, for dashboard developers to copy.
    const details = element('details', 'query');
    details.append(this.querySummary, element('pre', undefined, panel.query.trim()));
    this.section.append(this.heading, this.errorBox, this.body, this.footnote, details);
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

  renderLabels(): void {
    this.heading.textContent = t(this.panel.title, lang);
    this.footnote.textContent = t(L.suppressedNote, lang);
    this.querySummary.textContent = `${t(L.queryFile, lang)}: queries/${this.panel.name}.graphql`;
  }

  async load(currentToken: string, loadGeneration: number): Promise<GraphQLErrorItem[]> {
    this.result = undefined;
    this.setState('loading');
    this.errorBox.hidden = true;
    this.body.setAttribute('aria-busy', 'true');
    const result = await graphql(this.panel.query, this.panel.variables?.() ?? {}, currentToken);
    if (loadGeneration !== generation) return [];
    this.result = result;
    await this.render();
    return result.errors ?? [];
  }

  /** Draws the last result in the current language. */
  async render(): Promise<void> {
    this.renderLabels();
    const result = this.result;
    if (!result) return;
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
    // A refused token is said once, for the page, in its language (loadAll); the panels do not repeat it.
    const pageLevel = (result.errors ?? []).every((error) => error.extensions?.code === 'UNAUTHENTICATED');
    this.showErrors(pageLevel ? [] : errors);
    Object.assign(this.status(), { points: drawnValues.reduce((a, b) => a + b, 0), charts: drawnValues, errors, lang });
    this.setState(errors.length > 0 ? 'error' : 'ready');
  }

  /** Draws the data; returns the values each chart holds (or the table's rows). */
  private async draw(data: unknown): Promise<number[]> {
    const drawing = this.panel.draw(data, lang);
    if ('table' in drawing) {
      this.clearBody();
      this.body.append(drawing.table);
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
    }
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
    return this.charts.map(drawnPoints);
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
}

function showTokenForm(refused: boolean): void {
  byId('token-form').hidden = false;
  byId('token-refused').hidden = !refused;
  byId('token-input').focus();
}

async function loadAll(): Promise<void> {
  if (!token) {
    byId('panels').hidden = true;
    showTokenForm(false);
    return;
  }
  byId('token-form').hidden = true;
  byId('panels').hidden = false;
  generation += 1;
  const loadGeneration = generation;
  const errors = (await Promise.all(views.map((view) => view.load(token!, loadGeneration)))).flat();
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
    for (const view of views) void view.render();
  });
  byId('change-token').addEventListener('click', () => showTokenForm(false));
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
