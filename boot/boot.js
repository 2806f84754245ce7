// The connect form in index.html, made live before the app's WebAssembly has arrived: the
// page's language, the values saved last time, the room you will join, and a Connect pressed
// early (remembered on the form; the app carries it out when it starts:
// src/components/boot_handoff.rs). With a session to resume, the "Reconnecting as …"
// placeholder instead. Inlined into index.html by Trunk (rel="inline") and allowed by its
// hash (scripts/trunk-csp-hash.mjs), so it runs before the first paint: no flash of the wrong
// language. Its texts must equal the app's (a test in src/texts_boot.rs checks them).
(() => {
  const TEXTS = {
    en: {
      app_title: "STOMP Chat",
      switch_lang: "Русский",
      app_tagline: "A chat over STOMP 1.2 for Spring Boot, RabbitMQ and ActiveMQ, in Rust and WebAssembly.",
      nickname: "Nickname",
      will_join: "You will join",
      server_section: "Server",
      server_url: "Server URL",
      server_urls_hint: "For a cluster, several URLs separated by commas: if a node is lost, the chat moves to the next.",
      profile: "Server profile",
      profile_devbroker: "Dev broker (rooms, history, private messages)",
      profile_spring_tutorial: "Spring tutorial: /app/chat.sendMessage → /topic/public",
      profile_spring_simple: "Spring simple: /app/chat → /topic/messages",
      profile_plain: "Plain broker (RabbitMQ, ActiveMQ)",
      profile_rabbit_stream: "RabbitMQ, history in streams",
      profile_custom: "Custom destinations",
      login: "Login",
      passcode: "Passcode",
      optional: "optional",
      connect: "Connect",
      starting: "Starting…",
      reconnecting_as: "Reconnecting as",
      short_devbroker: "Dev broker",
      short_spring_tutorial: "Spring tutorial",
      short_spring_simple: "Spring simple",
      short_plain: "Plain broker",
      short_rabbit_stream: "RabbitMQ + history",
      short_custom: "Custom",
    },
    ru: {
      app_title: "STOMP Чат",
      switch_lang: "English",
      app_tagline: "Чат по STOMP 1.2 для Spring Boot, RabbitMQ и ActiveMQ на Rust и WebAssembly.",
      nickname: "Ник",
      will_join: "Вы войдёте в",
      server_section: "Сервер",
      server_url: "Адрес сервера",
      server_urls_hint: "Для кластера — несколько адресов через запятую: при потере узла чат перейдёт на следующий.",
      profile: "Профиль сервера",
      profile_devbroker: "Dev-брокер (комнаты, история, личные сообщения)",
      profile_spring_tutorial: "Spring, как в учебнике: /app/chat.sendMessage → /topic/public",
      profile_spring_simple: "Spring, простейший: /app/chat → /topic/messages",
      profile_plain: "Обычный брокер (RabbitMQ, ActiveMQ)",
      profile_rabbit_stream: "RabbitMQ, история в потоках (streams)",
      profile_custom: "Свои адреса",
      login: "Логин",
      passcode: "Пароль",
      optional: "необязательно",
      connect: "Подключиться",
      starting: "Запуск…",
      reconnecting_as: "Снова подключаемся как",
      short_devbroker: "Dev-брокер",
      short_spring_tutorial: "Spring, учебник",
      short_spring_simple: "Spring, простейший",
      short_plain: "Обычный брокер",
      short_rabbit_stream: "RabbitMQ + история",
      short_custom: "Свои адреса",
    },
  };
  // Settings as src/chat/storage.rs writes them (serde's names for ProfileKind and Lang).
  const KEY = "stomp-chat.settings";
  const PROFILE_IDS = {
    DevBroker: "devbroker", Spring: "devbroker", SpringTutorial: "spring-tutorial",
    SpringSimple: "spring-simple", Plain: "plain", RabbitStream: "rabbitmq-stream", Custom: "custom",
  };
  const SHORT = {
    devbroker: "short_devbroker", "spring-tutorial": "short_spring_tutorial",
    "spring-simple": "short_spring_simple", plain: "short_plain",
    "rabbitmq-stream": "short_rabbit_stream", custom: "short_custom",
  };
  // The one-room profiles' rooms (Templates::single_room of their subscribe templates).
  const ONE_ROOM = { "spring-tutorial": "public", "spring-simple": "messages" };
  const load = () => {
    try { return JSON.parse(localStorage.getItem(KEY)) || {}; } catch { return {}; }
  };
  const saved = load();
  const search = location.search;
  const query = new URLSearchParams(search);
  const $ = (id) => document.getElementById(id);
  const boot = $("boot");
  const form = boot.querySelector("form");
  // The Server section's fields wait in a <template> (index.html): found there, moved into the
  // page by showServer().
  const tpl = $("boot-server-body");
  const field = (id) => tpl.content.querySelector(`#${id}`) || $(id);
  const nick = $("nickname"), url = field("server-url"), profile = field("profile"), connect = $("connect");
  const details = boot.querySelector("details");
  const showServer = () => { if (tpl.parentNode) tpl.replaceWith(tpl.content); };
  const fromTag = (tag) => (String(tag || "").toLowerCase().startsWith("ru") ? "ru" : "en");
  let lang = saved.lang === "Ru" ? "ru" : saved.lang === "En" ? "en" : fromTag(navigator.language);
  const t = (k) => TEXTS[lang][k];

  // As session::auto_nickname decides: a session not signed out of connects again by itself.
  const resume = saved.auto_connect && String(saved.nickname || "").trim() && String(saved.url || "").trim()
    && !search.includes("server=") && !search.includes("profile=");

  const ownUrl = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws`;
  url.value = query.get("server") || saved.url || ownUrl;
  const asked = query.get("profile");
  profile.value = Object.values(PROFILE_IDS).includes(asked) ? asked : PROFILE_IDS[saved.profile] || "devbroker";
  nick.value = saved.nickname || "";
  field("login").value = saved.login || "";
  if (query.get("server") || (saved.url && saved.url !== ownUrl)) {
    showServer();
    details.open = true;
  }

  const rooms = () => {
    const p = profile.value;
    if (ONE_ROOM[p]) return [ONE_ROOM[p]];
    const sub = p === "custom" && saved.custom ? String(saved.custom.subscribe || "") : "{room}";
    if (!sub.includes("{room}")) return [sub.split(/[/.]/).pop() || "chat"];
    return saved.rooms && saved.rooms.length ? saved.rooms : ["general"];
  };
  const paint = () => {
    document.documentElement.lang = lang;
    document.title = t("app_title");
    const texts = [...boot.querySelectorAll("[data-t]"), ...tpl.content.querySelectorAll("[data-t]")];
    for (const el of texts) el.textContent = t(el.dataset.t);
    const sw = $("boot-lang");
    sw.textContent = t("switch_lang");
    sw.lang = lang === "ru" ? "en" : "ru";
    $("connect-joins").textContent = `${t("will_join")} ${rooms().map((r) => `#${r}`).join(", ")}`;
    const choice = $("server-choice");
    choice.firstChild.textContent = `${url.value.trim()} · `;
    choice.lastChild.textContent = t(SHORT[profile.value]);
    connect.textContent = form.dataset.connect ? t("starting") : t("connect");
    $("boot-reconnect-text").textContent = `${t("reconnecting_as")} ${String(saved.nickname).trim()}…`;
  };

  $("boot-lang").addEventListener("click", () => {
    lang = lang === "ru" ? "en" : "ru";
    const s = load();
    s.lang = lang === "ru" ? "Ru" : "En";
    try { localStorage.setItem(KEY, JSON.stringify(s)); } catch { /* storage off: this page only */ }
    paint();
  });
  url.addEventListener("input", paint);
  profile.addEventListener("change", paint);
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    if (!nick.value.trim()) { nick.focus(); return; }
    // The app reads this when it starts and connects; until then the button says so.
    form.dataset.connect = "1";
    paint();
  });

  if (resume) {
    boot.dataset.resume = "1";
    form.parentElement.hidden = true;
    $("boot-reconnect").hidden = false;
  }
  paint();
  // Opened by a click (or Enter/Space on the summary, also a click): filled before it opens.
  details.querySelector("summary").addEventListener("click", showServer);
  // The first frame draws the mark alone (boot.css): on a slow phone it is on screen ~100 ms
  // sooner than a frame with text, whose fonts load first (benches/ui/first-paint.mjs). The
  // card comes just after it, focused on the nickname; the closed Server section's fields, the
  // costliest part of the card's layout, one frame later (the app reads them when it takes
  // over; it moves them in itself if it starts first). No focus() during the parse: it would
  // force layouts while the page is still being read.
  const next = (f) => requestAnimationFrame(() => setTimeout(f, 0));
  next(() => {
    boot.classList.add("boot-app--card");
    if (!resume && !form.contains(document.activeElement)) nick.focus();
    next(showServer);
  });
  // The chat screen's stylesheet loads without holding back this paint (media="print", see
  // scripts/trunk-css-bundle.mjs); it applies once loaded, long before the wasm is.
  const css = $("app-css");
  if (css) {
    const on = () => { css.media = "all"; };
    if (css.sheet) on(); else css.addEventListener("load", on);
  }
})();
