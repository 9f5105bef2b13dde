"""The structured editor of a draft checklist version: rows added, removed, reordered, checked
on the server with Dutch messages; the JSON editor stays as the advanced option."""

from __future__ import annotations

import re

from ksf_b.accounts.models import Role
from practicals import definition_form, versions
from practicals.models import ChecklistDefinition, DefinitionStatus, PracticalKind
from tests.ksf_b.journey.support import sign_in
from tests.practicals.test_http import token

FIELD = re.compile(r'<(?:input|textarea)[^>]*\bname="([^"]+)"[^>]*>', re.S)


def form_fields(html: str) -> dict[str, str]:
    """Read the editor's fields back from the page as a browser would submit them."""
    start = html.index('class="structure-editor"')
    html = html[start : html.index("</form>", start)]
    fields: dict[str, str] = {}
    for match in re.finditer(
        r"<input(?P<a>[^>]*)>|<textarea(?P<t>[^>]*)>(?P<body>.*?)</textarea>", html, re.S
    ):
        attrs = match.group("a") or match.group("t")
        name = re.search(r'name="([^"]+)"', attrs).group(1)
        if 'type="checkbox"' in attrs:
            continue
        if match.group("t") is not None:
            fields[name] = match.group("body").replace("&#34;", '"').replace("&amp;", "&")
        else:
            value = re.search(r'value="([^"]*)"', attrs)
            fields[name] = value.group(1) if value else ""
    return fields


def draft_page(client, make):  # type: ignore[no-untyped-def]
    sign_in(client, make.user(Role.ADMIN))
    answer = client.post(
        "/beheer/praktijk/checklists/chat/nieuw", data={"csrf_token": token(client)}
    )
    assert answer.status_code == 302
    draft = (
        make.db.session.query(ChecklistDefinition).filter_by(status=DefinitionStatus.DRAFT).one()
    )
    page = client.get(f"/beheer/praktijk/checklists/{draft.id}")
    assert page.status_code == 200
    return draft, page.get_data(as_text=True)


def save(client, draft, fields):  # type: ignore[no-untyped-def]
    return client.post(
        f"/beheer/praktijk/checklists/{draft.id}/structuur",
        data={**fields, "csrf_token": token(client)},
    )


def codes_of(draft) -> list[str]:  # type: ignore[no-untyped-def]
    return list(draft.checklist().codes)


def test_the_editor_shows_every_row_points_and_the_critical_setting(client, make) -> None:
    draft, html = draft_page(client, make)
    assert "Eindterm 2 (17 punten)" in html
    assert "Eindterm 1 (2 punten, kritiek volgens de instellingen)" in html
    fields = form_fields(html)
    assert fields["i-0-0-0-code"] == "1.1a" and fields["e-1-code"] == "2"
    assert "Geavanceerd: de checklist als JSON bewerken" in html
    # submitting the page unchanged keeps the definition exactly
    before = draft.content
    assert save(client, draft, fields).status_code == 302
    make.db.session.refresh(draft)
    assert draft.content == before


def test_add_remove_and_reorder_rows(client, make) -> None:
    draft, html = draft_page(client, make)
    fields = form_fields(html)
    # add: the blank row under toetsterm 2.1 (eindterm 2 is e-1, section 2.1 is s-1-0)
    blank = next(
        k[:-5]
        for k, v in fields.items()
        if k.startswith("i-1-0-") and k.endswith("-code") and not v
    )
    fields.update(
        {
            f"{blank}-code": "2.1d",
            f"{blank}-text": "Gebruikt geen afkortingen.",
            f"{blank}-order": "5",
        }
    )
    # remove 1.1b, reorder 3.1 before everything by its eindterm order
    fields["i-0-0-1-delete"] = "y"
    fields["e-2-order"] = "1"
    answer = save(client, draft, fields)
    assert answer.status_code == 302, answer.get_data(as_text=True)[:3000]
    make.db.session.refresh(draft)
    codes = codes_of(draft)
    assert codes[0] == "3.1a"  # eindterm 3 first now
    assert "1.1b" not in codes
    assert codes.index("2.1d") < codes.index("2.1a")  # order 5 comes before 10
    assert len(codes) == 20
    # the published version is untouched
    assert "1.1b" in versions.published(PracticalKind.CHAT).checklist().codes


def test_bad_rows_get_dutch_messages_and_nothing_is_stored(client, make) -> None:
    draft, html = draft_page(client, make)
    before = draft.content
    fields = form_fields(html)
    fields["i-0-0-1-code"] = fields["i-0-0-0-code"]  # a double code
    fields["i-1-0-0-text"] = ""  # an item without text
    fields["e-0-order"] = "eerst"
    answer = save(client, draft, fields)
    assert answer.status_code == 422
    text = answer.get_data(as_text=True)
    assert "Volgorde bij eindterm 1 moet een geheel getal zijn." in text
    fields["e-0-order"] = "10"
    answer = save(client, draft, fields)
    assert answer.status_code == 422
    text = answer.get_data(as_text=True)
    assert "Deze codes komen dubbel voor: 1.1a." in text
    assert "onderdeel 2.1a: tekst ontbreekt." in text
    assert 'value="1.1a"' in text  # what was typed is shown again
    make.db.session.refresh(draft)
    assert draft.content == before


def test_a_published_version_cannot_be_edited(client, make) -> None:
    sign_in(client, make.user(Role.ADMIN))
    published = versions.published(PracticalKind.PHONE)
    make.db.session.commit()
    fields = {"title": "x", "e-0-code": "1", "e-0-title": "y"}
    answer = save(client, published, fields)
    assert answer.status_code == 409


def test_content_from_form_ignores_blank_rows_and_keeps_details() -> None:
    fields = {
            "title": "T",
            "e-0-code": "1",
            "e-0-title": "E",
            "s-0-0-code": "1.1",
            "s-0-0-text": "S",
            "i-0-0-0-code": "1.1.1",
            "i-0-0-0-text": "I",
            "i-0-0-0-details": "a\n\n b \n",
            "i-0-0-1-code": "",
            "i-0-0-1-text": "",
            "i-0-0-1-details": "",
            "s-0-1-code": "",
            "s-0-1-text": "",
            "e-1-code": "",
            "e-1-title": "",
    }  # fmt: skip
    content, errors = definition_form.content_from_form(fields, "phone")
    assert errors == []
    assert content == {
        "kind": "phone",
        "title": "T",
        "eindtermen": [
            {
                "code": "1",
                "title": "E",
                "sections": [
                    {
                        "code": "1.1",
                        "text": "S",
                        "items": [{"code": "1.1.1", "text": "I", "details": ["a", "b"]}],
                    }
                ],
            }
        ],
    }
