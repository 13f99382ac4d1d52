"""The first `hello` is answered before pydantic loads (quick_hello.is_plain_hello): it must
never accept a hello the Hello model would refuse, and the mode module must agree with
the profile format on the weekdays it no longer imports."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from native_host.decision import mode
from native_host.host.messages import Hello
from native_host.host.quick_hello import is_plain_hello
from native_host.profiles import format as profiles

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=8)
fields = st.sampled_from(["v", "type", "id", "extension_version", "browser", "policy",
                          "extra"])
hello_like = st.fixed_dictionaries(
    {"v": st.sampled_from([1, 2, True, 1.0, "1"]),
     "type": st.sampled_from(["hello", "check", "Hello"]),
     "id": json_values, "extension_version": json_values, "browser": json_values},
    optional={"policy": json_values, "extra": json_values})


@given(st.one_of(hello_like, st.dictionaries(fields, json_values)))
def test_the_quick_check_accepts_only_what_the_model_accepts(data):
    if is_plain_hello(data):
        Hello.model_validate(data)  # raises if the quick path let a bad hello through


def test_the_quick_check_accepts_what_browsers_send():
    assert is_plain_hello({"v": 1, "type": "hello", "id": 1, "extension_version": "0.1.0",
                           "browser": "firefox", "policy": {"bundles": []}})
    assert is_plain_hello({"v": 1, "type": "hello", "id": "a", "extension_version": "0.1.0",
                           "browser": "chromium"})


def test_mode_days_are_the_profile_days():
    assert mode.DAYS == profiles.DAYS
