// The login screen.
import * as api from '../api.js';
import { el, setText } from '../dom.js';

/** The login form; `onLoggedIn(session)` is called after a successful login. */
export function render(onLoggedIn, message = '') {
  const error = el('p', { class: 'error-text', role: 'alert', testid: 'login-error' }, message);
  const username = el('input', { id: 'login-username', name: 'username', testid: 'login-username', autocomplete: 'username', required: true, autofocus: true });
  const password = el('input', { id: 'login-password', name: 'password', type: 'password', testid: 'login-password', autocomplete: 'current-password', required: true });
  const submit = el('button', { type: 'submit', class: 'primary', testid: 'login-submit' }, 'Log in');
  const form = el(
    'form',
    {
      class: 'login form',
      testid: 'login-form',
      on: {
        submit: async (event) => {
          event.preventDefault();
          submit.disabled = true;
          setText(error, '');
          try {
            const session = await api.login(username.value, password.value);
            onLoggedIn(session);
          } catch (failure) {
            setText(error, failure.status === 401 ? 'Wrong user name or password.' : api.errorText(failure));
            password.value = '';
            password.focus();
          } finally {
            submit.disabled = false;
          }
        },
      },
    },
    el('h1', {}, 'ProxBalance'),
    el('label', { for: 'login-username' }, 'User name'),
    username,
    el('label', { for: 'login-password' }, 'Password'),
    password,
    error,
    submit,
  );
  return el('main', { class: 'login-page', id: 'main' }, form);
}
