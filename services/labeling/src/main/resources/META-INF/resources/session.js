// What the labeling service's pages share: the session token, API calls, and problem (RFC 9457) display.

const SESSION_KEY = 'labelstream.session';

export const $ = (id) => document.getElementById(id);

export class ProblemError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `The service answered ${status}.`);
    this.status = status;
    this.problem = problem;
  }
}

export const session = {
  get token() {
    return sessionStorage.getItem(SESSION_KEY);
  },
  end() {
    sessionStorage.removeItem(SESSION_KEY);
  },
};

export async function call(method, path, { body, login } = {}) {
  // X-Requested-With keeps the browser's own Basic login dialog away: the pages have their own log-in form.
  const headers = { Accept: 'application/json, application/problem+json', 'X-Requested-With': 'labelstream' };
  if (login) {
    headers.Authorization = 'Basic ' + btoa(String.fromCharCode(
      ...new TextEncoder().encode(`${login.username}:${login.password}`)));
  } else if (session.token) {
    headers.Authorization = 'Bearer ' + session.token;
  }
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(path, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 204) {
    return null;
  }
  const text = await response.text();
  let payload = null;
  try {
    payload = text ? JSON.parse(text) : null;
  } catch {
    payload = { title: `The service answered ${response.status} with a body that is not JSON.` };
  }
  if (!response.ok) {
    throw new ProblemError(response.status, payload);
  }
  return payload;
}

/** Exchanges a password for a session token (the password is sent once, here). */
export async function logIn(username, password) {
  session.end();
  try {
    const opened = await call('POST', '/api/v1/sessions', { login: { username, password } });
    sessionStorage.setItem(SESSION_KEY, opened.token);
  } catch (error) {
    throw error instanceof ProblemError && error.status === 401
      ? new ProblemError(401, { title: 'Log-in failed', detail: 'The user name or the password is not right.' })
      : error;
  }
}

export function showProblem(error) {
  const box = $('problem');
  if (!error) {
    box.hidden = true;
    box.textContent = '';
    return;
  }
  const problem = error.problem || {};
  const parts = [problem.title || 'Something went wrong'];
  if (problem.detail && problem.detail !== problem.title) {
    parts.push(problem.detail);
  }
  parts.push(...(problem.errors || []));
  box.textContent = parts.join(' — ');
  box.hidden = false;
}

/** Runs an action and shows what went wrong; a refused token ends the session and calls onSessionEnded. */
export async function guarded(action, onSessionEnded) {
  const hadSession = session.token !== null;
  try {
    showProblem(null);
    await action();
  } catch (error) {
    if (error instanceof ProblemError && error.status === 401 && hadSession) {
      session.end();
      onSessionEnded();
      showProblem(new ProblemError(401, { title: 'Your session has ended', detail: 'Please log in again.' }));
      return;
    }
    showProblem(error instanceof ProblemError ? error : new ProblemError(0, { title: String(error) }));
  }
}
