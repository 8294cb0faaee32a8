// AutoDmGuard dashboard: the list's actions without a page reload. Every button also works without this script
// (a plain form POST that redirects back), so this file only takes the same form, sends it with fetch and asks for JSON.
(() => {
  'use strict';

  const status = document.getElementById('action-status');
  const list = document.getElementById('sender-list');
  const rowForm = document.getElementById('row-actions');

  function announce(message, isError) {
    if (!status) {
      return null;
    }
    status.replaceChildren();
    const p = document.createElement('p');
    p.className = isError ? 'notice notice-error' : 'notice';
    p.textContent = message; // textContent: messages carry handles, never markup
    status.append(p);
    return p;
  }

  async function send(url, senderId) {
    const body = new FormData(rowForm);
    body.set('senderId', senderId);
    try {
      const response = await fetch(url, {
        method: 'POST',
        body,
        credentials: 'same-origin',
        headers: { Accept: 'application/json' },
      });
      const data = await response.json().catch(() => null);
      return { ok: response.ok && data !== null && data.ok === true, message: data && data.message };
    } catch {
      return { ok: false, message: 'The app could not be reached; nothing was changed.' };
    }
  }

  function focusAfter(placeholder) {
    let next = placeholder.nextElementSibling;
    while (next && !next.matches('li.sender')) {
      next = next.nextElementSibling;
    }
    const target = next ? next.querySelector('button, a') : document.getElementById('search-input');
    if (target) {
      target.focus();
    }
  }

  function offerUndo(row, placeholder, message) {
    const p = announce(message, false);
    if (!p) {
      return;
    }
    const undo = document.createElement('button');
    undo.type = 'button';
    undo.id = 'undo-button';
    undo.className = 'btn';
    undo.textContent = 'Undo';
    undo.addEventListener('click', async () => {
      undo.disabled = true;
      const result = await send(list.dataset.undoUrl, row.dataset.senderId);
      if (!result.ok) {
        undo.disabled = false;
        announce(result.message || 'Undo failed; they are still unfollowed.', true);
        return;
      }
      placeholder.replaceWith(row);
      announce(result.message || 'Followed again.', false);
      const again = row.querySelector('button[data-action="unfollow"]');
      if (again) {
        again.focus();
      }
    });
    p.append(' ', undo);
    undo.focus();
  }

  if (list && rowForm) {
    list.addEventListener('click', async (event) => {
      const button = event.target.closest('button[data-action]');
      if (!button || !list.contains(button)) {
        return;
      }
      event.preventDefault();
      const row = button.closest('li.sender');
      button.disabled = true;
      const result = await send(button.formAction, button.value);
      button.disabled = false;
      if (!result.ok) {
        announce(result.message || 'Something went wrong; nothing was changed.', true);
        return;
      }
      // The sender no longer belongs to this view: take the row out, keep it to put back on Undo.
      const placeholder = document.createComment('sender ' + row.dataset.senderId);
      row.replaceWith(placeholder);
      if (button.dataset.action === 'unfollow') {
        offerUndo(row, placeholder, result.message);
      } else {
        announce(result.message, false);
        focusAfter(placeholder);
      }
    });
  }

  const unfollowAll = document.getElementById('unfollow-all-form');
  if (unfollowAll) {
    unfollowAll.addEventListener('submit', (event) => {
      const help = document.getElementById('unfollow-all-help');
      if (!window.confirm('Unfollow everyone in this view? ' + (help ? help.textContent : ''))) {
        event.preventDefault();
      }
    });
  }

  // The bulk progress bar follows the executor while a job runs.
  const bulk = document.getElementById('bulk');
  if (bulk && bulk.dataset.bulkActive === 'true') {
    const progress = document.getElementById('bulk-progress');
    const text = document.getElementById('bulk-progress-text');
    const timer = window.setInterval(async () => {
      try {
        const response = await fetch(bulk.dataset.statusUrl, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
        const job = await response.json();
        if (progress && typeof job.total === 'number') {
          progress.max = job.total;
          progress.value = job.done + job.failed;
        }
        if (text && job.text) {
          text.textContent = job.text;
        }
        if (!job.active) {
          window.clearInterval(timer);
          const cancel = document.getElementById('cancel-bulk-button');
          if (cancel) {
            cancel.closest('form').remove();
          }
        }
      } catch {
        // Keep the last figures; the next tick tries again.
      }
    }, 3000);
  }
})();
