// The reader's stored colour scheme, on <html data-scheme> before the first paint. A classic
// script in <head> blocks rendering until it has run; the page's modules arrive later, and a
// reader who chose dark on a light system would otherwise see the page flash light first.
// preferences.js owns the choice (the switch, the storage, the charts' theme) and reads the
// storage key from <html data-scheme-key>, set here once.

document.documentElement.dataset.schemeKey = 'gradfall-color-scheme';
try {
  const stored = window.localStorage.getItem(document.documentElement.dataset.schemeKey);
  if (stored === 'light' || stored === 'dark') document.documentElement.dataset.scheme = stored;
} catch {
  // Storage refused (a sandboxed iframe): the system's scheme, as preferences.js does.
}
