def test_login_page_is_dutch(client):
    response = client.get("/accounts/login")
    assert response.status_code == 200
    assert "Inloggen" in response.get_data(as_text=True)
    assert 'lang="nl"' in response.get_data(as_text=True)


def test_login_and_home_redirect(make, login_as):
    admin = make.user(role=__import__("ksf_b.accounts.models", fromlist=["Role"]).Role.ADMIN)
    client = login_as(admin)
    response = client.get("/")
    assert response.status_code == 302
    assert "/admin" in response.headers["Location"]
