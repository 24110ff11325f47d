// The operators' dashboard: one project's queue, labelers, final labels, live training progress and models.

import uPlot from '/webjars/uplot/dist/uPlot.esm.js';
import { $, ProblemError, call, guarded as guardedBy, logIn, session } from './session.js';

const REFRESH_MS = 3000;
const plots = new Map();
// what the axes of the models and epochs plots name, kept here because a plot is made once and then given new data
let modelVersions = [];
let epochPoints = new Map();
let refreshing = null;

function show(view) {
  $('login').hidden = view !== 'login';
  $('board').hidden = view !== 'board';
  $('logout').hidden = view === 'login';
  $('who').hidden = view === 'login';
}

function endSession() {
  session.end();
  clearInterval(refreshing);
  show('login');
}

function guarded(action) {
  return guardedBy(action, endSession);
}

const percent = (value) => (value == null ? '–' : `${(value * 100).toFixed(1)}%`);
const number = (value, digits = 3) => (value == null ? '–' : Number(value).toFixed(digits));

function rows(tableId, cells, rowClass = () => '') {
  const body = $(tableId).tBodies[0];
  body.replaceChildren(...cells.map((values, index) => {
    const row = document.createElement('tr');
    row.className = rowClass(index);
    row.append(...values.map((value) => {
      const cell = document.createElement('td');
      cell.textContent = value;
      return cell;
    }));
    return row;
  }));
}

// A plot is made once and then given new data; with no data its place says so.
function plot(id, title, series, data, { time = false, xLabel, xValues } = {}) {
  const container = $(id);
  if (data[0].length === 0) {
    plots.get(id)?.destroy();
    plots.delete(id);
    const note = document.createElement('p');
    note.className = 'no-data';
    note.textContent = `No ${title} yet.`;
    container.replaceChildren(note);
    return;
  }
  const existing = plots.get(id);
  if (existing && existing.series.length === series.length + 1) {
    existing.setData(data);
    return;
  }
  existing?.destroy();
  container.replaceChildren();
  const width = Math.max(280, container.clientWidth || 480);
  // whole-number steps on a counted axis (epochs, versions), uPlot's own time steps on a time axis
  const xAxis = time ? { label: xLabel }
    : { label: xLabel, incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500], values: xValues };
  // one point has no extent: uPlot would stretch it over years (hours) or fractions (counts); half a step each side
  const pad = time ? 1800 : 0.5;
  const range = (_, min, max) => (min === max ? [min - pad, max + pad] : [min, max]);
  plots.set(id, new uPlot({
    width, height: 220, scales: { x: { time, range } }, axes: [xAxis, {}], series: [{ label: xLabel }, ...series],
  }, data, container));
}

function renderQueue(view) {
  const quality = view.quality;
  rows('queue', [
    ...Object.entries(quality.tasksByStatus).map(([status, count]) => [`tasks ${status}`, String(count)]),
    ['final labels', String(quality.finalLabels)],
    ["Krippendorff's alpha", number(quality.krippendorffAlpha)],
  ]);
  const hours = view.finalLabelsPerHour;
  plot('plot-labels', 'final labels', [{ label: 'final labels', stroke: '#1d3557', fill: 'rgba(29,53,87,.1)' }],
    [hours.map((hour) => Date.parse(hour.hour) / 1000), hours.map((hour) => hour.labels)],
    { time: true, xLabel: 'hour' });
}

function runFraction(run) {
  if (run.status === 'succeeded') {
    return 1;
  }
  if (!run.epoch || !run.epochs) {
    return 0;
  }
  const withinEpoch = run.batch && run.batches ? run.batch / run.batches : 1;
  return Math.min(1, (run.epoch - 1 + withinEpoch) / run.epochs);
}

function renderTraining(run) {
  const progress = $('run-progress');
  if (!run) {
    progress.value = 0;
    $('run-status').textContent = 'No training run yet.';
    plot('plot-epochs', 'finished epochs', [], [[]]);
    return;
  }
  progress.value = runFraction(run);
  const parts = [`run ${run.runId}: ${run.status}${run.reason ? ` (${run.reason})` : ''}`];
  if (run.epoch) {
    parts.push(`epoch ${run.epoch}/${run.epochs ?? '?'}`);
  }
  if (run.batch) {
    parts.push(`batch ${run.batch}/${run.batches ?? '?'}`);
  }
  if (run.loss != null) {
    parts.push(`loss ${number(run.loss)}`);
  }
  if (run.etaSeconds != null) {
    parts.push(`about ${Math.ceil(run.etaSeconds / 60)} min left`);
  }
  if (run.message) {
    parts.push(run.message);
  }
  $('run-status').textContent = parts.join(' · ');
  // With a hyperparameter search the trials' epochs follow each other: each trial is a curve of its own (a gap
  // separates them), and the axis names trial and epoch (2·3 is the second trial's third epoch).
  const points = run.epochPoints;
  const columns = [[], [], [], []];
  points.forEach((point, i) => {
    if (i > 0 && point.trial !== points[i - 1].trial) {
      [point.index - 0.5, null, null, null].forEach((value, k) => columns[k].push(value));
    }
    [point.index, point.trainLoss, point.validationLoss, point.validationAccuracy]
      .forEach((value, k) => columns[k].push(value));
  });
  epochPoints = new Map(points.map((point) => [point.index, point]));
  plot('plot-epochs', 'finished epochs', [
    { label: 'training loss', stroke: '#e76f51' },
    { label: 'validation loss', stroke: '#f4a261' },
    { label: 'validation accuracy', stroke: '#2a9d8f' },
  ], columns, {
    xLabel: 'trial · epoch',
    xValues: (_, ticks) => ticks.map((tick) => {
      const point = epochPoints.get(tick);
      return point ? `${point.trial}·${point.epoch}` : '';
    }),
  });
}

// The trainer's answer to each trigger (labels, schedule, retrain request, admin): a run queued, coalesced into the
// follow-up of the run that holds the project, or skipped with its reason.
function renderDecisions(decisions) {
  const words = { queued: 'run queued', coalesced: 'coalesced', skipped: 'skipped' };
  rows('decisions', decisions.map((decision) => [new Date(decision.at).toLocaleString(), decision.trigger ?? '–',
    words[decision.decision] ?? decision.decision, decision.message ?? '']));
}

// A difference of two scores on three decimals, with its sign; one that rounds to zero is ±0.000.
function signed(difference) {
  const magnitude = Math.abs(difference).toFixed(3);
  if (magnitude === '0.000') {
    return '±0.000';
  }
  return `${difference < 0 ? '-' : '+'}${magnitude}`;
}

// Why a version is or is not champion: the trainer's check compares both scores on the same test split; an
// operator's promotion, a first model or a failed check has only its reason.
function promotionText(promotion) {
  if (!promotion) {
    return '–';
  }
  const decision = promotion.promoted ? 'promoted' : 'not promoted';
  const check = promotion.check;
  if (check?.score == null || check?.championScore == null) {
    return promotion.reason ? `${decision}: ${promotion.reason}` : decision;
  }
  const verdict = { tie: 'tie, ', below_margin: 'within the margin, ' }[check.outcome] ?? '';
  const margin = check.margin ? `, margin ${number(check.margin)}` : '';
  return `${decision}: ${verdict}${number(check.score)} vs champion ${number(check.championScore)} on the same test`
    + ` split (${signed(check.score - check.championScore)}${margin})`;
}

function renderModels(training) {
  const models = training.models;
  modelVersions = models.map((model) => model.version);
  $('champion').textContent = [
    training.champion ? `Champion: ${training.champion}` : 'No champion yet: every item goes to humans.',
    training.lastChange ? `last change: ${training.lastChange}` : null,
    training.lastRetrainRequest ? `retrain requested ${new Date(training.lastRetrainRequest).toLocaleString()}`
      + (training.lastRetrainReason ? ` (${training.lastRetrainReason})` : '') : null,
  ].filter(Boolean).join(' · ');
  rows('models', models.map((model) => [model.version, model.architecture, model.datasetVersion ?? '–',
    percent(model.metrics?.accuracy), number(model.metrics?.macro_f1), number(model.metrics?.ece),
    new Date(model.registeredAt).toLocaleString(), promotionText(model.promotion)]),
  (index) => (models[index].version === training.champion ? 'champion' : ''));
  plot('plot-models', 'model versions', [
    { label: 'test accuracy', stroke: '#1d3557', points: { show: true } },
    { label: 'macro F1', stroke: '#2a9d8f', points: { show: true } },
  ], [models.map((_, index) => index + 1), models.map((model) => model.metrics?.accuracy ?? null),
    models.map((model) => model.metrics?.macro_f1 ?? null)], {
    xLabel: 'model version',
    xValues: (_, ticks) => ticks.map((tick) => modelVersions[tick - 1] ?? ''),
  });
}

function renderLiveAccuracy(live) {
  const models = live?.models ?? [];
  $('live-note').textContent = !live ? 'Not shown: this labeling service does not know where inference runs.'
    : live.unavailable ? `Not available right now: ${live.unavailable}.`
      : models.length === 0 ? 'No model has predictions with human labels yet.' : '';
  rows('live', models.map((model) => [model.modelVersion, percent(model.testAccuracy),
    measured(model.liveAccuracy), String(model.liveAccuracy?.labels ?? 0), measured(model.uncertainItemAccuracy),
    measured(model.autoLabelPrecision), model.retrainRequested ? 'yes' : 'no']),
  (index) => (models[index].champion ? 'champion' : ''));
}

/** A share measured on human labels, with its interval: "86.7% (69.3–94.7%)". */
function measured(figure) {
  if (figure?.value == null) {
    return '–';
  }
  return `${percent(figure.value)} (${(figure.low * 100).toFixed(1)}–${percent(figure.high)})`;
}

function renderLabelers(labelers) {
  rows('labelers', labelers.map((labeler) => [labeler.username, String(labeler.answers),
    percent(labeler.goldAccuracy), percent(labeler.agreementWithConsensus), percent(labeler.estimatedAccuracy),
    String(labeler.skipped), labeler.suspended ? 'yes' : 'no']));
}

async function refresh() {
  const project = $('project').value;
  if (!project) {
    return;
  }
  const view = await call('GET', `/api/v1/operations/projects/${encodeURIComponent(project)}`);
  renderQueue(view);
  renderTraining(view.training.latestRun);
  renderDecisions(view.training.decisions);
  renderModels(view.training);
  renderLiveAccuracy(view.liveAccuracy);
  renderLabelers(view.quality.labelers);
  $('updated').textContent = `Updated ${new Date().toLocaleTimeString()}; every ${REFRESH_MS / 1000} s.`;
}

async function openBoard() {
  const me = await call('GET', '/api/v1/me');
  $('who').textContent = me.username;
  if (me.role !== 'admin') {
    throw new ProblemError(403, { title: 'This dashboard is for admins',
      detail: `You are logged in as ${me.username}, a ${me.role}; labelers work on the labeling page.` });
  }
  const projects = await call('GET', '/api/v1/projects');
  const select = $('project');
  const wanted = decodeURIComponent(location.hash.slice(1));
  select.replaceChildren(...projects.map((project) => new Option(project.name, project.id, false,
    project.id === wanted)));
  show('board');
  await refresh();
  clearInterval(refreshing);
  refreshing = setInterval(() => guarded(refresh), REFRESH_MS);
}

async function start() {
  if (!session.token) {
    show('login');
    return;
  }
  await guarded(openBoard);
}

$('login').addEventListener('submit', async (event) => {
  event.preventDefault();
  await guarded(async () => {
    await logIn($('username').value, $('password').value);
    $('password').value = '';
    await openBoard();
  });
});
$('logout').addEventListener('click', endSession);
$('project').addEventListener('change', () => {
  location.hash = `#${encodeURIComponent($('project').value)}`;
  plots.forEach((existing) => existing.destroy());
  plots.clear();
  guarded(refresh);
});
start();
