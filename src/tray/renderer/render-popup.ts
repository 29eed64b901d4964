import type { AttentionView, FolderView, PopupView, RecentView } from '../view-model/index.js';
import { button, element } from './dom.js';
import type { PopupActions, PopupLocalState } from './popup-actions.js';

/** Builds the popup's DOM from the view; every interactive element is a native button. */
export function renderPopup(
  view: PopupView,
  local: PopupLocalState,
  actions: PopupActions,
): HTMLElement {
  return element(
    'main',
    { className: 'popup', attributes: { 'data-icon-state': view.iconState } },
    [
      renderHeader(view),
      renderMessage(local),
      view.connected ? renderPauseControls(view, actions) : renderStopped(view, actions),
      view.connected ? renderAttention(view, actions) : null,
      view.connected ? renderRecent(view, actions) : null,
      view.connected ? renderFolders(view, local, actions) : null,
      view.connected ? renderFooter(view, actions) : null,
    ],
  );
}

function renderHeader(view: PopupView): HTMLElement {
  return element('header', { className: 'status' }, [
    element('span', {
      className: `status-dot status-dot-${view.iconState}`,
      attributes: { 'aria-hidden': 'true' },
    }),
    element('h1', {
      className: 'status-line',
      text: view.statusLine,
      attributes: { id: 'status-line', role: 'status', 'aria-live': 'polite' },
    }),
  ]);
}

function renderMessage(local: PopupLocalState): HTMLElement | null {
  if (local.message === null) {
    return null;
  }
  return element('p', {
    className: local.message.isError ? 'message message-error' : 'message',
    text: local.message.text,
    attributes: { role: local.message.isError ? 'alert' : 'status' },
  });
}

function renderPauseControls(view: PopupView, actions: PopupActions): HTMLElement {
  const buttons = view.paused
    ? [button('Resume', 'resume', actions.resume, { className: 'button button-primary' })]
    : [
        button('Pause', 'pause', () => {
          actions.pause('indefinitely');
        }),
        button(
          'For 1 hour',
          'pause-one-hour',
          () => {
            actions.pause('one-hour');
          },
          { ariaLabel: 'Pause for 1 hour' },
        ),
        button(
          'Until tomorrow',
          'pause-until-tomorrow',
          () => {
            actions.pause('until-tomorrow');
          },
          { ariaLabel: 'Pause until tomorrow' },
        ),
      ];
  return element(
    'section',
    { className: 'toolbar', attributes: { 'aria-label': 'Pause' } },
    buttons,
  );
}

function renderStopped(view: PopupView, actions: PopupActions): HTMLElement {
  return element('section', { className: 'stopped' }, [
    element('p', {
      text: 'New photos are not cleaned while MetaClear is not running.',
    }),
    view.canStartDaemon
      ? button('Start MetaClear', 'start-daemon', actions.startDaemon, {
          className: 'button button-primary',
        })
      : null,
  ]);
}

function renderSection(
  id: string,
  title: string,
  items: readonly HTMLElement[],
  emptyText: string,
  footer: HTMLElement | null = null,
): HTMLElement {
  const headingId = `${id}-heading`;
  return element(
    'section',
    { className: 'section', attributes: { 'aria-labelledby': headingId } },
    [
      element('h2', { text: title, attributes: { id: headingId } }),
      items.length === 0
        ? element('p', { className: 'empty', text: emptyText })
        : element('ul', { className: 'list', attributes: { id: `${id}-list` } }, items),
      footer,
    ],
  );
}

function renderItem(
  name: string,
  details: readonly string[],
  actions: readonly HTMLElement[],
  attributes: Readonly<Record<string, string>>,
  time = '',
): HTMLElement {
  return element('li', { className: 'item', attributes }, [
    element('div', { className: 'item-heading' }, [
      element('span', { className: 'item-name', text: name, attributes: { title: name } }),
      time === '' ? null : element('span', { className: 'item-time', text: time }),
    ]),
    ...details.map((detail) => element('div', { className: 'item-detail', text: detail })),
    actions.length === 0 ? null : element('div', { className: 'item-actions' }, actions),
  ]);
}

function renderAttention(view: PopupView, actions: PopupActions): HTMLElement | null {
  if (view.attention.length === 0) {
    return null;
  }
  return renderSection(
    'attention',
    'Needs attention',
    view.attention.map((item: AttentionView) =>
      renderItem(
        item.name,
        [item.reason],
        [
          item.canRetry
            ? button(
                'Retry',
                `retry:${item.id}`,
                () => {
                  actions.retryAttention(item.id);
                },
                { ariaLabel: `Retry ${item.name}` },
              )
            : null,
          button(
            'Show',
            `reveal-attention:${item.id}`,
            () => {
              actions.revealPath(item.path);
            },
            { ariaLabel: `Show ${item.name} in its folder` },
          ),
          button(
            'Dismiss',
            `dismiss:${item.id}`,
            () => {
              actions.dismissAttention(item.id);
            },
            { ariaLabel: `Dismiss ${item.name}` },
          ),
        ].filter((node) => node !== null),
        { 'data-path': item.path },
      ),
    ),
    view.attentionEmptyText,
  );
}

function renderRecent(view: PopupView, actions: PopupActions): HTMLElement {
  return renderSection(
    'recent',
    'Recent activity',
    view.recent.map((job: RecentView) =>
      renderItem(
        job.name,
        [job.summary],
        job.canRestore
          ? [
              button(
                'Restore original',
                `restore:${job.jobId}`,
                () => {
                  actions.restoreOriginal(job.jobId);
                },
                { ariaLabel: `Restore original of ${job.name}` },
              ),
            ]
          : [],
        { 'data-job-id': job.jobId },
        job.timeLabel,
      ),
    ),
    view.recentEmptyText,
  );
}

function renderFolders(
  view: PopupView,
  local: PopupLocalState,
  actions: PopupActions,
): HTMLElement {
  const footer = element('div', { className: 'toolbar' }, [
    button('Add folder…', 'add-folder', actions.addFolder),
    button('Clean my screenshots', 'clean-screenshots', actions.cleanScreenshots),
  ]);
  return renderSection(
    'folders',
    'Folders',
    view.folders.map((folder: FolderView) => renderFolder(folder, local, actions)),
    view.foldersEmptyText,
    footer,
  );
}

function renderFolder(
  folder: FolderView,
  local: PopupLocalState,
  actions: PopupActions,
): HTMLElement {
  const confirming = local.confirmRemovePath === folder.path;
  return renderItem(
    folder.name,
    [`${folder.modeLabel} · ${folder.stateLabel}`],
    [
      folder.paused
        ? button(
            'Resume',
            `folder-resume:${folder.path}`,
            () => {
              actions.resumeFolder(folder.path);
            },
            { ariaLabel: `Resume ${folder.name}` },
          )
        : button(
            'Pause',
            `folder-pause:${folder.path}`,
            () => {
              actions.pauseFolder(folder.path);
            },
            { ariaLabel: `Pause ${folder.name}` },
          ),
      button(
        'Show',
        `folder-reveal:${folder.path}`,
        () => {
          actions.revealPath(folder.path);
        },
        { ariaLabel: `Show ${folder.name}` },
      ),
      button(
        confirming ? 'Confirm remove' : 'Remove',
        `folder-remove:${folder.path}`,
        () => {
          actions.removeFolder(folder.path);
        },
        {
          ariaLabel: confirming ? `Confirm remove ${folder.name}` : `Remove ${folder.name}`,
          className: confirming ? 'button button-danger' : 'button',
        },
      ),
    ],
    { 'data-path': folder.path, ...(folder.unavailable ? { 'data-unavailable': 'true' } : {}) },
  );
}

function renderFooter(view: PopupView, actions: PopupActions): HTMLElement {
  return element('footer', { className: 'footer' }, [
    element('span', {
      className: 'vault-line',
      text: view.vaultLine,
      attributes: { id: 'vault-line' },
    }),
    button('Open Originals', 'open-originals', actions.openOriginals, {
      className: 'button button-link',
    }),
  ]);
}
