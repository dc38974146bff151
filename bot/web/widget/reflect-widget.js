/*
 * Reflect chat widget. Embed with one tag (everything else is fetched from the Reflect server):
 *   <script src="https://REFLECT/webhooks/reflect/widget/reflect-widget.js" defer
 *           data-title="Reflect" data-color="#1d4f91"></script>
 * Optional: data-server (defaults to the script's origin), data-open="true".
 * Talks socket.io; falls back to REST when socket.io is unavailable. The conversation id is a
 * uuid4 kept in sessionStorage with the conversation's key, which the server gives at the start
 * (socket.io: session_confirm; REST: the X-Reflect-Key reply header) and wants back with every
 * later request (header X-Reflect-Key; socket.io: session_request). After a reload the history
 * comes from the server (/webhooks/reflect/history/<id>, already redacted). Downloads are
 * fetched with the key and saved from memory. Everything shown is escaped first.
 */
(function () {
  "use strict";
  if (window.ReflectWidget) return;

  var script = document.currentScript;
  var config = {
    server: (script && script.dataset.server) || (script ? new URL(script.src).origin : location.origin),
    title: (script && script.dataset.title) || "Reflect",
    color: (script && script.dataset.color) || "#1d4f91",
    open: script && script.dataset.open === "true"
  };
  config.server = config.server.replace(/\/+$/, "");
  var STORAGE_KEY = "reflect.session";
  var KEY_STORAGE = "reflect.key";
  var KEY_HEADER = "X-Reflect-Key";
  var state = { transport: null, socket: null, opened: false, waiting: false, lastBot: null };

  // ---- conversation id --------------------------------------------------------------------
  function uuid4() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }
  function stored(name) {
    try { return sessionStorage.getItem(name); } catch (e) { return null; /* storage blocked */ }
  }
  function store(name, value) {
    try { sessionStorage.setItem(name, value); } catch (e) { /* storage blocked */ }
  }
  function sessionId() {
    var id = stored(STORAGE_KEY);
    // Without its key an earlier conversation cannot be reopened: start a new one.
    if (!id || !stored(KEY_STORAGE) ||
        !/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i.test(id)) {
      id = uuid4();
      store(STORAGE_KEY, id);
      try { sessionStorage.removeItem(KEY_STORAGE); } catch (e) { /* storage blocked */ }
    }
    return id;
  }
  var session = sessionId();
  var conversationKey = stored(KEY_STORAGE);
  function keep(id, key) {
    session = id; conversationKey = key || conversationKey;
    store(STORAGE_KEY, session);
    if (conversationKey) store(KEY_STORAGE, conversationKey);
  }
  function keyHeaders(extra) {
    var headers = extra || {};
    if (conversationKey) headers[KEY_HEADER] = conversationKey;
    return headers;
  }

  // ---- safe rendering -----------------------------------------------------------------------
  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  // Markdown subset on already-escaped text: **bold**, _italic_, "- " lists, line breaks.
  function safeMarkdown(text) {
    var lines = escapeHtml(text).split("\n"), html = [], list = false;
    lines.forEach(function (line) {
      var inline = line
        .replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>")
        .replace(/(^|\s)_([^_]+)_(?=\s|$|[.,;:])/g, "$1<em>$2</em>")
        .replace(/^#{1,3}\s+(.*)$/, "<strong>$1</strong>");
      if (/^\s*-\s+/.test(line)) {
        if (!list) { html.push("<ul>"); list = true; }
        html.push("<li>" + inline.replace(/^\s*-\s+/, "") + "</li>");
      } else {
        if (list) { html.push("</ul>"); list = false; }
        html.push(inline === "" ? "" : "<p>" + inline + "</p>");
      }
    });
    if (list) html.push("</ul>");
    return html.join("");
  }
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "className") node.className = attrs[k]; else node.setAttribute(k, attrs[k]);
    });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // ---- the DOM ------------------------------------------------------------------------------
  var css = el("link", { rel: "stylesheet", href: config.server + "/webhooks/reflect/widget/reflect-widget.css" });
  document.head.appendChild(css);
  var root = el("div", { className: "rw-root" });
  root.style.setProperty("--rw-color", config.color);
  var launcher = el("button", { className: "rw-launcher", type: "button", "aria-expanded": "false",
                                "aria-controls": "rw-panel" }, config.title);
  var panel = el("section", { className: "rw-panel", id: "rw-panel", role: "dialog",
                              "aria-label": config.title + " chat", hidden: "" });
  var header = el("header", { className: "rw-header" });
  var heading = el("h2", { className: "rw-title" }, config.title);
  var close = el("button", { className: "rw-close", type: "button", "aria-label": "Close chat" }, "×");
  header.appendChild(heading); header.appendChild(close);
  var notice = el("p", { className: "rw-notice" },
    "Please don't enter names, dates of birth, addresses or other identifying details. ");
  // The safety line comes from the server's content (safety.yml, via widget/config.json), never
  // from here: until it arrives, or if it cannot be fetched, a line without any number.
  var safetyLine = el("span", { className: "rw-safety-line" }, "Reflect is not a referral route.");
  notice.appendChild(safetyLine);
  var log = el("div", { className: "rw-log", role: "log", "aria-live": "polite", "aria-relevant": "additions",
                        tabindex: "0", "aria-label": "Conversation" });
  var typing = el("div", { className: "rw-typing", "aria-hidden": "true", hidden: "" });
  typing.innerHTML = "<span></span><span></span><span></span>";
  var typingLabel = el("span", { className: "rw-visually-hidden", role: "status" });
  var form = el("form", { className: "rw-form" });
  var label = el("label", { className: "rw-visually-hidden", "for": "rw-input" }, "Your message to " + config.title);
  var input = el("textarea", { id: "rw-input", className: "rw-input", rows: "2", maxlength: "2000",
                               placeholder: "Describe a situation, or ask a question…" });
  var send = el("button", { className: "rw-send", type: "submit" }, "Send");
  form.appendChild(label); form.appendChild(input); form.appendChild(send);
  [header, notice, log, typing, typingLabel, form].forEach(function (n) { panel.appendChild(n); });
  root.appendChild(launcher); root.appendChild(panel);
  document.body.appendChild(root);

  // ---- messages -----------------------------------------------------------------------------
  function scroll() { log.scrollTop = log.scrollHeight; }
  function setWaiting(on) {
    state.waiting = on;
    if (on) { typing.removeAttribute("hidden"); typingLabel.textContent = config.title + " is typing"; }
    else { typing.setAttribute("hidden", ""); typingLabel.textContent = ""; }
  }
  function addUser(text) {
    var bubble = el("div", { className: "rw-msg rw-user" });
    bubble.appendChild(el("span", { className: "rw-visually-hidden" }, "You said: "));
    bubble.appendChild(el("p", {}, text));
    log.appendChild(bubble); scroll();
  }
  function addButtons(bubble, buttons) {
    if (!buttons || !buttons.length) return;
    var group = el("div", { className: "rw-buttons", role: "group", "aria-label": "Replies" });
    buttons.forEach(function (b) {
      var button = el("button", { type: "button", className: "rw-button" }, b.title);
      button.addEventListener("click", function () { sendMessage(b.payload, b.title); });
      group.appendChild(button);
    });
    bubble.appendChild(group);
  }
  function link(href, text) {
    var a = el("a", { href: href }, text);
    return a;
  }
  // A custom payload (the theme contract) decorates the bubble its text arrived in.
  function decorate(bubble, custom) {
    if (!custom || !custom.kind) return;
    bubble.classList.add("rw-kind-" + custom.kind.replace(/[^a-z_]/g, ""));
    if (custom.kind === "key_message") {
      var head = el("div", { className: "rw-card-head" }, "Key message · " + (custom.title || ""));
      bubble.insertBefore(head, bubble.firstChild);
      bubble.appendChild(el("div", { className: "rw-card-foot" }, "From " + (custom.case_label || custom["case"] || "")));
    } else if (custom.kind === "reflective_question") {
      bubble.insertBefore(el("div", { className: "rw-card-head" }, "Question to reflect on"), bubble.firstChild);
    } else if (custom.kind === "safety") {
      bubble.setAttribute("role", "alert");
      var contacts = el("div", { className: "rw-contacts" });
      (custom.contacts || []).forEach(function (c) {
        if (c.phone) contacts.appendChild(link("tel:" + c.phone.replace(/[^0-9+]/g, ""), "Call " + c.phone));
      });
      bubble.appendChild(contacts);
    } else if (custom.kind === "resource") {
      var links = el("div", { className: "rw-contacts" });
      if (custom.phone) links.appendChild(link("tel:" + custom.phone.replace(/[^0-9+]/g, ""), "Call " + custom.phone));
      if (custom.email) links.appendChild(link("mailto:" + encodeURIComponent(custom.email).replace("%40", "@"), "Email " + custom.email));
      if (custom.link && /^https:\/\//.test(custom.link)) links.appendChild(link(custom.link, "Open link"));
      bubble.appendChild(links);
    } else if (custom.kind === "summary" || custom.kind === "supervision_record") {
      var downloads = el("div", { className: "rw-downloads" });
      var names = { md: "Download as Markdown", html: "Download printable page" };
      Object.keys(custom.downloads || {}).forEach(function (fmt) {
        var a = link(config.server + custom.downloads[fmt], names[fmt] || fmt);
        a.setAttribute("download", "reflect-" + custom.kind.replace(/_/g, "-") + "." + fmt);
        a.className = "rw-download";
        a.addEventListener("click", function (e) { e.preventDefault(); download(a); });
        downloads.appendChild(a);
      });
      bubble.appendChild(downloads);
    }
  }
  // A download needs the conversation's key in a header, which a plain link cannot send.
  function download(a) {
    fetch(a.href, { headers: keyHeaders() })
      .then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.blob(); })
      .then(function (blob) {
        var saved = el("a", { href: URL.createObjectURL(blob), download: a.getAttribute("download") });
        document.body.appendChild(saved); saved.click(); saved.remove();
        setTimeout(function () { URL.revokeObjectURL(saved.href); }, 60000);
      })
      .catch(function () { addBot({ text: "Sorry, that download didn't work. Please try again." }); });
  }
  function addBot(message) {
    // Rasa sends a reply's text and its custom payload as separate items, text first.
    if (message.custom && !message.text && state.lastBot) {
      decorate(state.lastBot, message.custom); scroll(); return;
    }
    var bubble = el("div", { className: "rw-msg rw-bot" });
    bubble.appendChild(el("span", { className: "rw-visually-hidden" }, config.title + " said: "));
    var body = el("div", { className: "rw-body" });
    body.innerHTML = safeMarkdown(message.text || "");
    bubble.appendChild(body);
    addButtons(bubble, message.buttons || (message.quick_replies || []).map(function (q) {
      return { title: q.title, payload: q.payload };
    }));
    if (message.custom) decorate(bubble, message.custom);
    log.appendChild(bubble);
    state.lastBot = bubble;
    setWaiting(false); scroll();
  }

  // ---- transport: socket.io, or REST ----------------------------------------------------------
  function sendMessage(text, shown) {
    text = String(text || "").trim();
    if (!text) return;
    if (shown !== null) addUser(shown || text);
    setWaiting(true);
    state.lastBot = null;
    if (state.transport === "socket") {
      state.socket.emit("user_uttered", { message: text, session_id: session });
    } else {
      fetch(config.server + "/webhooks/rest/webhook", {
        method: "POST", headers: keyHeaders({ "Content-Type": "application/json" }),
        body: JSON.stringify({ sender: session, message: text })
      }).then(function (r) {
        keep(session, r.headers.get(KEY_HEADER));
        return r.json();
      }).then(function (messages) {
        if (!Array.isArray(messages)) messages = [{ text: messages.error || "Something went wrong." }];
        messages.forEach(addBot); setWaiting(false);
      }).catch(function () {
        setWaiting(false); addBot({ text: "Sorry, I can't reach Reflect just now. Please try again." });
      });
    }
  }
  function loadScript(src, done, failed) {
    var s = el("script", { src: src });
    s.onload = done; s.onerror = failed;
    document.head.appendChild(s);
  }
  function useRest() { state.transport = "rest"; root.dataset.transport = "rest"; }
  function connect(ready) {
    var settled = false;
    function settle(kind) { if (!settled) { settled = true; if (kind === "rest") useRest(); ready(); } }
    loadScript(config.server + "/webhooks/reflect/widget/socket.io.min.js", function () {
      if (!window.io) return settle("rest");
      var socket = window.io(config.server, { path: "/socket.io", transports: ["websocket", "polling"],
                                              reconnectionAttempts: 5 });
      state.socket = socket;
      socket.on("connect", function () {
        socket.emit("session_request", { session_id: session, key: conversationKey });
      });
      socket.on("session_confirm", function (confirmed) {
        // Another id than asked for: the old conversation could not be opened, this is a new one.
        if (confirmed.session_id !== session) conversationKey = null;
        keep(confirmed.session_id, confirmed.key);
        state.transport = "socket"; root.dataset.transport = "socket"; settle("socket");
      });
      socket.on("bot_uttered", addBot);
      socket.on("connect_error", function () { if (!settled) { socket.close(); settle("rest"); } });
      setTimeout(function () { if (!settled) { socket.close(); settle("rest"); } }, 8000);
    }, function () { settle("rest"); });
  }
  function restoreHistory(done) {
    if (!conversationKey) { done(0); return; }  // nothing started yet
    fetch(config.server + "/webhooks/reflect/history/" + encodeURIComponent(session),
          { headers: keyHeaders() })
      .then(function (r) { return r.ok ? r.json() : { messages: [] }; })
      .then(function (data) {
        (data.messages || []).forEach(function (m) {
          if (m.from === "user") addUser(m.text); else { state.lastBot = null; addBot(m); }
        });
        done((data.messages || []).length);
      })
      .catch(function () { done(0); });
  }

  function loadConfig() {
    fetch(config.server + "/webhooks/reflect/widget/config.json")
      .then(function (r) { return r.ok ? r.json() : {}; })
      .then(function (data) {
        if (data && typeof data.safety_notice === "string" && data.safety_notice) {
          safetyLine.textContent = data.safety_notice;
        }
      })
      .catch(function () { /* keep the neutral line */ });
  }

  // ---- opening, closing, keyboard -------------------------------------------------------------
  function openPanel() {
    panel.removeAttribute("hidden");
    launcher.setAttribute("aria-expanded", "true");
    root.classList.add("rw-open");
    input.focus();
    if (state.opened) return;
    state.opened = true;
    loadConfig();
    connect(function () {
      restoreHistory(function (count) { if (!count) sendMessage("/greet", null); });
    });
  }
  function closePanel() {
    panel.setAttribute("hidden", "");
    launcher.setAttribute("aria-expanded", "false");
    root.classList.remove("rw-open");
    launcher.focus();
  }
  launcher.addEventListener("click", function () { if (panel.hasAttribute("hidden")) openPanel(); else closePanel(); });
  close.addEventListener("click", closePanel);
  panel.addEventListener("keydown", function (e) { if (e.key === "Escape") closePanel(); });
  input.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); form.requestSubmit ? form.requestSubmit() : form.dispatchEvent(new Event("submit")); }
  });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var text = input.value;
    input.value = "";
    sendMessage(text);
  });

  window.ReflectWidget = { open: openPanel, close: closePanel, session: function () { return session; } };
  try {
    if (config.open || sessionStorage.getItem(STORAGE_KEY + ".open") === "1") openPanel();
    launcher.addEventListener("click", function () {
      sessionStorage.setItem(STORAGE_KEY + ".open", panel.hasAttribute("hidden") ? "0" : "1");
    });
    close.addEventListener("click", function () { sessionStorage.setItem(STORAGE_KEY + ".open", "0"); });
  } catch (e) { /* storage blocked: the panel starts closed */ }
})();
