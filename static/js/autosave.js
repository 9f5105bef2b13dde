/*
 * autosave.js — drafts that survive reloads, lost connections, closed tabs and expired sessions.
 * Full contract: docs/autosave.md. In short:
 *
 * PAGE
 *   <form data-autosave-url="/draft/endpoint"        POST target for drafts (JSON)
 *         data-autosave-key="area:<user public id>"  unique per user + form (localStorage key)
 *         data-revision="7"                          the revision the server rendered
 *         data-autosave-token-url="/api/csrf-token"  optional; GET -> {"csrf_token": "..."}
 *   >  ... named inputs ...
 *      <p data-autosave-status role="status" aria-live="polite"></p>   (status line)
 *   </form>
 *   <meta name="csrf-token" content="...">           sent as X-CSRFToken
 *   <script type="application/json" id="autosave-i18n">{"saving": "...", "saved": "... {time}",
 *     "offline", "sessionExpired", "serverError", "invalid": "... {fields}", "locked",
 *     "forbidden", "restored"}</script>             every user-facing string comes from the page
 *   <any data-autosave-clear="<key>">               forget that key's local copy (after submit)
 *
 * FIELDS  every named control except hidden/file/buttons and [data-autosave-ignore]:
 *   checkbox -> array of checked values; radio -> checked value or null;
 *   select[multiple] -> array; everything else -> its string value.
 *
 * REQUEST  POST {"fields": {<only the changed fields>}, "revision": <base revision>}
 *          headers Content-Type/Accept application/json, X-CSRFToken.
 * RESPONSE 2xx {"revision": n}                         stored; those fields are marked sent
 *          422 {"revision": n, "errors": {name: msg}}  good fields stored; bad ones kept locally
 *          409 {"code": "stale", "revision": n}        another tab saved: adopt n, resend ours
 *          409 {"code": "locked"}                      submitted: stop
 *          401                                         session expired: keep, retry later
 *          400                                         CSRF token stale: fetch a new one, retry once
 *          other / network error                       keep, retry with back-off and on "online"
 *
 * Every change is written to localStorage before it is sent, and stays there until the server
 * confirmed it (2xx). On load, unsent values are put back into the form and sent. What the
 * server confirmed is remembered in sessionStorage with its revision, for a reloaded page that
 * was rendered before the last save landed.
 */
(function () {
  "use strict";

  var DEBOUNCE_MS = 1000;
  var MAX_BACKOFF_MS = 30000;
  var KEEPALIVE_LIMIT = 60000; // browsers cap keepalive bodies at 64 KiB
  var SKIP_TYPES = ["hidden", "file", "submit", "button", "reset", "image"];

  function readJson(id) {
    var el = document.getElementById(id);
    if (!el) return {};
    try { return JSON.parse(el.textContent); } catch (e) { return {}; }
  }

  function format(template, values) {
    return String(template || "").replace(/\{(\w+)\}/g, function (m, k) {
      return Object.prototype.hasOwnProperty.call(values, k) ? values[k] : m;
    });
  }

  function storageKey(key) { return "autosave:" + key; }

  function sameValue(a, b) { return JSON.stringify(a) === JSON.stringify(b); }

  function Autosave(form) {
    this.form = form;
    this.url = form.dataset.autosaveUrl;
    this.key = storageKey(form.dataset.autosaveKey || form.dataset.autosaveUrl);
    this.tokenUrl = form.dataset.autosaveTokenUrl || "/api/csrf-token";
    this.base = parseInt(form.dataset.revision || "0", 10) || 0;
    this.i18n = readJson(form.dataset.autosaveI18n || "autosave-i18n");
    this.statusEl = form.querySelector("[data-autosave-status]") ||
      document.getElementById(form.dataset.autosaveStatus || "");
    this.dirty = {};        // name -> value not yet confirmed by the server
    this.saved = {};        // name -> value the server confirmed, as of revision savedAt
    this.savedAt = 0;       // (this tab only, sessionStorage: see restoreSaved)
    this.refused = {};      // name -> value the server refused (422); not resent until changed
    this.inFlight = false;
    this.again = false;
    this.stopped = false;
    this.timer = null;
    this.retryTimer = null;
    this.backoff = 1000;
    this.staleRetries = 0;
    this.tokenRetried = false;
    this.restore();
    this.listen();
  }

  Autosave.prototype.controls = function (name) {
    return Array.prototype.filter.call(this.form.elements, function (el) {
      return el.name === name;
    });
  };

  Autosave.prototype.tracked = function (el) {
    return el.name && !el.disabled && SKIP_TYPES.indexOf(el.type) === -1 &&
      !el.hasAttribute("data-autosave-ignore") && el.name !== "csrf_token";
  };

  Autosave.prototype.valueOf = function (name) {
    var els = this.controls(name);
    var first = els[0];
    if (!first) return null;
    if (first.type === "checkbox") {
      return els.filter(function (el) { return el.checked; }).map(function (el) { return el.value; });
    }
    if (first.type === "radio") {
      var on = els.filter(function (el) { return el.checked; })[0];
      return on ? on.value : null;
    }
    if (first.type === "select-multiple") {
      return Array.prototype.filter.call(first.options, function (o) { return o.selected; })
        .map(function (o) { return o.value; });
    }
    return first.value;
  };

  Autosave.prototype.setValue = function (name, value) {
    this.controls(name).forEach(function (el) {
      if (el.type === "checkbox") el.checked = Array.isArray(value) && value.indexOf(el.value) !== -1;
      else if (el.type === "radio") el.checked = el.value === value;
      else if (el.type === "select-multiple") {
        Array.prototype.forEach.call(el.options, function (o) {
          o.selected = Array.isArray(value) && value.indexOf(o.value) !== -1;
        });
      } else el.value = value == null ? "" : value;
      el.dispatchEvent(new CustomEvent("autosave:restored", { bubbles: true }));
    });
  };

  // --- local copy -------------------------------------------------------------------------

  Autosave.prototype.persist = function () {
    try {
      if (Object.keys(this.dirty).length === 0) {
        localStorage.removeItem(this.key);
      } else {
        localStorage.setItem(this.key, JSON.stringify({
          v: 1, base: this.base, dirty: this.dirty, at: Date.now()
        }));
      }
    } catch (e) {
      // storage full or disabled: the server copy is then the only copy, keep sending
    }
  };

  // What this tab saw confirmed, in sessionStorage (gone with the tab, unlike `dirty`).
  Autosave.prototype.persistSaved = function () {
    try {
      if (Object.keys(this.saved).length === 0) sessionStorage.removeItem(this.key);
      else sessionStorage.setItem(this.key, JSON.stringify({ savedAt: this.savedAt, saved: this.saved }));
    } catch (e) {
      // storage disabled: only the rare reload race below is then not covered
    }
  };

  // A reload's page can be older than a save the old page saw confirmed: the browser asks for
  // the new page while the old one still runs, so a draft stored meanwhile can be missing from
  // the HTML although it is no longer unsent. The server has it: show it, do not resend it.
  Autosave.prototype.restoreSaved = function () {
    var record = null;
    try { record = JSON.parse(sessionStorage.getItem(this.key) || "null"); } catch (e) { record = null; }
    if (record && typeof record.savedAt === "number" && record.savedAt > this.base && record.saved) {
      Object.keys(record.saved).forEach(function (name) {
        if (this.controls(name).length === 0) return;
        if (!sameValue(this.valueOf(name), record.saved[name])) this.setValue(name, record.saved[name]);
        this.saved[name] = record.saved[name];
      }, this);
      this.savedAt = record.savedAt;
      this.base = record.savedAt;
    }
    this.persistSaved();  // a page as new as the record makes it unnecessary
  };

  Autosave.prototype.restore = function () {
    this.restoreSaved();
    var record = null;
    try { record = JSON.parse(localStorage.getItem(this.key) || "null"); } catch (e) { record = null; }
    if (!record || !record.dirty) return;
    var restored = false;
    Object.keys(record.dirty).forEach(function (name) {
      if (this.controls(name).length === 0) return;
      var value = record.dirty[name];
      // the server already shows this value (a request landed but its answer never came)
      if (sameValue(this.valueOf(name), value)) return;
      this.setValue(name, value);
      this.dirty[name] = value;
      restored = true;
    }, this);
    this.persist();
    if (restored) {
      this.status("restored");
      this.send();
    }
  };

  // --- events -----------------------------------------------------------------------------

  Autosave.prototype.listen = function () {
    var self = this;
    var onChange = function (event) {
      var el = event.target;
      if (!el || !self.tracked(el)) return;
      self.markDirty(el.name);
      clearTimeout(self.timer);
      self.timer = setTimeout(function () { self.send(); }, DEBOUNCE_MS);
    };
    this.form.addEventListener("input", onChange);
    this.form.addEventListener("change", onChange);
    this.form.addEventListener("focusout", function () { self.flushSoon(); });
    this.form.addEventListener("submit", function () {
      // the full form post carries everything; the local copy stays until the server confirms
      clearTimeout(self.timer);
      self.stopped = true;
    });
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") self.flushNow();
      else self.flushSoon();
    });
    window.addEventListener("pagehide", function () { self.flushNow(); });
    window.addEventListener("online", function () { self.backoff = 1000; self.flushSoon(); });
  };

  Autosave.prototype.markDirty = function (name) {
    var value = this.valueOf(name);
    if (Object.prototype.hasOwnProperty.call(this.refused, name)) {
      if (sameValue(this.refused[name], value)) return;
      delete this.refused[name];
    }
    this.dirty[name] = value;
    this.persist();
    // "saved" must not stay up over a change the server has not got yet (during the debounce)
    if (this.statusEl && this.statusEl.dataset.state === "saved") this.status("saving");
  };

  Autosave.prototype.pending = function () {
    var out = {};
    Object.keys(this.dirty).forEach(function (name) {
      if (!Object.prototype.hasOwnProperty.call(this.refused, name)) out[name] = this.dirty[name];
    }, this);
    return out;
  };

  Autosave.prototype.flushSoon = function () {
    clearTimeout(this.timer);
    if (Object.keys(this.pending()).length) this.send();
  };

  // The page may be going away: send now, even beside a request still in flight.
  Autosave.prototype.flushNow = function () {
    clearTimeout(this.timer);
    if (this.stopped || Object.keys(this.pending()).length === 0) return;
    if (this.inFlight) this.post(this.pending(), true);
    else this.send();
  };

  // --- sending ----------------------------------------------------------------------------

  Autosave.prototype.send = function () {
    if (this.stopped) return;
    if (this.inFlight) { this.again = true; return; }
    var fields = this.pending();
    if (Object.keys(fields).length === 0) return;
    this.post(fields, false);
  };

  Autosave.prototype.headers = function () {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return {
      "Content-Type": "application/json",
      "Accept": "application/json",
      "X-CSRFToken": meta ? meta.getAttribute("content") : ""
    };
  };

  Autosave.prototype.post = function (fields, parallel) {
    var self = this;
    var body = JSON.stringify({ fields: fields, revision: this.base });
    var options = {
      method: "POST", headers: this.headers(), body: body,
      credentials: "same-origin", redirect: "manual",
      keepalive: body.length < KEEPALIVE_LIMIT
    };
    if (!parallel) { this.inFlight = true; this.status("saving"); }
    var done = function () {
      if (parallel) return;
      self.inFlight = false;
      if (self.again) { self.again = false; self.send(); }
    };
    fetch(this.url, options).then(function (response) {
      return self.handle(response, fields).then(done, done);
    }, function () {
      self.status("offline");
      self.retryLater();
      done();
    });
  };

  Autosave.prototype.handle = function (response, fields) {
    var self = this;
    if (response.type === "opaqueredirect") {  // sent to a login page: the session is gone
      this.status("sessionExpired");
      this.retryLater(MAX_BACKOFF_MS);
      return Promise.resolve();
    }
    return response.json().catch(function () { return {}; }).then(function (data) {
      self.answer(response.status, data, fields);
    });
  };

  Autosave.prototype.answer = function (status, data, fields) {
    if (status >= 200 && status < 300) return this.confirmed(data, fields, {});
    if (status === 422 && typeof data.revision === "number") {
      return this.confirmed(data, fields, data.errors || {});
    }
    if (status === 409 && data.code === "stale" && typeof data.revision === "number") {
      this.base = data.revision;
      this.persist();
      if (this.staleRetries++ < 3) this.again = true; else this.retryLater();
      return;
    }
    if (status === 409) { this.stopped = true; this.status("locked"); return; }
    if (status === 401) { this.status("sessionExpired"); this.retryLater(MAX_BACKOFF_MS); return; }
    if (status === 400 && (!data.code || data.code === "csrf") && !this.tokenRetried) {
      this.tokenRetried = true;
      this.refreshToken();
      return;
    }
    if (status === 403) { this.status("forbidden"); this.retryLater(MAX_BACKOFF_MS); return; }
    this.status("serverError");
    this.retryLater();
  };

  Autosave.prototype.confirmed = function (data, fields, errors) {
    var known = typeof data.revision === "number";
    if (known) {
      this.base = data.revision;
      this.savedAt = Math.max(this.savedAt, data.revision);
    }
    Object.keys(fields).forEach(function (name) {
      if (Object.prototype.hasOwnProperty.call(errors, name)) {
        this.refused[name] = fields[name];  // kept locally; resent once the person changes it
        return;
      }
      if (known) this.saved[name] = fields[name];
      if (sameValue(this.dirty[name], fields[name])) {
        delete this.dirty[name];            // unchanged since sent: the server has it
      }
    }, this);
    this.persist();
    this.persistSaved();
    this.backoff = 1000;
    this.staleRetries = 0;
    this.tokenRetried = false;
    // pages may show what the server answered (e.g. progress), without parsing it twice
    this.form.dispatchEvent(new CustomEvent("autosave:saved", { detail: data }));
    var names = Object.keys(errors);
    if (names.length) {
      var messages = names.map(function (n) { return this.fieldLabel(n) + ": " + errors[n]; }, this);
      this.status("invalid", { fields: messages.join("; ") });
    } else if (Object.keys(this.pending()).length) {
      // changed while this save was under way: "saved" only once the server has it all
      this.status("saving");
      this.flushSoon();
    } else {
      var time = new Date().toLocaleTimeString(document.documentElement.lang || undefined,
        { hour: "2-digit", minute: "2-digit" });
      this.status("saved", { time: time });
    }
  };

  Autosave.prototype.fieldLabel = function (name) {
    var el = this.controls(name)[0];
    if (!el) return name;
    var group = el.closest("fieldset");
    if ((el.type === "radio" || el.type === "checkbox") && group && group.querySelector("legend")) {
      return group.querySelector("legend").textContent.trim();
    }
    var label = el.labels && el.labels[0];
    return label ? label.textContent.trim() : name;
  };

  Autosave.prototype.refreshToken = function () {
    var self = this;
    fetch(this.tokenUrl, {
      headers: { "Accept": "application/json" }, credentials: "same-origin", redirect: "manual"
    }).then(function (response) {
      if (response.status === 401 || response.type === "opaqueredirect") {
        self.status("sessionExpired");
        self.retryLater(MAX_BACKOFF_MS);
        return;
      }
      return response.json().then(function (data) {
        var meta = document.querySelector('meta[name="csrf-token"]');
        if (meta && data.csrf_token) meta.setAttribute("content", data.csrf_token);
        Array.prototype.forEach.call(document.querySelectorAll('input[name="csrf_token"]'),
          function (input) { if (data.csrf_token) input.value = data.csrf_token; });
        self.send();
      });
    }).catch(function () {
      self.status("offline");
      self.retryLater();
    });
  };

  Autosave.prototype.retryLater = function (delay) {
    var self = this;
    clearTimeout(this.retryTimer);
    var wait = delay || this.backoff;
    this.backoff = Math.min(this.backoff * 2, MAX_BACKOFF_MS);
    this.retryTimer = setTimeout(function () {
      self.tokenRetried = false;
      self.send();
    }, wait);
  };

  Autosave.prototype.status = function (name, values) {
    if (!this.statusEl) return;
    var text = format(this.i18n[name], values || {});
    this.statusEl.textContent = text;
    this.statusEl.dataset.state = name;
  };

  function clearSubmitted() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-autosave-clear]"), function (el) {
      var key = storageKey(el.getAttribute("data-autosave-clear"));
      try { localStorage.removeItem(key); sessionStorage.removeItem(key); } catch (e) {
        // storage disabled: nothing to clear
      }
    });
  }

  function start() {
    clearSubmitted();
    Array.prototype.forEach.call(document.querySelectorAll("form[data-autosave-url]"), function (form) {
      form.autosave = new Autosave(form);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
