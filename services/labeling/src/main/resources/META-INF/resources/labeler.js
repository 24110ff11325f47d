// The labeler's page: log in, pick a project, then label one leased item after another.
// Item content is untrusted (e-mails, HTML): it is only ever set as text or as an image data URL, never as markup.

import { $, ProblemError, call, guarded as guardedBy, logIn as logInAs, session } from './session.js';

const state = { project: null, assignment: null, busy: false };

function show(view) {
  for (const id of ['login', 'projects', 'task']) {
    $(id).hidden = id !== view;
  }
  const loggedIn = view !== 'login';
  $('logout').hidden = !loggedIn;
  $('who').hidden = !loggedIn;
}

function guarded(action) {
  return guardedBy(action, endSession);
}

function endSession() {
  session.end();
  state.assignment = null;
  show('login');
}

async function logIn(event) {
  event.preventDefault();
  endSession();
  await guarded(async () => {
    await logInAs($('username').value, $('password').value);
    $('password').value = '';
    await route();
  });
}

async function listProjects() {
  const [me, projects] = await Promise.all([call('GET', '/api/v1/me'), call('GET', '/api/v1/projects')]);
  $('who').textContent = me.username;
  const list = $('project-list');
  list.replaceChildren(...projects.map((project) => {
    const button = document.createElement('button');
    button.type = 'button';
    button.dataset.project = project.id;
    button.textContent = `${project.name} (${project.kind}, ${project.labels.length} labels)`;
    button.addEventListener('click', () => { location.hash = `#${encodeURIComponent(project.id)}`; });
    const item = document.createElement('li');
    item.append(button);
    return item;
  }));
  show('projects');
}

// Instructions are Markdown; paragraphs, **bold**, *emphasis* and `code` become elements built from text.
const INLINE_MARKDOWN = [['**', 'strong'], ['*', 'em'], ['`', 'code']];

function renderInstructions(markdown, container) {
  const paragraphs = (markdown || '').split(/\n\s*\n/).filter((text) => text.trim());
  container.replaceChildren(...paragraphs.map((text) => {
    const paragraph = document.createElement('p');
    for (const part of text.split(/(\*\*[^*]+\*\*|\*[^*]+\*|`[^`]+`)/)) {
      const [mark, tag] = INLINE_MARKDOWN.find(([m]) => part.length > 2 * m.length
        && part.startsWith(m) && part.endsWith(m)) || [];
      if (tag) {
        const element = document.createElement(tag);
        element.textContent = part.slice(mark.length, -mark.length);
        paragraph.append(element);
      } else {
        paragraph.append(part);
      }
    }
    return paragraph;
  }));
}

async function openProject(id) {
  const [me, project] = await Promise.all([
    call('GET', '/api/v1/me'), call('GET', `/api/v1/projects/${encodeURIComponent(id)}`)]);
  $('who').textContent = me.username;
  state.project = project;
  $('project-name').textContent = project.name;
  renderInstructions(project.instructions, $('instructions'));
  $('labels').replaceChildren(...project.labels.map((label) => {
    const button = document.createElement('button');
    button.type = 'button';
    button.dataset.label = label.name;
    button.title = label.description || label.name;
    button.append(label.name);
    if (label.hotkey) {
      const key = document.createElement('kbd');
      key.textContent = label.hotkey;
      button.append(key);
    }
    button.addEventListener('click', () => answer(label.name));
    return button;
  }));
  show('task');
  await Promise.all([nextItem(), refreshStats()]);
}

async function refreshStats() {
  const own = await call('GET', `/api/v1/projects/${encodeURIComponent(state.project.id)}/quality/me`);
  const agreement = own.agreementWithConsensus == null
    ? 'not known yet' : `${Math.round(own.agreementWithConsensus * 100)}%`;
  $('stats').textContent = own.suspended
    ? 'Your answers in this project no longer count: your quality fell below the project\'s bar.'
    : `Your answers: ${own.answers} · agreement with the final labels: ${agreement}`;
}

function randomId() {
  if (crypto.randomUUID) {
    return crypto.randomUUID();
  }
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

async function nextItem() {
  showItem(await call('POST', `/api/v1/assignments?project=${encodeURIComponent(state.project.id)}`));
}

function showItem(assignment) {
  // One submission id per assignment: a retried answer after a lost response is recognised, not counted twice.
  state.assignment = assignment && { ...assignment, submissionId: randomId() };
  renderItem();
}

function renderItem() {
  const assignment = state.assignment;
  $('empty').hidden = assignment !== null;
  $('item').hidden = assignment === null;
  if (!assignment) {
    return;
  }
  const text = $('item-text');
  const image = $('item-image');
  text.hidden = assignment.kind !== 'text';
  image.hidden = assignment.kind !== 'image';
  text.textContent = assignment.kind === 'text' ? assignment.text : '';
  if (assignment.kind === 'image') {
    image.src = `data:image/png;base64,${assignment.imagePng}`;
  } else {
    image.removeAttribute('src');
  }
  $('flag-reason').value = '';
  $('flag-comment').value = '';
  updateLease();
}

function updateLease() {
  const assignment = state.assignment;
  if (!assignment) {
    return;
  }
  const left = Math.round((Date.parse(assignment.expiresAt) - Date.now()) / 1000);
  const lease = $('lease');
  lease.classList.toggle('expired', left <= 0);
  lease.textContent = left > 0
    ? `This item is yours for ${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}.`
    : 'Your lease has expired: the item may go to someone else. Answer anyway or skip to the next.';
}

async function whileBusy(action) {
  if (state.busy || !state.assignment) {
    return;
  }
  state.busy = true;
  document.querySelectorAll('#item button').forEach((button) => { button.disabled = true; });
  try {
    await guarded(action);
  } finally {
    state.busy = false;
    document.querySelectorAll('#item button').forEach((button) => { button.disabled = false; });
  }
}

function answer(label) {
  return whileBusy(async () => {
    const assignment = state.assignment;
    let reply;
    try {
      // the answer and the next item in one round trip
      reply = await call('POST', `/api/v1/assignments/${assignment.assignmentId}/answer-and-next`,
        { body: { submissionId: assignment.submissionId, label } });
    } catch (error) {
      if (!(error instanceof ProblemError) || error.status !== 409) {
        throw error;
      }
      await nextItem();
      throw error;
    }
    showItem(reply.next);
    await refreshStats();
    if (reply.nextRefused) {
      throw new ProblemError(reply.nextRefused.status, reply.nextRefused);
    }
  });
}

function skip(event) {
  event.preventDefault();
  return whileBusy(async () => {
    const flag = $('flag-reason').value || null;
    const comment = $('flag-comment').value.trim() || null;
    await call('POST', `/api/v1/assignments/${state.assignment.assignmentId}/skip`, { body: { flag, comment } });
    await nextItem();
  });
}

function onKey(event) {
  if ($('task').hidden || $('item').hidden || event.ctrlKey || event.metaKey || event.altKey
      || event.target.closest('input, select, textarea')) {
    return;
  }
  const label = state.project.labels.find((candidate) => candidate.hotkey === event.key);
  if (label) {
    event.preventDefault();
    answer(label.name);
  }
}

async function route() {
  if (!session.token) {
    show('login');
    return;
  }
  const project = decodeURIComponent(location.hash.slice(1));
  await guarded(() => (project ? openProject(project) : listProjects()));
}

$('login').addEventListener('submit', logIn);
$('logout').addEventListener('click', () => { location.hash = ''; endSession(); });
$('back').addEventListener('click', () => { location.hash = ''; });
$('refresh').addEventListener('click', () => guarded(nextItem));
$('flag').addEventListener('submit', skip);
document.addEventListener('keydown', onKey);
window.addEventListener('hashchange', route);
setInterval(updateLease, 1000);
route();
