// Relevance: which mutation batches matter to the deferred refresh. A timeline streaming
// posts in touches neither who is signed in nor where the composer is, so it must cost one
// quick look per batch and no refresh at all. Two questions, asked of each record:
//  - identity: did it add, remove or change an element that an identity source reads (the
//    site entry's attribute selectors and its `identityRegions`)? A site whose sources read
//    what it does not declare is treated as always touched, as before.
//  - chip: can it have moved the composer the chip sits beside (a change inside it, or
//    anywhere before it in the document)? Only then is the chip placed again (a layout read).
"use strict";

(() => {
  const PG = (globalThis.PersonaGuard = globalThis.PersonaGuard || {});
  // Past this many records in one batch, looking at each costs more than refreshing once.
  const MAX_RECORDS = 250;
  // Attributes an identity source reads (an href, an alt, a username, a test id, a
  // "Comment as" label); never `style`, which our own frames' placement changes.
  const ATTRIBUTES = ["href", "alt", "username", "data-testid", "aria-label"];
  const PRECEDES = Node.DOCUMENT_POSITION_PRECEDING;

  /** The selectors of everything the entry's identity sources read, or null when one of
   *  them reads what the entry does not say (then every batch is relevant). */
  function identitySelectors(entry) {
    const selectors = [];
    let declared = true;
    for (const source of entry.identity) {
      if (source.selector) selectors.push(source.selector);
      else if (source.read && !entry.identityRegions) declared = false;
    }
    if (!declared) return null;
    selectors.push(...(entry.identityRegions || []));
    return selectors.length ? selectors : null;
  }

  // Where a record's target lies from the composer: inside it, around it, before or after.
  const INSIDE = 0;
  const AROUND = 1;
  const BEFORE = 2;
  const AFTER = 3;

  class Relevance {
    constructor(adapter) {
      const selectors = identitySelectors(adapter.entry);
      this.everything = selectors === null;
      this.selector = this.everything ? null : selectors.join(", ");
      // Post lists (the entry's `streams`): what is added to or removed from them is posts,
      // never what an identity source reads, so their records skip the look at each node.
      this.streams = adapter.entry.streams || null;
      this.href = location.href;
    }

    /** What the observer is asked to report: the attributes only when a source reads one. */
    options() {
      const options = { childList: true, subtree: true, characterData: true };
      if (!this.everything) Object.assign(options, { attributes: true, attributeFilter: ATTRIBUTES });
      return options;
    }

    /** One batch: {identity, chip, scripts, restate, rescan}. `identity`: an identity source
     *  may read something else now; `scripts`: inline scripts added (for the adapter's list
     *  of them), `restate`: a script's text changed or one went, `rescan`: too much changed
     *  to say (the adapter lists the scripts again). `chip`: the composer the chip is shown
     *  beside (`anchor`) may have moved or gone. */
    classify(records, anchor) {
      const many = this.everything || records.length > MAX_RECORDS;
      const out = { identity: many, chip: !!anchor && (records.length > MAX_RECORDS || !anchor.isConnected),
        scripts: [], restate: false, rescan: many };
      if (location.href !== this.href) {
        // An in-page navigation: the address is a source on some sites (LinkedIn's admin view).
        this.href = location.href;
        out.identity = true;
      }
      const watchChip = !!anchor && !out.chip;
      if (many && !watchChip) return out;
      // A timeline's batch is many records on one target: its answers are asked once.
      let last = null;
      let where = AFTER;
      let inRegion = false;
      let inStream = false;
      for (let i = 0; i < records.length; i++) {
        const record = records[i];
        const target = record.target;
        if (target !== last) {
          last = target;
          if (watchChip) where = placeOf(target, anchor);
          if (!many) {
            inRegion = this.inRegion(target, out);
            inStream = !inRegion && this.inStream(target);
          }
        }
        if (watchChip && !out.chip && moves(record, where, anchor)) out.chip = true;
        if (many) continue;
        if (inRegion) out.identity = true;
        if (record.type === "childList" && !inStream) {
          if (this.added(record.addedNodes, out)) out.identity = true;
          if (this.removed(record.removedNodes, out)) out.identity = true;
        }
      }
      return out;
    }

    inRegion(target, out) {
      const element = target.nodeType === Node.ELEMENT_NODE ? target : target.parentElement;
      if (!element || !element.closest(this.selector)) return false;
      if (element.closest("script")) out.restate = true; // a script's text changed
      return true;
    }

    inStream(target) {
      if (!this.streams) return false;
      const element = target.nodeType === Node.ELEMENT_NODE ? target : target.parentElement;
      return !!(element && element.closest(this.streams));
    }

    added(nodes, out) {
      let hit = false;
      for (let i = 0; i < nodes.length; i++) {
        const node = nodes[i];
        if (!isHit(node, this.selector)) continue;
        hit = true;
        if (node.nodeName === "SCRIPT") out.scripts.push(node);
        else out.scripts.push(...node.getElementsByTagName("script"));
      }
      return hit;
    }

    removed(nodes, out) {
      let hit = false;
      for (let i = 0; i < nodes.length; i++) {
        const node = nodes[i];
        if (!isHit(node, this.selector)) continue;
        hit = true;
        if (node.nodeName === "SCRIPT" || node.getElementsByTagName("script").length) out.restate = true;
      }
      return hit;
    }
  }

  function isHit(node, selector) {
    return node.nodeType === Node.ELEMENT_NODE
      && (node.matches(selector) || (!!node.firstElementChild && !!node.querySelector(selector)));
  }

  function placeOf(target, anchor) {
    if (target === anchor || anchor.contains(target)) return INSIDE;
    if (target.contains(anchor)) return AROUND;
    return anchor.compareDocumentPosition(target) & PRECEDES ? BEFORE : AFTER;
  }

  /** Whether `record` can have moved `anchor`: a change inside it (it grows as one types),
   *  nodes added or removed before it, or any change in a part of the page above it. */
  function moves(record, where, anchor) {
    if (where === INSIDE || where === BEFORE) return true;
    if (where === AFTER) return false;
    if (record.type !== "childList") return true; // an ancestor restyled
    const next = record.nextSibling; // the change sits just before `next`
    return !!next && (next.contains(anchor) || !!(anchor.compareDocumentPosition(next) & PRECEDES));
  }

  PG.Relevance = Relevance;
})();
