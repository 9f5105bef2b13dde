"""Where a candidate starts and which menu they see: the B pages only with a B case."""

from __future__ import annotations

from ksf_b.accounts.models import Role

B_LINKS = ("Mijn dossier", "Online assessment", "Mijn uitslag")


def _menu(html: str) -> str:
    return html.split('id="site-nav"', 1)[1].split("</nav>", 1)[0]


def test_a_candidate_with_a_b_case_starts_on_the_dashboard_and_sees_every_b_page(
    client, make, login_as
) -> None:
    login_as(make.candidate().user)
    response = client.get("/")
    assert response.status_code == 302 and response.headers["Location"].endswith("/kandidaat/")
    menu = _menu(client.get("/kandidaat/").get_data(as_text=True))
    assert all(link in menu for link in B_LINKS)


def test_a_candidate_without_a_b_case_is_not_shown_b_pages_that_would_404(
    client, make, login_as
) -> None:
    login_as(make.user(Role.CANDIDATE))
    response = client.get("/")
    assert response.status_code == 302 and response.headers["Location"].endswith("/toets-a/")
    menu = _menu(client.get("/toets-a/").get_data(as_text=True))
    assert not any(link in menu for link in B_LINKS)
    assert "Online toets A" in menu and "Praktijktoets" in menu and "Mijn certificaten" in menu
    assert client.get("/kandidaat/dossier").status_code == 404  # why the menu leaves it out
