"""The same mailbox as an mbox export and on a real IMAP server (dovecot over TLS), and what can go wrong."""

from __future__ import annotations

from pathlib import Path

import pytest
from inbox_scenario import IMAP_PASSWORD, IMAP_USER

from kiosk.errors import BadInput, KioskError
from kiosk.inbox import InboxFolder, Limits, collect, county_table
from kiosk.inbox.sources import IMAP_SERVICE, FolderSource, MboxSource, open_source, parse_imap_url
from kiosk.outbox.credentials import PasswordStore


def _states(target: Path) -> dict[str, tuple[str, str | None]]:
    return {row.county: (row.state.value, row.package) for row in county_table(InboxFolder.open(target))}


def test_an_mbox_export_gives_the_same_table_as_the_folder(kiosk_mails, collected, write_mbox, tmp_path) -> None:
    target = tmp_path / "從 mbox"
    report = collect(MboxSource(write_mbox(kiosk_mails.all)), target)
    assert report.new == len(kiosk_mails.all)
    assert _states(target) == _states(collected)


def test_an_imap_mailbox_gives_the_same_table_and_stays_unread(kiosk_mails, collected, imap_server, tmp_path,
                                                              monkeypatch) -> None:
    url = imap_server.fill(kiosk_mails.all)
    variable = "IVY_TEST_IMAP_PASSWORD"
    monkeypatch.setenv(variable, IMAP_PASSWORD)
    target = tmp_path / "從 IMAP"

    report = collect(open_source(url, password_env=variable, ca_file=imap_server.ca_file), target)

    assert report.new == len(kiosk_mails.all)
    assert _states(target) == _states(collected)
    client = imap_server.client()
    try:
        client.select(url.rsplit("/", 1)[1], readonly=True)
        status, flags = client.fetch("1:*", "(FLAGS)")
        assert status == "OK" and all(b"\\Seen" not in line for line in flags)  # read with BODY.PEEK
    finally:
        client.logout()
    again = collect(open_source(url, password_env=variable, ca_file=imap_server.ca_file), target)
    assert (again.new, again.already) == (0, len(kiosk_mails.all))


def test_the_imap_password_may_come_from_the_keyring(kiosk_mails, imap_server, memory_keyring, tmp_path) -> None:
    url = imap_server.fill(kiosk_mails.mails[:1])
    address = parse_imap_url(url)
    assert address.user == IMAP_USER
    memory_keyring.set_password(IMAP_SERVICE, address.account_key, IMAP_PASSWORD)

    source = open_source(url, password_env="IVY_TEST_UNSET_VARIABLE", ca_file=imap_server.ca_file,
                         passwords=PasswordStore(backend=memory_keyring))
    assert collect(source, tmp_path / "DIR").new == 1


def test_without_a_password_it_says_where_to_put_one(imap_server, memory_keyring) -> None:
    with pytest.raises(BadInput) as caught:
        open_source(imap_server.url("INBOX"), password_env="IVY_TEST_UNSET_VARIABLE",
                    passwords=PasswordStore(backend=memory_keyring))
    assert "IVY_TEST_UNSET_VARIABLE" in caught.value.en and IMAP_SERVICE in caught.value.en


def test_a_server_whose_certificate_cannot_be_verified_is_refused(imap_server, monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("IVY_TEST_IMAP_PASSWORD", IMAP_PASSWORD)
    source = open_source(imap_server.url("INBOX"), password_env="IVY_TEST_IMAP_PASSWORD")  # no test CA
    with pytest.raises(KioskError) as caught:
        collect(source, tmp_path / "DIR")
    assert "certificate" in caught.value.en and "--ca-file" in caught.value.en


def test_a_wrong_password_is_refused_with_the_reason(imap_server, monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("IVY_TEST_IMAP_PASSWORD", "not the password")
    source = open_source(imap_server.url("INBOX"), password_env="IVY_TEST_IMAP_PASSWORD", ca_file=imap_server.ca_file)
    with pytest.raises(KioskError) as caught:
        collect(source, tmp_path / "DIR")
    assert "refused the login" in caught.value.en and "拒絕登入" in caught.value.zh


def test_plain_imap_is_never_used() -> None:
    with pytest.raises(BadInput) as caught:
        open_source("imap://someone@mail.example.org/INBOX")
    assert "imaps://" in caught.value.en


def test_a_source_that_does_not_exist_is_bad_input(tmp_path) -> None:
    with pytest.raises(BadInput):
        open_source(str(tmp_path / "沒有這個"))


@pytest.mark.parametrize("kind", ["folder", "mbox", "imap"])
def test_a_mail_over_the_size_cap_is_refused_without_being_read(kind, kiosk_mails, write_folder, write_mbox,
                                                               imap_server, monkeypatch, tmp_path) -> None:
    big = max(kiosk_mails.mails, key=len)
    limits = Limits(max_mail_bytes=len(big) - 1)
    if kind == "folder":
        source = FolderSource(write_folder([big]), limits)
    elif kind == "mbox":
        source = MboxSource(write_mbox([big]), limits)
    else:
        monkeypatch.setenv("IVY_TEST_IMAP_PASSWORD", IMAP_PASSWORD)
        source = open_source(imap_server.fill([big]), password_env="IVY_TEST_IMAP_PASSWORD",
                             ca_file=imap_server.ca_file, limits=limits)
    target = tmp_path / "DIR"
    report = collect(source, target)
    assert report.outcomes["refused"] == 1
    [record] = InboxFolder.open(target).index.mails.values()
    assert [p.code for p in record.problems] == ["mail_too_large"]
    assert not [p for p in target.iterdir() if p.name != ".inbox"]
