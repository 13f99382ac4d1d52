// SiteAdapter: reads one entry of the site table (sites/*.js) against the live page.
// Who is active is read fresh on each call. Only where to look is kept (the inline script
// that held a site's state, the element an identity selector found), and forgotten as soon
// as a mutation touches what the identity sources read (content/relevance.js says which).
"use strict";

(() => {
  const PG = (globalThis.PersonaGuard = globalThis.PersonaGuard || {});

  /** Helpers a site entry's small functions may use. */
  function makePage(entry, lookups) {
    const page = {
      parseJson(text) {
        if (!text) return null;
        try {
          return JSON.parse(text);
        } catch {
          return null;
        }
      },
      // The JSON object that follows `marker` in an inline script (X's
      // `window.__INITIAL_STATE__={...};window.__META_DATA__=...`). `last`: the newest
      // one, for pages that append a fresh copy when their state changes (YouTube's ytcfg).
      scriptJson(marker, { last = false } = {}) {
        // Listing document.scripts walks the whole document once it has changed (tens of
        // thousands of nodes on a long timeline), and the state can be large to parse: the
        // inline scripts are listed once and kept up to date from the mutations, and the
        // answer is kept until a script is added, removed or changed (noteMutations).
        const key = `${last ? "last" : "first"}:${marker}`;
        const kept = lookups.answers.get(key);
        if (kept && (!kept.script || kept.script.isConnected)) return kept.found;
        const scripts = inlineScripts(lookups);
        if (last) scripts.reverse();
        let hit = { script: null, found: null };
        for (const script of scripts) {
          if (script.src || !script.isConnected) continue;
          const text = script.textContent;
          const at = text.indexOf(marker);
          if (at < 0) continue;
          const start = text.indexOf("{", at + marker.length);
          const end = matchingBrace(text, start);
          // Code that merely names the marker is not the state: look on.
          const found = start >= 0 && end > start ? page.parseJson(text.slice(start, end + 1)) : null;
          if (found) {
            hit = { script, found };
            break;
          }
        }
        lookups.answers.set(key, hit);
        return hit.found;
      },
      // What a control says it is: its aria-label, else its text.
      labelOf(el) {
        return el ? (el.getAttribute("aria-label") || el.textContent || "").trim() : "";
      },
      cookie(name) {
        if (cookies.ready) return cookies.values.has(name) ? cookies.values.get(name) : null;
        const found = document.cookie.split(/;\s*/).find((c) => c.startsWith(name + "="));
        return found ? found.slice(name.length + 1) : null;
      },
      localStorage(key) {
        try {
          return window.localStorage.getItem(key);
        } catch {
          return null;
        }
      },
      handleFromUrl(href) {
        if (!href) return "";
        let url;
        try {
          url = new URL(href, location.href);
        } catch {
          return "";
        }
        // The pattern sees the path and the query (Facebook's `/profile.php?id=1000…`);
        // the first group that matched is the handle.
        const pattern = new RegExp(entry.handleFromHref || "^/@?([^/?#@]+(?:@[^/?#]+)?)");
        const found = pattern.exec(url.pathname + url.search);
        const handle = found ? found.slice(1).find(Boolean) : "";
        if (!handle) return "";
        if (entry.handleStyle === "fediverse" && !handle.includes("@") && url.hostname !== location.hostname) {
          return `${handle}@${url.hostname}`;
        }
        return handle;
      },
      // A fediverse handle written without its instance lives on this page's instance.
      qualify(handle) {
        const text = String(handle || "").trim().replace(/^@/, "");
        if (!text) return "";
        if (entry.handleStyle === "fediverse" && !text.includes("@")) return `${text}@${location.hostname}`;
        return text;
      },
      postOf(container, authorSelector, textSelector) {
        const author = container.querySelector(authorSelector);
        const text = container.querySelector(textSelector);
        return {
          handle: author ? page.handleFromUrl(author.getAttribute("href")) || author.textContent.trim().replace(/^@/, "") : "",
          text: text ? text.textContent.trim() : "",
        };
      },
    };
    return page;
  }

  // Reading document.cookie is a synchronous round trip to the browser process, slow when
  // the browser is busy; where the Cookie Store API exists, a copy kept current by its
  // change events answers instead (a switch in another tab changes it at once).
  const cookies = { ready: false, values: new Map() };
  if (globalThis.cookieStore && typeof cookieStore.getAll === "function") {
    const touched = new Set(); // changed while the first snapshot was on its way
    cookieStore.addEventListener("change", (event) => {
      for (const c of event.changed) {
        cookies.values.set(c.name, c.value);
        touched.add(c.name);
      }
      for (const c of event.deleted) {
        cookies.values.delete(c.name);
        touched.add(c.name);
      }
    });
    cookieStore.getAll().then((all) => {
      for (const c of all) if (!touched.has(c.name)) cookies.values.set(c.name, c.value);
      cookies.ready = true;
    }, () => {});
  }

  /** The page's inline scripts in document order: listed once, then kept by noteMutations. */
  function inlineScripts(lookups) {
    if (!lookups.scripts) lookups.scripts = [...document.scripts].filter((script) => !script.src);
    else if (lookups.scripts.some((script) => !script.isConnected)) {
      lookups.scripts = lookups.scripts.filter((script) => script.isConnected);
    }
    return lookups.scripts.slice();
  }

  /** Put `script` where it stands in the document among the listed ones. */
  function insertScript(list, script) {
    if (list.includes(script)) return;
    let low = 0;
    let high = list.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (list[mid].compareDocumentPosition(script) & Node.DOCUMENT_POSITION_FOLLOWING) low = mid + 1;
      else high = mid;
    }
    list.splice(low, 0, script);
  }

  function matchingBrace(text, start) {
    if (start < 0) return -1;
    let depth = 0;
    let quote = null;
    for (let i = start; i < text.length; i++) {
      const c = text[i];
      if (quote) {
        if (c === "\\") i++;
        else if (c === quote) quote = null;
      } else if (c === '"' || c === "'") quote = c;
      else if (c === "{") depth++;
      else if (c === "}" && --depth === 0) return i;
    }
    return -1;
  }

  class SiteAdapter {
    constructor(entry) {
      this.entry = entry;
      this.site = entry.id;
      // scripts: the inline scripts (null: list them again); answers: scriptJson's, by
      // marker; elements: what each identity selector found.
      this.lookups = { scripts: null, answers: new Map(), elements: new Map() };
      this.page = makePage(entry, this.lookups);
      this.submitSelector = entry.submit;
      this.controlSelector = (entry.controls || []).map((c) => c.selector).join(", ");
    }

    /** Who is active, read from the sources in their order of trust. `el` is the composer
     *  or control being used: where a site lets the person pick who acts per composer
     *  (Facebook's "Comment as", LinkedIn's per-post identity menu), a source reads it. */
    identity(el = null) {
      for (const source of this.entry.identity) {
        let found = null;
        try {
          found = source.read ? source.read(this.page, el) : this.fromAttribute(source);
        } catch {
          found = null;
        }
        if (found && found.stale) {
          // The page's own record disagrees with the session: every DOM source on this
          // page is as stale, so say "not detected" rather than guess.
          return { site: this.site, handle: null, kind: "unknown", display_name: null, source: "stale" };
        }
        // A Page or company named only by its name (the host matches it against the
        // account's aliases) is an identity too.
        if (found && (found.handle || found.display_name)) {
          return {
            site: this.site,
            handle: found.handle ? this.page.qualify(found.handle) : null,
            kind: found.kind || "user",
            display_name: found.display_name || null,
            source: source.from,
            // A source may say which of its signals spoke (the session, or the box's "Comment as").
            signal: found.signal || source.signal || null,
          };
        }
      }
      return { site: this.site, handle: null, kind: "unknown", display_name: null, source: null, signal: null };
    }

    /** A mutation batch touched what the identity sources read (content/relevance.js):
     *  the selectors are looked up again, and the scripts' state read again when a script
     *  came, went or changed. */
    noteMutations({ scripts = [], restate = false, rescan = false }) {
      const lookups = this.lookups;
      lookups.elements.clear();
      if (rescan) lookups.scripts = null;
      else if (lookups.scripts) {
        for (const script of scripts) if (!script.src && script.isConnected) insertScript(lookups.scripts, script);
      }
      if (rescan || restate || scripts.length) lookups.answers.clear();
    }

    /** document.querySelector(selector), kept while no relevant mutation came and the
     *  element is still in the page and still matches (a miss walks the whole page). */
    lookup(selector) {
      const kept = this.lookups.elements.get(selector);
      if (kept !== undefined && (kept === null || (kept.isConnected && kept.matches(selector)))) return kept;
      const el = document.querySelector(selector);
      this.lookups.elements.set(selector, el);
      return el;
    }

    fromAttribute(source) {
      const el = this.lookup(source.selector);
      if (!el) return null;
      const raw = source.attribute === "text" ? el.textContent.trim() : el.getAttribute(source.attribute);
      const found = raw && new RegExp(source.pattern).exec(raw);
      return found ? { handle: found[1], kind: "user" } : null;
    }

    isComposer(el) {
      return !!(el && el.closest && el.closest(this.entry.composer));
    }

    composerOf(el) {
      return el && el.closest ? el.closest(this.entry.composer) : null;
    }

    /** The composer a submit control belongs to: the nearest ancestor holding one. */
    composerFor(control) {
      for (let node = control.parentElement; node; node = node.parentElement) {
        const composer = node.querySelector(this.entry.composer);
        if (composer) return composer;
      }
      return null;
    }

    submitFor(composer) {
      for (let node = composer.parentElement; node; node = node.parentElement) {
        const submit = [...node.querySelectorAll(this.entry.submit)].find((c) => this.isSubmitControl(c));
        if (submit) return submit;
      }
      return null;
    }

    submitOf(el) {
      if (!el || !el.closest) return null;
      for (let c = el.closest(this.entry.submit); c; c = c.parentElement && c.parentElement.closest(this.entry.submit)) {
        if (this.isSubmitControl(c)) return c;
      }
      return null;
    }

    // `submitLabel`: for sites whose submit control has nothing but its words (Threads'
    // "Post" is a bare role=button among Cancel and the rest).
    isSubmitControl(el) {
      return !this.entry.submitLabel || new RegExp(this.entry.submitLabel, "i").test(this.page.labelOf(el));
    }

    formOf(el) {
      return this.entry.form && el && el.closest ? el.closest(this.entry.form) : null;
    }

    // `where`: only in composers matching that selector (Facebook's comment and Messenger
    // boxes send on Enter, its post box takes Enter as a new line).
    isSubmitKey(event, composer = null) {
      // An Enter that ends an IME composition picks a word; it sends nothing.
      if (event.isComposing) return false;
      return (this.entry.keys || []).some((k) => event.key === k.key
        && (!k.modifier || event.ctrlKey || event.metaKey)
        && (!k.where || !!(composer && composer.matches(k.where)))
        && !(k.noShift && event.shiftKey)
        && (!k.within || !!(event.target.closest && event.target.closest(k.within))));
    }

    /** The site's own one-key shortcut (X `l`, Mastodon `f`) as the control it stands
     *  for, on the post that has the keyboard focus: `{control, element}` or null. */
    shortcutOf(event) {
      const shortcuts = this.entry.shortcuts;
      if (!shortcuts || event.ctrlKey || event.metaKey || event.altKey || !this.entry.post) return null;
      const where = event.target;
      if (!where || !where.closest || where.closest("input, textarea, select, [contenteditable=''], [contenteditable='true']")) return null;
      const shortcut = shortcuts.find((s) => s.key === event.key);
      if (!shortcut) return null;
      const spec = this.entry.post.container;
      const post = where.closest(spec) || (where.querySelector && where.querySelector(spec));
      const control = post && this.entry.controls.find((c) => c.action === shortcut.action);
      const element = control && post.querySelector(control.selector);
      return element ? { control, element } : null;
    }

    draftText(composer) {
      if (!composer) return "";
      if ("value" in composer && typeof composer.value === "string") return composer.value;
      return composer.innerText.replace(/\u200b/g, "").trim();
    }

    replyTo(composer) {
      return this.postFrom(this.entry.replyTo, composer);
    }

    /** `{handle, text}` of the post a site function (replyTo, quoteOf) names, or null. */
    postFrom(read, composer) {
      if (!read || !composer) return null;
      try {
        const found = read(this.page, composer);
        if (!found || !found.handle) return found && found.text ? { handle: null, text: found.text } : null;
        return { handle: this.page.qualify(found.handle), text: found.text || "" };
      } catch {
        return null;
      }
    }

    /** The account a composer writes to (a direct message's recipient), or null. */
    targetOf(composer) {
      if (!this.entry.targetOf || !composer) return null;
      try {
        return this.page.qualify(this.entry.targetOf(this.page, composer)) || null;
      } catch {
        return null;
      }
    }

    /** Handles linked near the composer (its `mentionsWithin` ancestor): never a walk
     *  over the whole page, which on a long timeline costs tens of milliseconds. */
    mentions(composer) {
      const root = this.entry.mentions && composer && composer.closest(this.entry.mentionsWithin);
      if (!root) return [];
      const handles = new Set();
      for (const link of root.querySelectorAll(this.entry.mentions)) {
        const handle = this.handleOfLink(link);
        if (handle) handles.add(this.page.qualify(handle));
      }
      return [...handles];
    }

    /** The account a mention link names. The text "@ana" is short for an account on this
     *  instance only; on a fediverse site the link (`title` "@ana@other", `href`
     *  https://other/@ana) says which instance it really lives on. */
    handleOfLink(link) {
      const text = link.textContent.trim();
      if (this.entry.handleStyle === "fediverse") {
        const title = (link.getAttribute("title") || "").trim().replace(/^@/, "");
        if (/^[^@\s]+@[^@\s]+$/.test(title)) return title;
        const fromHref = this.page.handleFromUrl(link.getAttribute("href"));
        if (fromHref) return fromHref;
      }
      return text.startsWith("@") ? text.slice(1) : this.page.handleFromUrl(link.getAttribute("href"));
    }

    /** The check request for submitting `composer`, identity read now. */
    request(composer, submit) {
      const context = { url: location.href, mentions: this.mentions(composer) };
      // A site whose one composer posts, comments, replies, quotes or messages answers
      // all of it at once (`composing`); the others through replyTo/quoteOf/targetOf.
      const composing = this.composing(composer, submit);
      let action;
      if (composing) {
        action = composing.action;
        if (composing.reply_to) context.reply_to = composing.reply_to;
        if (composing.target) context.target = composing.target;
      } else {
        // A quote's context is the quoted post, carried where a reply's parent goes.
        const quoted = this.postFrom(this.entry.quoteOf, composer);
        const replyTo = quoted || this.replyTo(composer);
        const named = this.entry.actionOf ? this.entry.actionOf(submit, composer, this.page) : null;
        const target = this.targetOf(composer);
        if (replyTo) context.reply_to = replyTo;
        if (target) context.target = { handle: target };
        action = named || (quoted ? "quote" : replyTo ? "reply" : "post");
      }
      return {
        site: this.site,
        action,
        identity: this.requestIdentity(composer),
        context,
        draft: { text: this.draftText(composer) },
      };
    }

    /** `composing(page, composer, submit)`: for sites where one composer may post,
     *  comment, reply, quote or message, `{action, reply_to?, target?}` in one answer. */
    composing(composer, submit) {
      if (!this.entry.composing || !composer) return null;
      let found = null;
      try {
        found = this.entry.composing(this.page, composer, submit);
      } catch {
        found = null;
      }
      if (!found || !found.action) return null;
      const out = { action: found.action };
      const reply = found.reply_to;
      if (reply && (reply.handle || reply.text)) {
        out.reply_to = { handle: reply.handle ? this.page.qualify(reply.handle) : null, text: reply.text || "" };
      }
      if (found.target && found.target.handle) out.target = { handle: this.page.qualify(found.target.handle) };
      return out;
    }

    requestIdentity(el = null) {
      const { source, signal, ...identity } = this.identity(el);
      return identity;
    }

    /** A click on a menu's opener (Bluesky's repost button): remembered, because the
     *  menu's items are drawn outside the post and only the opener knows which post. */
    noteOpener(el) {
      if (!el || !el.closest) return;
      for (const control of this.entry.controls || []) {
        const opener = control.opener && el.closest(control.opener);
        if (opener) this.opener = opener;
      }
    }

    /** A reaction, repost or follow control the event landed on, if any. A control with
     *  a `label` pattern counts only when its aria-label or text matches. */
    controlOf(el) {
      if (!this.controlSelector || !el || !el.closest) return null;
      for (const control of this.entry.controls) {
        const element = el.closest(control.selector);
        if (element && (!control.label || new RegExp(control.label, "i").test(this.page.labelOf(element)))) {
          return { control, element };
        }
      }
      return null;
    }

    controlRequest({ control, element }) {
      let handle = "";
      let text = "";
      if (typeof control.target === "function") {
        try {
          handle = control.target(this.page, element) || "";
        } catch {
          handle = "";
        }
      } else if ((control.target === "post" || control.target === "opener") && this.entry.post) {
        const from = control.target === "opener" ? this.opener : element;
        const post = from && from.isConnected ? from.closest(this.entry.post.container) : null;
        if (post) {
          const found = this.authorOf(post);
          handle = found.handle;
          text = found.text;
        }
      } else if (control.target === "testid") {
        const found = new RegExp(control.pattern).exec(element.getAttribute("data-testid") || "");
        handle = found ? found[1] : "";
      } else if (control.target === "closest") {
        // The account named inside the control's own container (a video's owner, a
        // comment's author).
        const found = this.closestAuthor(element, control);
        if (found) {
          handle = found.handle;
          text = found.text;
        }
      } else if (control.target === "url") {
        handle = control.pattern
          ? (new RegExp(control.pattern).exec(location.pathname) || [])[1] || ""
          : this.page.handleFromUrl(location.href);
      }
      const context = { url: location.href, mentions: [] };
      if (handle) {
        context.target = { handle: this.page.qualify(handle) };
        if (["post", "opener", "closest"].includes(control.target)) {
          context.reply_to = { handle: this.page.qualify(handle), text };
        }
      }
      return { site: this.site, action: control.action, identity: this.requestIdentity(element), context, draft: { text: "" } };
    }

    /** For "closest" controls: the control's `container`, the `author` inside it (default:
     *  the container itself), read from `attribute`, else the link's href, else its text. */
    closestAuthor(from, control) {
      const container = control.container && from.closest(control.container);
      if (!container) return null;
      const author = control.author ? container.querySelector(control.author) : container;
      const textSel = control.text || (this.entry.post && this.entry.post.text);
      const textEl = textSel && container.querySelector(textSel);
      const text = textEl ? textEl.textContent.trim() : "";
      if (!author) return { handle: "", text };
      let handle = "";
      if (control.attribute) handle = author.getAttribute(control.attribute) || "";
      else if (author.getAttribute("href")) handle = this.page.handleFromUrl(author.getAttribute("href"));
      else handle = author.textContent.trim();
      return { handle: handle.replace(/^@/, ""), text };
    }

    authorOf(post) {
      const spec = this.entry.post;
      const textEl = post.querySelector(spec.text);
      const text = textEl ? textEl.textContent.trim() : "";
      if (spec.authorTestid) {
        const found = new RegExp(spec.authorTestid).exec(post.getAttribute("data-testid") || "");
        return { handle: found ? found[1] : "", text };
      }
      const author = post.querySelector(spec.author);
      if (!author) return { handle: "", text };
      const href = author.getAttribute("href");
      return { handle: href ? this.page.handleFromUrl(href) : author.textContent.trim().replace(/^@/, ""), text };
    }

    accountSwitcher() {
      return (this.entry.accountSwitcher && document.querySelector(this.entry.accountSwitcher)) || null;
    }

    /** A sentence saying where to switch accounts on this site (its `switchWhere`
     *  message, or the general one), naming the account to switch to. */
    switchWhere(suggestion) {
      const account = suggestion && suggestion.handle ? "@" + suggestion.handle : "";
      const key = this.entry.switchWhere || "switchWhereGeneric";
      return chrome.i18n.getMessage(key, [account, location.hostname]) || null;
    }

    /** What `persona-guard probe` prints. */
    probe() {
      const controls = [
        { action: "submit", selector: this.entry.submit },
        { action: "compose", selector: this.entry.composer },
        ...(this.entry.controls || []).map((c) => ({ action: c.action, selector: c.selector })),
      ].map((c) => ({ ...c, count: document.querySelectorAll(c.selector).length }))
        .filter((c) => c.count > 0);
      // The composer being written in, else the first: its check request as its submit
      // would send it, and who acts there (a per-composer choice included).
      const composer = this.composerOf(document.activeElement) || document.querySelector(this.entry.composer);
      const request = composer ? this.request(composer, this.submitFor(composer)) : null;
      const context = request ? request.context : { url: location.href, mentions: [] };
      const identity = this.identity(composer);
      return { site: this.site, identity, action_controls: controls, context, action: request ? request.action : null };
    }
  }

  PG.SiteAdapter = SiteAdapter;
  PG.adapterFor = (hostname, doc) => {
    const sites = globalThis.PersonaGuardSites;
    const entry = doc ? sites.forPage(hostname, doc) : sites.forHost(hostname);
    return entry ? new SiteAdapter(entry) : null;
  };
})();
