"""The site and action ids the models accept are exactly the rows of the tables that
describe them: a site added to SITES but not to SiteId would be refused in every profile
and request, and one added to SiteId alone would have no name to show."""

from __future__ import annotations

import typing

from native_host.sites import ACTIONS, SITES, ActionId, SiteId


def test_site_ids_are_the_sites_table():
    assert typing.get_args(SiteId) == tuple(SITES)


def test_action_ids_are_the_actions_table():
    assert typing.get_args(ActionId) == tuple(ACTIONS)
