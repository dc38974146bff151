/*
 * Reflect chat widget. Embed with one tag (everything else is fetched from the Reflect server):
 *   <script src="https://REFLECT/webhooks/reflect/widget/reflect-widget.js" defer
 *           data-title="Reflect" data-color="#1d4f91"></script>
 * Options (docs/widget.md): data-server (defaults to the script's origin), data-open="true",
 * data-color, data-side="left", data-offset-x / data-offset-y (px from the corner).
 *
 * The widget lives in a shadow root with its own stylesheet, so the host page's CSS cannot reach
 * it and its CSS cannot reach the page. It talks socket.io, reconnecting for ever, or REST when
 * socket.io cannot connect. Every message goes through an outbox kept in sessionStorage and
 * leaves it only when the server has acknowledged it; each carries an idempotency key, so a
 * message sent again after a lost acknowledgement is stored once (bot/channels/idempotency.py).
 * The conversation id is a uuid4 kept in sessionStorage; after a reload the conversation comes
 * from the server (/webhooks/reflect/history/<id>, already redacted). Text from the server or the
 * practitioner is only ever set as text (textContent), never parsed as HTML.
 */
(function () {
  "use strict";
  if (window.ReflectWidget) return;

  var script = document.currentScript;
  var data = (script && script.dataset) || {};
  function pixels(value, fallback) {
    var n = parseInt(value, 10);
    return isNaN(n) ? fallback : Math.max(0, Math.min(n, 2000));
  }
  var config = {
    server: (data.server || (script ? new URL(script.src).origin : location.origin)).replace(/\/+$/, ""),
    title: data.title || "Reflect",
    color: data.color || "#1d4f91",
    open: data.open === "true",
    side: data.side === "left" ? "left" : "right",
    offsetX: pixels(data.offsetX, 16),
    offsetY: pixels(data.offsetY, 16)
  };
  var STORAGE_KEY = "reflect.session";
  var OUTBOX_KEY = "reflect.outbox";
  var ACK_TIMEOUT = 90000;  // a turn under load takes seconds; then sending again is safe
  var state = {
    started: false, mode: null, socket: null, connected: false, ready: false,
    sending: null, attempt: 0, held: null, lastBot: null, turnStart: null,
    autoTop: 0, unseen: null, focusReply: false
  };

  // ---- storage ----------------------------------------------------------------------------
  function read(name) {
    try { return sessionStorage.getItem(name); } catch (e) { return null; /* storage blocked */ }
  }
  function write(name, value) {
    try {
      if (value === null) sessionStorage.removeItem(name); else sessionStorage.setItem(name, value);
    } catch (e) { /* storage blocked: the widget still works, without surviving a reload */ }
  }
  function uuid4() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }
  var session = read(STORAGE_KEY);
  if (!session || !/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i.test(session)) {
    session = uuid4();
    write(STORAGE_KEY, session);
  }

  // ---- the conversation's key: the one place that knows how it travels ---------------------
  // Reflect gives the client that starts a conversation a key (bot/channels/access.py):
  // over socket.io in session_confirm ({session_id, key}), over REST in the X-Reflect-Key header
  // of the reply. Whatever opens the conversation later presents it: the X-Reflect-Key header on
  // REST sends, the history and downloads; "key" in socket.io's payloads. It is kept beside the
  // conversation id.
  var KEY_HEADER = "X-Reflect-Key";
  var KEY_STORAGE = "reflect.key";
  var conversationKey = read(KEY_STORAGE);
  function keepKey(key) {
    if (typeof key === "string" && key) { conversationKey = key; write(KEY_STORAGE, key); }
  }
  function authorise(kind, target) {  // kind: "headers" (fetch) or "socket" (a payload)
    if (conversationKey) {
      if (kind === "headers") target[KEY_HEADER] = conversationKey; else target.key = conversationKey;
    }
    return target;
  }
  function newConversation(id) {  // the server started another one: the old key opens nothing
    session = id || uuid4();
    write(STORAGE_KEY, session);
    conversationKey = null;
    write(KEY_STORAGE, null);
  }

  // ---- colour: data-color is checked, and darkened until white text on it reads ------------
  function rgbOf(value) {
    var ctx = document.createElement("canvas").getContext("2d");
    if (!ctx) return null;
    var seen = [];
    ["#010203", "#030201"].forEach(function (sentinel) { ctx.fillStyle = sentinel; ctx.fillStyle = value; seen.push(ctx.fillStyle); });
    if (seen[0] !== seen[1] || !/^#[0-9a-f]{6}$/.test(seen[0])) return null;  // invalid or translucent
    return [1, 3, 5].map(function (i) { return parseInt(seen[0].slice(i, i + 2), 16); });
  }
  function luminance(rgb) {
    var c = rgb.map(function (v) { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  }
  function contrastWithWhite(rgb) { return 1.05 / (luminance(rgb) + 0.05); }
  function hex(rgb) { return "#" + rgb.map(function (v) { return (Math.round(v) + 0x100).toString(16).slice(1); }).join(""); }
  function brandColour(value) {
    var rgb = rgbOf(value);
    if (!rgb) {
      console.warn("Reflect: data-color \"" + value + "\" is not a colour; using #1d4f91.");
      return "#1d4f91";
    }
    var original = hex(rgb), steps = 0;
    // The colour carries white text (launcher, header, your messages) and is text on white
    // (reply buttons): 4.5:1 both ways. Darkening keeps the hue the site chose.
    while (contrastWithWhite(rgb) < 4.6 && steps++ < 40) rgb = rgb.map(function (v) { return v * 0.95; });
    if (steps) {
      console.warn("Reflect: data-color " + original + " has " + contrastWithWhite(rgbOf(original)).toFixed(2) +
                   ":1 contrast with white text (4.5:1 needed); using " + hex(rgb) + " instead.");
    }
    return hex(rgb);
  }

  // ---- safe rendering: Markdown to DOM nodes, text only through textContent -----------------
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "className") node.className = attrs[k]; else node.setAttribute(k, attrs[k]);
    });
    if (text !== undefined) node.textContent = text;
    return node;
  }
  // **bold** and _italic_ (an underscore inside a word, as in a_b, is left alone).
  var INLINE = /\*\*([^*]+)\*\*|(^|[\s(])_([^_\s][^_]*)_(?=$|[\s.,;:!?)])/g;
  function appendInline(parent, text) {
    var last = 0, m;
    INLINE.lastIndex = 0;
    while ((m = INLINE.exec(text))) {
      var bold = m[1] !== undefined;
      parent.appendChild(document.createTextNode(text.slice(last, m.index) + (bold ? "" : m[2])));
      parent.appendChild(el(bold ? "strong" : "em", {}, bold ? m[1] : m[3]));
      last = INLINE.lastIndex;
    }
    parent.appendChild(document.createTextNode(text.slice(last)));
  }
  var TABLE_RULE = /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/;
  function tableCells(line) {  // split at pipes that are not escaped (\|)
    var s = line.trim(), cells = [], cell = "";
    if (s.charAt(0) === "|") s = s.slice(1);
    if (/[^\\]\|$/.test(s)) s = s.slice(0, -1);
    for (var i = 0; i < s.length; i++) {
      if (s.charAt(i) === "\\" && s.charAt(i + 1) === "|") { cell += "|"; i++; }
      else if (s.charAt(i) === "|") { cells.push(cell.trim()); cell = ""; }
      else cell += s.charAt(i);
    }
    cells.push(cell.trim());
    return cells;
  }
  function renderTable(rows) {
    var head = tableCells(rows[0]);
    // A focusable region: a wide table scrolls sideways inside the bubble (WCAG 1.4.10 allows
    // it for tables), and keyboard users can scroll it.
    var wrap = el("div", { className: "rw-table", role: "region", tabindex: "0",
                           "aria-label": "Table: " + head.join(", ") });
    var table = el("table"), thead = el("thead"), tr = el("tr");
    head.forEach(function (c) { var th = el("th", { scope: "col" }); appendInline(th, c); tr.appendChild(th); });
    thead.appendChild(tr); table.appendChild(thead);
    var tbody = el("tbody");
    rows.slice(2).forEach(function (line) {
      var row = el("tr"), cells = tableCells(line);
      head.forEach(function (_, i) { var td = el("td"); appendInline(td, cells[i] || ""); row.appendChild(td); });
      tbody.appendChild(row);
    });
    table.appendChild(tbody); wrap.appendChild(table);
    return wrap;
  }
  function renderMarkdown(text) {
    var out = document.createDocumentFragment(), lines = String(text).split("\n"), list = null;
    for (var i = 0; i < lines.length; i++) {
      var line = lines[i], item;
      if (line.indexOf("|") >= 0 && TABLE_RULE.test(lines[i + 1] || "") &&
          tableCells(line).length === tableCells(lines[i + 1]).length) {
        var end = i + 2;
        while (end < lines.length && lines[end].indexOf("|") >= 0 && lines[end].trim()) end++;
        out.appendChild(renderTable(lines.slice(i, end)));
        list = null; i = end - 1;
      } else if ((item = /^\s*(?:[-*]|(\d+)[.)])\s+(.*)$/.exec(line))) {
        var tag = item[1] ? "ol" : "ul";
        if (!list || list.tagName.toLowerCase() !== tag) { list = el(tag); out.appendChild(list); }
        var li = el("li"); appendInline(li, item[2]); list.appendChild(li);
      } else {
        list = null;
        if (!line.trim()) continue;
        var heading = /^#{1,6}\s+(.*)$/.exec(line), p = el("p");
        if (heading) { var strong = el("strong"); appendInline(strong, heading[1]); p.appendChild(strong); }
        else appendInline(p, line);
        out.appendChild(p);
      }
    }
    return out;
  }

  // ---- time stamps: relative, exact on hover and focus (and for screen readers) ---------------
  function relative(ms) {
    var minutes = Math.floor((Date.now() - ms) / 60000);
    if (minutes < 1) return "just now";
    if (minutes < 60) return minutes + " min ago";
    if (minutes < 24 * 60) return Math.floor(minutes / 60) + " h ago";
    return new Date(ms).toLocaleDateString(undefined, { day: "numeric", month: "short" });
  }
  function timeStamp(ms) {
    var when = new Date(ms);
    var node = el("time", { className: "rw-time", datetime: when.toISOString(), "data-ms": String(ms) });
    node.appendChild(el("span", { className: "rw-rel", "aria-hidden": "true" }, relative(ms)));
    node.appendChild(el("span", { className: "rw-exact" },
      when.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" })));
    return node;
  }
  setInterval(function () {
    Array.prototype.forEach.call(shadow.querySelectorAll(".rw-time"), function (t) {
      t.firstChild.textContent = relative(Number(t.getAttribute("data-ms")));
    });
  }, 30000);

  // ---- the DOM, in a shadow root --------------------------------------------------------------
  var host = el("reflect-chat", { "data-reflect-widget": "" });
  host.style.setProperty("--rw-color", brandColour(config.color));
  host.style.setProperty("--rw-offset-x", config.offsetX + "px");
  host.style.setProperty("--rw-offset-y", config.offsetY + "px");
  var shadow = host.attachShadow({ mode: "open" });
  var css = el("link", { rel: "stylesheet", href: config.server + "/webhooks/reflect/widget/reflect-widget.css" });
  // Nothing shows (or takes focus) before the styles have loaded.
  var root = el("div", { className: "rw-root", "data-side": config.side, hidden: "" });
  var cssReady = false, whenStyled = [];
  function styled() {
    if (cssReady) return;
    cssReady = true; root.removeAttribute("hidden");
    whenStyled.splice(0).forEach(function (f) { f(); });
  }
  css.addEventListener("load", styled);
  css.addEventListener("error", styled);  // unstyled but usable beats invisible
  function afterStyles(f) { if (cssReady) f(); else whenStyled.push(f); }

  var launcher = el("button", { className: "rw-launcher", type: "button", "aria-expanded": "false",
                                "aria-controls": "rw-panel" }, config.title);
  var panel = el("div", { className: "rw-panel", id: "rw-panel", role: "dialog",
                          "aria-label": config.title + " chat", hidden: "" });
  // A plain div, not <header>: the host page has its own banner landmark.
  var header = el("div", { className: "rw-header" });
  var heading = el("h2", { className: "rw-title" }, config.title);
  var noticeToggle = el("button", { className: "rw-notice-toggle", type: "button", "aria-expanded": "true",
                                    "aria-controls": "rw-notice" }, "Privacy & safety");
  var close = el("button", { className: "rw-close", type: "button" });
  close.appendChild(el("span", { "aria-hidden": "true" }, "×"));  // its name is the words
  close.appendChild(el("span", { className: "rw-visually-hidden" }, "Close chat"));
  header.appendChild(heading); header.appendChild(noticeToggle); header.appendChild(close);
  var notice = el("div", { className: "rw-notice", id: "rw-notice" });
  var noticeText = el("p", {}, "Please don't enter names, dates of birth, addresses or other identifying details. ");
  // The safety line comes from the server's content (safety.yml, via widget/config.json), never
  // from here: until it arrives, or if it cannot be fetched, a line without any number.
  var safetyLine = el("span", { className: "rw-safety-line" }, "Reflect is not a referral route.");
  noticeText.appendChild(safetyLine); notice.appendChild(noticeText);
  var status = el("div", { className: "rw-status", hidden: "" });
  var statusText = el("p", { className: "rw-status-text", role: "status" });
  var retry = el("button", { className: "rw-retry", type: "button", hidden: "" }, "Retry");
  status.appendChild(statusText); status.appendChild(retry);
  var logWrap = el("div", { className: "rw-log-wrap" });
  var log = el("div", { className: "rw-log", role: "log", "aria-live": "polite", "aria-relevant": "additions",
                        tabindex: "0", "aria-label": "Conversation" });
  var newMessages = el("button", { className: "rw-new", type: "button", hidden: "" }, "New messages ");
  newMessages.appendChild(el("span", { "aria-hidden": "true" }, "↓"));
  var typing = el("div", { className: "rw-typing", "aria-hidden": "true", hidden: "" });
  [0, 1, 2].forEach(function () { typing.appendChild(el("span")); });
  logWrap.appendChild(log); logWrap.appendChild(typing); logWrap.appendChild(newMessages);
  var typingLabel = el("span", { className: "rw-visually-hidden", role: "status" });
  var form = el("form", { className: "rw-form" });
  var label = el("label", { className: "rw-visually-hidden", "for": "rw-input" }, "Your message to " + config.title);
  var input = el("textarea", { id: "rw-input", className: "rw-input", rows: "2", maxlength: "2000" });
  var send = el("button", { className: "rw-send", type: "submit" }, "Send");
  form.appendChild(label); form.appendChild(input); form.appendChild(send);
  [header, notice, status, logWrap, typingLabel, form].forEach(function (n) { panel.appendChild(n); });
  root.appendChild(launcher); root.appendChild(panel);
  shadow.appendChild(css); shadow.appendChild(root);
  document.body.appendChild(host);

  // A narrow or short window (a phone, or 200-400% zoom) gets the whole screen, and the notice
  // starts folded so the conversation has the room; the practitioner's choice is kept.
  var compact = window.matchMedia("(max-width: 480px), (max-height: 480px)");
  function setNotice(open) {
    noticeToggle.setAttribute("aria-expanded", String(open));
    if (open) notice.removeAttribute("hidden"); else notice.setAttribute("hidden", "");
  }
  setNotice(read("reflect.notice") ? read("reflect.notice") === "open" : !compact.matches);
  function placeholder() {  // one line of text box in a compact window
    input.placeholder = compact.matches ? "Your message…" : "Describe a situation, or ask a question…";
  }
  placeholder();
  if (compact.addEventListener) compact.addEventListener("change", placeholder);
  noticeToggle.addEventListener("click", function () {
    var open = noticeToggle.getAttribute("aria-expanded") !== "true";
    setNotice(open); write("reflect.notice", open ? "open" : "closed");
  });

  // ---- scrolling --------------------------------------------------------------------------------
  function scrollTo(top) {
    log.scrollTop = Math.max(0, Math.min(top, log.scrollHeight - log.clientHeight));
    state.autoTop = log.scrollTop;
  }
  // A reply is shown from its start: a long one is read from the top, not from its last line.
  function showTurn() { if (state.turnStart) scrollTo(state.turnStart.offsetTop - 8); }
  function toBottom() { scrollTo(log.scrollHeight); }
  log.addEventListener("scroll", function () {
    if (!newMessages.hidden && log.scrollHeight - log.scrollTop - log.clientHeight < 24) hideNewMessages();
  });
  function hideNewMessages() { newMessages.setAttribute("hidden", ""); state.unseen = null; }
  newMessages.addEventListener("click", function () {
    var first = state.unseen;
    hideNewMessages();
    if (first) { scrollTo(first.offsetTop - 8); first.focus({ preventScroll: true }); }
  });

  // ---- messages -----------------------------------------------------------------------------
  function row(kind, ms) {
    var r = el("div", { className: "rw-row rw-row-" + kind });
    var meta = el("div", { className: "rw-meta" });
    if (ms) meta.appendChild(timeStamp(ms));
    r.appendChild(meta);
    return r;
  }
  function answered() {  // a new message answers every earlier turn: its buttons are done
    Array.prototype.forEach.call(log.querySelectorAll(".rw-button:not([disabled])"), function (b) {
      b.disabled = true;
    });
  }
  function addUser(text, ms, pending) {
    answered();
    var r = row("user", ms);
    var bubble = el("div", { className: "rw-msg rw-user", tabindex: "-1" });
    bubble.appendChild(el("span", { className: "rw-visually-hidden" }, "You said: "));
    bubble.appendChild(el("p", {}, text));
    r.insertBefore(bubble, r.firstChild);
    if (pending) setPending(r, pending);
    log.appendChild(r);
    if (state.ready) toBottom();
    return r;
  }
  var PENDING = { waiting: "Waiting to send", failed: "Not sent" };
  function setPending(r, kind) {
    var meta = r.querySelector(".rw-meta"), old = meta.querySelector(".rw-pending");
    if (old) old.remove();
    r.classList.toggle("rw-unsent", !!kind);
    if (kind) meta.appendChild(el("span", { className: "rw-pending rw-pending-" + kind }, PENDING[kind]));
  }
  function addButtons(bubble, buttons) {
    if (!buttons || !buttons.length) return;
    var group = el("div", { className: "rw-buttons", role: "group", "aria-label": "Replies" });
    buttons.forEach(function (b) {
      var button = el("button", { type: "button", className: "rw-button" }, b.title);
      button.addEventListener("click", function () {
        button.classList.add("rw-chosen");
        // The pressed button is about to be disabled, which would drop focus on the page:
        // it waits on the conversation, and moves to the reply when that comes.
        state.focusReply = true;
        log.focus({ preventScroll: true });
        say(b.payload, b.title);
      });
      group.appendChild(button);
    });
    bubble.appendChild(group);
  }
  function link(href, text, className) { return el("a", { href: href, className: className || "" }, text); }
  // Downloads go through fetch, which can present the conversation's key; a link cannot.
  function download(a) {
    fetch(a.href, { headers: authorise("headers", {}) })
      .then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.blob(); })
      .then(function (blob) {
        var saved = el("a", { href: URL.createObjectURL(blob), download: a.getAttribute("download") });
        shadow.appendChild(saved); saved.click(); saved.remove();
        setTimeout(function () { URL.revokeObjectURL(saved.href); }, 60000);
      })
      .catch(function () { showStatus("That download didn't work. Please try again.", "failed"); });
  }
  // A custom payload (docs/contract.md) decorates the bubble its text arrived in; what it adds
  // goes before the reply buttons, which stay last in reading and tab order.
  function decorate(bubble, custom) {
    if (!custom || !custom.kind) return;
    var buttons = bubble.querySelector(".rw-buttons");
    function add(node) { bubble.insertBefore(node, buttons); }
    function head(text) { bubble.insertBefore(el("div", { className: "rw-card-head" }, text), bubble.querySelector(".rw-body")); }
    bubble.classList.add("rw-kind-" + custom.kind.replace(/[^a-z_]/g, ""));
    if (custom.kind === "key_message") {
      head((custom.repeat ? "Key message, again · " : "Key message · ") + (custom.title || ""));
      if (custom.case_label || custom["case"]) {
        add(el("div", { className: "rw-card-foot" }, "From " + (custom.case_label || custom["case"])));
      }
    } else if (custom.kind === "reflective_question") {
      head("Question to reflect on");
    } else if (custom.kind === "safety") {
      bubble.setAttribute("role", "alert");
      var contacts = el("div", { className: "rw-contacts" });
      (custom.contacts || []).forEach(function (c) {
        if (c.phone) contacts.appendChild(link("tel:" + c.phone.replace(/[^0-9+]/g, ""), "Call " + c.phone));
      });
      add(contacts);
    } else if (custom.kind === "resource") {
      var links = el("div", { className: "rw-contacts" });
      if (custom.phone) links.appendChild(link("tel:" + custom.phone.replace(/[^0-9+]/g, ""), "Call " + custom.phone));
      if (custom.email) links.appendChild(link("mailto:" + encodeURIComponent(custom.email).replace("%40", "@"), "Email " + custom.email));
      if (custom.link && /^https:\/\//.test(custom.link)) links.appendChild(link(custom.link, "Open link"));
      add(links);
    } else if (custom.kind === "summary" || custom.kind === "supervision_record") {
      var downloads = el("div", { className: "rw-downloads" });
      var names = { md: "Download as Markdown", html: "Download printable page" };
      // a record's own version: its link keeps serving it once a later version is filed
      var files = custom.version_downloads || custom.downloads || {};
      // "record-3": the record's number in the conversation, as the record says ("Record 3 filed
      // in this conversation"); "-v3" read as a third version of the first case in a trial
      var version = custom.version_downloads ? "-" + String(custom.version).replace(/[^0-9]/g, "") : "";
      Object.keys(files).forEach(function (fmt) {
        var path = String(files[fmt]);
        if (path.charAt(0) !== "/") return;  // only Reflect's own downloads
        var a = link(config.server + path, names[fmt] || fmt, "rw-download");
        a.setAttribute("download", "reflect-" + custom.kind.replace(/_/g, "-") + version + "." + fmt.replace(/[^a-z]/g, ""));
        a.addEventListener("click", function (e) { e.preventDefault(); download(a); });
        downloads.appendChild(a);
      });
      add(downloads);
    }
  }
  function addBot(message, ms) {
    // Where the reader is: where the widget last put them, at the very end, or elsewhere.
    var placed = Math.abs(log.scrollTop - state.autoTop) < 4;
    var atEnd = log.scrollHeight - log.scrollTop - log.clientHeight < 24;
    var bubble = null;
    // Rasa sends a reply's text and its custom payload as separate items, text first.
    if (message.custom && !message.text && state.lastBot) {
      decorate(state.lastBot, message.custom);
    } else if (message.custom && !message.text && !(message.buttons || []).length) {
      return;  // a payload with nothing to show ("answer" recorded) and no bubble to add it to
    } else {
      var first = !state.turnStart;
      var r = row("bot", first ? (ms || Date.now()) : null);
      bubble = el("div", { className: "rw-msg rw-bot", tabindex: "-1" });
      bubble.appendChild(el("span", { className: "rw-visually-hidden" }, config.title + " said: "));
      var body = el("div", { className: "rw-body" });
      body.appendChild(renderMarkdown(message.text || ""));
      bubble.appendChild(body);
      addButtons(bubble, message.buttons || (message.quick_replies || []).map(function (q) {
        return { title: q.title, payload: q.payload };
      }));
      if (message.custom) decorate(bubble, message.custom);
      r.insertBefore(bubble, r.firstChild);
      // Messages typed while this one was answered stay below its reply, which they answer.
      var queued = queuedRow();
      log.insertBefore(r, queued);
      if (queued) answered();
      state.lastBot = bubble;
      if (first) state.turnStart = bubble;
      if (state.ready && first && state.focusReply && shadow.activeElement === log) {
        bubble.focus({ preventScroll: true });  // the practitioner answered by button: go on there
      }
      if (first) state.focusReply = false;
    }
    if (!state.ready || state.unseen) return;
    if (placed) showTurn();
    // Read to the end by themselves: the new message's start comes into view, never upwards.
    else if (atEnd && bubble) scrollTo(Math.max(log.scrollTop, bubble.offsetTop - 8));
    // Scrolled up to read: they stay there, and a button takes them to what is new.
    else if (bubble) { state.unseen = bubble; newMessages.removeAttribute("hidden"); }
  }
  function queuedRow() {  // the first message waiting behind the one being answered
    for (var i = 0; i < outbox.length; i++) {
      if (outbox[i] !== state.sending && rows[outbox[i].key]) return rows[outbox[i].key];
    }
    return null;
  }
  function clearLog() {
    while (log.firstChild) log.removeChild(log.firstChild);
    state.lastBot = null; state.turnStart = null; hideNewMessages();
  }

  // ---- the outbox: every message, in order, until the server has it ---------------------------
  var outbox = [];
  try { outbox = JSON.parse(read(OUTBOX_KEY) || "[]"); } catch (e) { outbox = []; }
  if (!Array.isArray(outbox)) outbox = [];
  var rows = {};  // idempotency key -> the message's row, while it is unsent
  function saveOutbox() {
    write(OUTBOX_KEY, outbox.length ? JSON.stringify(outbox.map(function (m) {
      return { key: m.key, text: m.text, shown: m.shown, at: m.at };
    })) : null);
  }
  // shown: what the conversation shows (a button's title), or null for the opening "/greet".
  function say(text, shown) {
    text = String(text || "").trim();
    if (!text) return;
    var item = { key: uuid4(), text: text, shown: shown === undefined ? text : shown, at: Date.now() };
    outbox.push(item); saveOutbox();
    if (item.shown !== null) rows[item.key] = addUser(item.shown, item.at, "waiting");
    flush();
  }
  function delivered(item) {
    outbox = outbox.filter(function (m) { return m.key !== item.key; });
    saveOutbox();
    if (rows[item.key]) { setPending(rows[item.key], null); delete rows[item.key]; }
  }
  function flush() {
    updateWaiting();
    if (!state.ready || state.sending || state.held || !outbox.length) return;
    if (state.mode === "socket" && !state.connected) return;
    var item = state.sending = outbox[0];
    state.turnStart = null; state.lastBot = null;  // what comes next answers this message
    updateWaiting();
    (state.mode === "socket" ? sendBySocket : sendByRest)(item, function (outcome, problem) {
      state.sending = null;
      if (outcome === "delivered" || outcome === "duplicate") delivered(item);
      if (outcome === "failed") hold(problem);
      // A duplicate's first attempt was answered while the connection was down: the replies
      // the practitioner missed are in the history.
      if (outcome === "duplicate") resync(flush); else flush();
    });
  }
  function hold(problem) {
    state.held = problem || "Not sent: Reflect can't be reached just now.";
    outbox.forEach(function (m) { if (rows[m.key]) setPending(rows[m.key], "failed"); });
    updateStatus();
  }
  function resume() {
    if (!state.held) return;
    state.held = null;
    outbox.forEach(function (m) { if (rows[m.key]) setPending(rows[m.key], "waiting"); });
    updateStatus(); flush();
  }
  retry.addEventListener("click", resume);

  function sendBySocket(item, done) {
    var attempt = ++state.attempt;
    function settle(outcome, problem) {
      if (attempt !== state.attempt) return;  // an attempt given up on (disconnected, timed out)
      state.attempt++; clearTimeout(timer); done(outcome, problem);
    }
    var timer = setTimeout(function () { settle("retry"); }, ACK_TIMEOUT);
    state.socket.emit("user_uttered",
      authorise("socket", { message: item.text, session_id: session, idempotency_key: item.key }),
      function (ack) {
        var outcome = (ack && ack.status) || "handled";  // a server without acknowledgements
        if (outcome === "refused") settle("failed", "Not sent: " + (ack.error || "refused") + "");
        else settle(outcome === "duplicate" ? "duplicate" : "delivered");
      });
  }
  function sendByRest(item, done) {
    fetch(config.server + "/webhooks/rest/webhook", {
      method: "POST", headers: authorise("headers", { "Content-Type": "application/json" }),
      body: JSON.stringify({ sender: session, message: item.text, idempotency_key: item.key })
    }).then(function (r) {
      keepKey(r.headers.get(KEY_HEADER));
      return r.json().then(function (body) { return { ok: r.ok, body: body }; });
    }).then(function (reply) {
      if (reply.ok && Array.isArray(reply.body)) {
        reply.body.forEach(function (m) { addBot(m); });
        done("delivered");
      } else {
        done("failed", "Not sent: " + ((reply.body && reply.body.error) || "Reflect could not take it."));
      }
    }).catch(function () { done("failed"); });
  }

  // ---- connection status ------------------------------------------------------------------
  function offline() {
    return navigator.onLine === false || (state.mode === "socket" && state.ready && !state.connected);
  }
  function showStatus(text, kind, canRetry) {
    var bottom = log.scrollHeight - log.scrollTop - log.clientHeight < 24;
    statusText.textContent = text || "";
    status.className = "rw-status" + (kind ? " rw-status-" + kind : "");
    if (text) status.removeAttribute("hidden"); else status.setAttribute("hidden", "");
    if (canRetry) retry.removeAttribute("hidden"); else retry.setAttribute("hidden", "");
    root.setAttribute("data-connection", kind || "online");
    if (bottom && state.ready) toBottom();  // the bar takes room: the last line stays in view
  }
  function updateStatus() {
    if (state.refused) return;
    if (state.held) showStatus(state.held, "failed", true);
    else if (offline()) showStatus("Offline — your message will be sent when the connection is back.", "offline");
    else showStatus("");
    updateWaiting();
  }
  function updateWaiting() {
    var on = !!state.sending && !offline();
    if (on) { typing.removeAttribute("hidden"); typingLabel.textContent = config.title + " is typing"; }
    else { typing.setAttribute("hidden", ""); typingLabel.textContent = ""; }
  }
  window.addEventListener("offline", updateStatus);
  window.addEventListener("online", function () {
    updateStatus();
    // Back online: try now rather than when the reconnection backoff next comes round.
    if (state.mode === "socket" && !state.connected) { state.socket.disconnect(); state.socket.connect(); }
    if (state.mode === "rest" && state.held) resume();
  });

  // ---- transport: socket.io, or REST ----------------------------------------------------------
  function loadScript(src, done, failed) {
    var s = el("script", { src: src });
    s.onload = done; s.onerror = failed;
    document.head.appendChild(s);
  }
  function decide(mode, ready) {
    if (state.mode) return;
    state.mode = mode; root.setAttribute("data-transport", mode);
    ready();
  }
  function acceptSession(confirmed) {
    var id = typeof confirmed === "string" ? confirmed : confirmed && confirmed.session_id;
    if (id && id !== session) {
      newConversation(id);
      if (state.ready) resync(function () {});
    }
    keepKey(confirmed && confirmed.key);
  }
  function connect(ready) {
    var hostIo = window.io;  // the host page's own socket.io client, if it has one
    loadScript(config.server + "/webhooks/reflect/widget/socket.io.min.js", function () {
      var io = window.io;
      if (hostIo) window.io = hostIo; else delete window.io;
      if (!io) return decide("rest", ready);
      // Unlimited reconnection, 1 s doubling to 10 s with jitter: a network drop of any length
      // heals without a reload, and many widgets do not all come back in the same second.
      var socket = io(config.server, { path: "/socket.io", transports: ["websocket", "polling"],
        reconnection: true, reconnectionAttempts: Infinity, reconnectionDelay: 1000,
        reconnectionDelayMax: 10000, randomizationFactor: 0.5 });
      state.socket = socket;
      var asking = null, askAgainIn = 2000;
      function askForSession() {
        socket.emit("session_request", authorise("socket", { session_id: session }));
        // A server still starting up confirms nothing: ask again, less and less often.
        asking = setTimeout(function () {
          if (socket.connected && !state.connected) { askAgainIn = Math.min(askAgainIn * 2, 30000); askForSession(); }
        }, askAgainIn);
      }
      socket.on("connect", function () { clearTimeout(asking); askAgainIn = 2000; askForSession(); });
      socket.on("session_confirm", function (confirmed) {
        clearTimeout(asking);
        acceptSession(confirmed);
        state.connected = true;
        updateStatus();
        decide("socket", ready);
        flush();
      });
      socket.on("disconnect", function () {
        state.connected = false;
        if (state.sending) { state.attempt++; state.sending = null; }  // sent again on reconnection
        updateStatus();
      });
      socket.on("bot_uttered", function (m) { addBot(m); });
      // socket.io never connected at all (a proxy that blocks it): REST instead.
      socket.on("connect_error", function () { if (!state.mode) { socket.close(); decide("rest", ready); } });
      setTimeout(function () { if (!state.mode) { socket.close(); decide("rest", ready); } }, 8000);
    }, function () { decide("rest", ready); });
  }
  function ms(timestamp) { return timestamp ? timestamp * 1000 : null; }
  // The conversation as stored, then what is still in the outbox. null: it could not be read.
  function fetchHistory(done) {
    // No key: this client never started a conversation that Reflect would open for it.
    if (!conversationKey) { done({ messages: [] }); return; }
    fetch(config.server + "/webhooks/reflect/history/" + encodeURIComponent(session),
          { headers: authorise("headers", {}) })
      .then(function (r) {
        if (r.status === 403) { newConversation(); return { messages: [] }; }  // its key is lost
        return r.ok ? r.json() : null;
      })
      .then(done, function () { done(null); });
  }
  function render(messages) {
    var stored = {};
    messages.forEach(function (m) {
      if (m.from === "user") {
        if (m.idempotency_key) stored[m.idempotency_key] = true;
        addUser(m.text, ms(m.timestamp));
        state.turnStart = null;
      } else {
        // A stored message is its text with its payload; a payload stored on its own (a
        // signpost's card after a next step) decorates the message before it, as it did live.
        if (m.text) state.lastBot = null;
        addBot(m, ms(m.timestamp));
      }
    });
    // Stored, but its acknowledgement was lost: it leaves the outbox without being sent again.
    outbox = outbox.filter(function (m) { return !stored[m.key]; });
    saveOutbox();
    outbox.forEach(function (m) {
      if (m.shown !== null) rows[m.key] = addUser(m.shown, m.at, state.held ? "failed" : "waiting");
    });
  }
  function resync(done) {
    fetchHistory(function (history) {
      if (history) {
        state.ready = false; clearLog(); rows = {};
        render(history.messages || []);
        state.ready = true; showTurn();
      }
      done();
    });
  }
  function loadConfig() {
    fetch(config.server + "/webhooks/reflect/widget/config.json")
      .then(function (r) { return r.ok ? r.json() : {}; })
      .then(function (content) {
        if (content && typeof content.safety_notice === "string" && content.safety_notice) {
          safetyLine.textContent = content.safety_notice;
        }
      })
      .catch(function () { /* keep the neutral line */ });
  }
  // A page whose origin Reflect does not allow (REFLECT_CORS_ORIGINS) can read none of its
  // replies; origin.json is readable all the same, so the widget can say why.
  function checkOrigin(allowed) {
    fetch(config.server + "/webhooks/reflect/widget/origin.json")
      .then(function (r) { return r.ok ? r.json() : { allowed: true }; })  // an older Reflect
      .then(function (check) {
        if (check.allowed) return allowed();
        state.refused = true;
        var text = check.development
          ? "This page's origin (" + location.origin + ") is not allowed to use Reflect. " +
            "Add it to REFLECT_CORS_ORIGINS on the Reflect server."
          : "Reflect is not available on this page.";
        console.error("Reflect: " + (check.development ? text
          : "this page's origin (" + location.origin + ") is not in the server's REFLECT_CORS_ORIGINS."));
        showStatus(text, "failed");
        input.disabled = true; send.disabled = true;
      })
      .catch(allowed);  // no answer at all: the usual offline handling says so
  }
  function start() {
    checkOrigin(function () {
      loadConfig();
      connect(function () {
        fetchHistory(function (history) {
          clearLog(); rows = {};  // anything typed meanwhile comes back from the outbox, after
          render((history && history.messages) || []);
          state.ready = true;
          showTurn();
          updateStatus();
          if (!log.firstChild && !outbox.length) say("/greet", null);
          flush();
        });
      });
    });
  }

  // ---- opening, closing, keyboard -------------------------------------------------------------
  // byUser: the practitioner opened it, so focus goes to the text box. Reopened by itself (the
  // panel was open on the previous page, or data-open), it takes no focus: the host page keeps
  // its own focus and scroll position.
  function openPanel(byUser) {
    panel.removeAttribute("hidden");
    launcher.setAttribute("aria-expanded", "true");
    root.classList.add("rw-open");
    write(STORAGE_KEY + ".open", "1");
    if (byUser) afterStyles(function () { input.focus({ preventScroll: true }); });
    if (!state.started) { state.started = true; start(); }
  }
  function closePanel() {
    var hadFocus = shadow.activeElement !== null;
    panel.setAttribute("hidden", "");
    launcher.setAttribute("aria-expanded", "false");
    root.classList.remove("rw-open");
    write(STORAGE_KEY + ".open", "0");
    if (hadFocus) launcher.focus({ preventScroll: true });
  }
  launcher.addEventListener("click", function () { if (panel.hasAttribute("hidden")) openPanel(true); else closePanel(); });
  close.addEventListener("click", closePanel);
  panel.addEventListener("keydown", function (e) { if (e.key === "Escape") closePanel(); });
  // Up and down arrows move between messages once one has focus (Home and End from the log):
  // a focused message shows its exact time.
  log.addEventListener("keydown", function (e) {
    var messages = Array.prototype.slice.call(log.querySelectorAll(".rw-msg"));
    var at = messages.indexOf(e.target), next = null;
    if (e.target === log && e.key === "Home") next = messages[0];
    else if (e.target === log && e.key === "End") next = messages[messages.length - 1];
    else if (at >= 0 && e.key === "ArrowUp") next = messages[at - 1];
    else if (at >= 0 && e.key === "ArrowDown") next = messages[at + 1];
    if (next) { e.preventDefault(); next.focus(); }
  });
  input.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); form.requestSubmit ? form.requestSubmit() : form.dispatchEvent(new Event("submit")); }
  });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var text = input.value;
    input.value = "";
    state.focusReply = false;
    say(text);
  });

  window.ReflectWidget = {
    open: function () { openPanel(true); }, close: closePanel, session: function () { return session; }
  };
  if (config.open || read(STORAGE_KEY + ".open") === "1") openPanel(false);
})();
