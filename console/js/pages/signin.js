// Sign-in: an owner token (`logoscore token create`, or the daemon's client token) or the wallet
// password. The answer sets the HttpOnly session cookie and gives the CSRF token, which stays in
// this page's memory only.
import * as api from "../api.js";
import { h, fill } from "../dom.js";

export default {
  title: "Sign in",
  render(view, ctx) {
    const secret = h("input", { id: "signin-secret", name: "secret", type: "password", autocomplete: "current-password",
      required: true, spellcheck: "false" });
    const label = h("label", { for: "signin-secret" }, "Owner token");
    const kindToken = h("input", { type: "radio", name: "kind", id: "kind-token", value: "token", checked: true });
    const kindPassword = h("input", { type: "radio", name: "kind", id: "kind-password", value: "password" });
    const message = h("p", { id: "signin-error", class: "form-error", role: "alert" });
    const button = h("button", { type: "submit", id: "signin-submit" }, "Sign in");
    const relabel = () => {
      label.textContent = kindPassword.checked ? "Wallet password" : "Owner token";
    };
    kindToken.addEventListener("change", relabel);
    kindPassword.addEventListener("change", relabel);

    const form = h("form", { class: "card signin", id: "signin-form", "aria-describedby": "signin-help" },
      h("h2", {}, "Sign in"),
      ctx.notice ? h("p", { class: "notice" }, ctx.notice) : null,
      h("p", { id: "signin-help", class: "muted" },
        "The console is served by your own daemon. Sign in with an owner token or the wallet password; ",
        "an agent's token can read but never approve."),
      h("fieldset", {},
        h("legend", {}, "Sign in with"),
        h("label", { class: "inline" }, kindToken, " owner token"),
        h("label", { class: "inline" }, kindPassword, " wallet password")),
      label, secret, message, button);

    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      message.textContent = "";
      button.disabled = true;
      const body = kindPassword.checked ? { password: secret.value } : { token: secret.value.trim() };
      try {
        const session = await api.post("/api/session", body);
        secret.value = "";
        ctx.signedIn(session);
      } catch (err) {
        message.textContent = `${err.message} (${err.code})`;
        message.dataset.code = err.code;
        secret.focus();
      } finally {
        button.disabled = false;
      }
    });
    fill(view, form);
    secret.focus();
  },
};
