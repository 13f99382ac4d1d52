"""The decision: a check request, the merged profiles, the mode and the time in; a verdict
out. Pure: no file, clock, socket or logger here.

Evidence is kept as plain tuples (`reasons.Clue`) while deciding. `verdict_json` builds the
verdict as the plain JSON the host sends, with no model at all: the rules' own output needs no
validating on the hot path. The verdict is a function of the evidence gathered (and of the
action, the account and what the mode expects): `decided` remembers it by those, per set of
profiles, so the text is read at every check but the verdict is written once. `decide` is
the same verdict as a validated `Verdict` model, for the CLI and the tests (which so check,
on every call, that the plain one keeps the model's shape).
Which evidence makes each reason fire, and its sentence, live in the reason table."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any, TypeAlias
from urllib.parse import urlsplit

from native_host.decision.mode import Expectation, Mode, expected_by_mode
from native_host.decision.request import PlainCheck
from native_host.profiles.matcher import Hit
from native_host.profiles.view import MergedProfiles
from native_host.reasons import BLOCK_HINTS, GATHERED, REASON_BY_CODE, SEVERITY_RANK, Clue, sentence
from native_host.sites import ACTIONS, SITES

if TYPE_CHECKING:  # the models load only when `decide` is called: not on the host's path
    from native_host.decision.verdict import CheckRequest, Verdict

Request: TypeAlias = "CheckRequest | PlainCheck"


_REASON_ORDER = {code: index for index, code in enumerate(REASON_BY_CODE)}


@dataclass
class _Finding:
    """Evidence gathered for one check, before deciding whether it fires."""

    code: str
    by_persona: dict[str, list[Clue]]


def decide(request: Request, merged: MergedProfiles, mode: Mode, now: datetime) -> Verdict:
    from native_host.decision.verdict import Verdict

    return Verdict.model_validate(verdict_json(request, merged, mode, now))


def verdict_json(request: Request, merged: MergedProfiles, mode: Mode,
                 now: datetime) -> dict[str, Any]:
    """The verdict as `Verdict.model_dump(mode="json")` would write it, keys in its order.
    The same dict may be given for another check with the same evidence: read it only."""
    return decided(request, merged, mode, now).verdict


VERDICT_MEMO = 256  # verdicts a set of profiles remembers, by their evidence


class Decided:
    """A verdict and, once the host has written them, its JSON (`fields_json`, the object's
    bytes) and what an audit record keeps of it: all serve every check with the same
    evidence."""

    __slots__ = ("audited", "fields_json", "verdict")

    def __init__(self, verdict: dict[str, Any]) -> None:
        self.verdict = verdict
        self.fields_json: bytes | None = None
        self.audited: Any = None  # what the host's audit records keep of it, once made


def decided(request: Request, merged: MergedProfiles, mode: Mode, now: datetime) -> Decided:
    """The verdict on `request`: its texts read now, the verdict written once per distinct
    evidence (the draft changes at every check while the reasons rarely do)."""
    site, matcher, context, identity = request.site, merged.matcher, request.context, \
        request.identity
    expectation = expected_by_mode(mode, merged.schedule, now)
    if expectation and expectation.persona not in merged.personas:
        expectation = None  # a mode naming a persona no profile defines any more
    host = _hostname(context.url) if context.url else None
    reply, target = context.reply_to, context.target
    reply_hits = matcher.scan(reply.text, site, host) if reply is not None else ()
    draft_hits = matcher.scan(request.draft.text, site, host)
    # Everything the verdict is written from: the site and action, the account as the page
    # named it, what the mode expects (the window is one of these profiles', kept as long
    # as they are), the handles acted on and mentioned (read with these profiles, and the
    # page's address for mentions) and what was found in the texts.
    key = (site, request.action,
           None if identity is None else (identity.handle, identity.display_name),
           None if expectation is None else (expectation.persona, id(expectation.window),
                                             expectation.until),
           host, None if reply is None else reply.handle,
           None if target is None else target.handle, tuple(context.mentions),
           reply_hits, draft_hits)
    memo = merged.verdicts
    found = memo.get(key)
    if found is None:
        findings = _gather(request, merged, expectation, host, reply_hits, draft_hits)
        found = Decided(_verdict(request, merged, expectation, findings))
        if len(memo) >= VERDICT_MEMO:
            del memo[next(iter(memo))]  # the oldest: one at a time, never a pause to clear all
        memo[key] = found
    return found


def _verdict(request: Request, merged: MergedProfiles, expectation: Expectation | None,
             findings: list[_Finding]) -> dict[str, Any]:
    site, matcher = request.site, merged.matcher
    identity = request.identity
    detected = identity is not None and bool(identity.handle or identity.display_name)
    active = (matcher.account(site, identity.handle, identity.display_name)
              if identity is not None and detected else None)
    active_persona = active[0] if active else None

    fired: list[tuple[str, str | None, list[Clue]]] = []
    if identity is None or not detected:
        fired.append(("IDENTITY_UNDETECTED", None, []))
    else:
        if active_persona is None:
            handle = identity.handle or identity.display_name or ""
            fired.append(("UNKNOWN_ACCOUNT", None, [Clue("identity", handle, "identity")]))
        for finding in findings:
            if finding.by_persona and active_persona not in finding.by_persona:
                strongest = _strongest(finding.by_persona, expectation, merged)
                fired.append((finding.code, strongest, finding.by_persona[strongest]))
        fired.extend(_site_policy(request, merged, active_persona))

    reasons: list[dict[str, Any]] = []
    pool: dict[str, list[Clue]] = {}  # evidence per persona, for the expected persona
    who = _who(request, merged, active_persona)
    for code, persona, evidence in sorted(fired, key=lambda f: _REASON_ORDER[f[0]]):
        severity = merged.severities[REASON_BY_CODE[code].check]
        if severity == "off":
            continue
        reasons.append({
            "code": code, "persona": persona,
            "evidence": [{"kind": e.kind, "value": e.value, "where": e.where} for e in evidence],
            "message": _sentence(code, request, merged, who, persona, evidence, expectation),
            "severity": severity,
        })
        if persona:
            pool.setdefault(persona, []).extend(evidence)

    expected = None
    if reasons:
        if not detected:  # nothing fired but the undetected identity: use all evidence
            pool = {}
            for finding in findings:
                for persona, items in finding.by_persona.items():
                    pool.setdefault(persona, []).extend(items)
        expected = _strongest(pool, expectation, merged) if pool else None

    decision = "allow"
    if reasons:
        decision = max((r["severity"] for r in reasons), key=SEVERITY_RANK.__getitem__)
    return {
        "decision": decision,
        "active_persona": active_persona,
        "expected_persona": expected,
        "reasons": reasons,
        "suggestion": _suggest(merged, expected, site),
        "block_hint": _block_hint(reasons, merged) if decision == "block" else None,
    }


def _gather(request: Request, merged: MergedProfiles, expectation: Expectation | None,
            host: str | None, reply_hits: tuple[Hit, ...],
            draft_hits: tuple[Hit, ...]) -> list[_Finding]:
    """The evidence of each gathered reason; the texts' hits are read already (`decided`)."""
    site, matcher, context = request.site, merged.matcher, request.context
    mode: dict[str, list[Clue]] = {}
    if expectation:
        mode[expectation.persona] = [Clue("mode", expectation.persona, "mode")]

    ctx: dict[str, list[Clue]] = {}
    audience: dict[str, list[Clue]] = {}
    acted_on = []
    if context.reply_to and context.reply_to.handle:
        acted_on.append(("reply_to.handle", context.reply_to.handle))
    if context.target:
        acted_on.append(("target.handle", context.target.handle))
    for where, handle in acted_on:
        owner = matcher.account(site, handle)
        if owner:  # an action on one of P's own accounts is context for P
            _add(ctx, owner[0], Clue("handle", "@" + owner[1], where))
        for persona, written in matcher.audience_of(site, handle).items():
            _add(audience, persona, Clue("audience", "@" + written, where))
    _add_hits(ctx, reply_hits, "reply_to.text")
    _add_hits(ctx, matcher.mentioned(context.mentions, site, host), "mentions")

    content: dict[str, list[Clue]] = {}
    _add_hits(content, draft_hits, "draft.text")
    gathered = {"mode": mode, "context": ctx, "audience": audience, "content": content}
    return [_Finding(reason.code, gathered[reason.gathers]) for reason in GATHERED]


@lru_cache(maxsize=64)  # a page's checks share its address
def _hostname(url: str) -> str | None:
    return urlsplit(url).hostname


def _add(table: dict[str, list[Clue]], persona: str, evidence: Clue) -> None:
    items = table.setdefault(persona, [])
    if evidence not in items:
        items.append(evidence)


def _add_hits(table: dict[str, list[Clue]], hits: tuple[Hit, ...], where: str) -> None:
    for hit in hits:
        _add(table, hit.persona, Clue(hit.kind, hit.value, where))


def _site_policy(request: Request, merged: MergedProfiles,
                 active_persona: str | None) -> list[tuple[str, str | None, list[Clue]]]:
    allowed = merged.site_allow.get(request.site)
    if allowed is None or active_persona is None or active_persona in allowed:
        return []
    with_account = [p for p in allowed if merged.personas[p].account_on(request.site)]
    persona = next(iter(with_account or list(allowed)), None)
    rule = f"sites.{request.site}.allow = [{', '.join(allowed)}]"
    return [("SITE_POLICY", persona, [Clue("rule", rule, "sites")])]


def _strongest(by_persona: dict[str, list[Clue]], expectation: Expectation | None,
               merged: MergedProfiles) -> str:
    if len(by_persona) == 1:  # the usual case: one persona's evidence
        for persona in by_persona:
            return persona
    best, tied = 0, []
    for persona, items in by_persona.items():
        count = len(items)
        if count > best:
            best, tied = count, [persona]
        elif count == best:
            tied.append(persona)
    if len(tied) == 1:
        return tied[0]
    if expectation and expectation.persona in tied:
        return expectation.persona
    # the first in profile order (a persona no profile defines: the first tied)
    rank = merged.persona_rank
    return min(tied, key=lambda persona: rank.get(persona, len(rank)))


def _suggest(merged: MergedProfiles, persona: str | None, site: str) -> dict[str, str] | None:
    if persona is None or persona not in merged.personas:
        return None
    account = merged.personas[persona].account_on(site)
    if account is None:
        return None
    return {"persona": persona, "site": site, "handle": account.handle, "kind": account.kind}


# --- sentences -------------------------------------------------------------------------


def _block_hint(reasons: list[dict[str, Any]], merged: MergedProfiles) -> str:
    """Names the profile that set the first blocking check: the person's own, or which."""
    check = next(REASON_BY_CODE[r["code"]].check for r in reasons if r["severity"] == "block")
    setter = merged.severity_set_by.get(check) or merged.sources[-1]  # a block is always set
    kind = setter.origin or ("org" if setter.locked else "profile")
    title = f"“{setter.title or setter.profile_id}”"
    return BLOCK_HINTS[kind].format(title=title)


def _who(request: Request, merged: MergedProfiles, active_persona: str | None) -> str:
    """The active account as the sentences name it: "@davidleeking (Personal)"."""
    identity = request.identity
    if not (identity and (identity.handle or identity.display_name)):
        return "an account Persona Guard could not see"
    who = "@" + identity.handle.lstrip("@") if identity.handle else f"“{identity.display_name}”"
    return f"{who} ({merged.label(active_persona)})" if active_persona else who


SENTENCE_MEMO = 512  # sentences a set of profiles remembers


def _sentence(code: str, request: Request, merged: MergedProfiles, active: str,
              persona: str | None, evidence: list[Clue],
              expectation: Expectation | None) -> str:
    # While a person types, the same reasons fire on the same evidence check after check:
    # each sentence is written once (per set of profiles, which the labels come from).
    mode_source = expectation.source if expectation and code == "MODE_MISMATCH" else ""
    key = (code, tuple(evidence), active, persona, request.action, request.site, mode_source)
    written = merged.sentences.get(key)
    if written is None:
        written = sentence(
            code, evidence, active=active, doing=ACTIONS[request.action].doing,
            expected=merged.label(persona) if persona is not None else None,
            site=SITES[request.site].name, mode_source=mode_source)
        if len(merged.sentences) >= SENTENCE_MEMO:
            del merged.sentences[next(iter(merged.sentences))]  # the oldest
        merged.sentences[key] = written
    return written
