/**
 * POST JSON to the app the way every page script does: same-origin cookies, the page's CSRF
 * token, and the server's Dutch `error` as the thrown message (`fallback` when there is none).
 */
export function csrfToken() {
  return document.querySelector('meta[name="csrf-token"]')?.content || "";
}

export async function postJson(url, payload, fallback) {
  const response = await fetch(url, {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": csrfToken() },
    body: JSON.stringify(payload || {}),
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.error || fallback);
  return body;
}
